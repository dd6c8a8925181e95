# cmake -DBINARY_DIR=... -DSCRATCH=... -DVERSION=... -P package_deb_test.cmake
# cpack → dpkg -x → run <root>/usr/bin/stepmotion. STEPMOTION_RESOURCES is cleared so the
# program must find its data beside its install prefix (<root>/usr/share/stepmotion).

function(run_checked what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (${rc}):\n${out}\n${err}")
  endif()
  set(LAST_OUTPUT "${out}${err}" PARENT_SCOPE)
endfunction()

function(require_contains text needle what)
  string(FIND "${text}" "${needle}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${what}: expected '${needle}' in:\n${text}")
  endif()
endfunction()

file(REMOVE_RECURSE "${SCRATCH}")
file(MAKE_DIRECTORY "${SCRATCH}/deb" "${SCRATCH}/root" "${SCRATCH}/out")
unset(ENV{STEPMOTION_RESOURCES})

run_checked("cpack" cpack -G DEB --config "${BINARY_DIR}/CPackConfig.cmake" -B "${SCRATCH}/deb")
file(GLOB debs "${SCRATCH}/deb/*.deb")
list(LENGTH debs count)
if(NOT count EQUAL 1)
  message(FATAL_ERROR "expected one .deb in ${SCRATCH}/deb, found: ${debs}")
endif()
run_checked("dpkg-deb --field" dpkg-deb --field "${debs}" Package Version Depends)
require_contains("${LAST_OUTPUT}" "Version: ${VERSION}" "package fields")
require_contains("${LAST_OUTPUT}" "libtorch" "package Depends")
message(STATUS "package fields:\n${LAST_OUTPUT}")
run_checked("dpkg -x" dpkg -x "${debs}" "${SCRATCH}/root")

set(root "${SCRATCH}/root/usr")
foreach(f bin/stepmotion share/stepmotion/rigs/bandai.json share/stepmotion/examples/cmu_05_01_walk.npy
          share/stepmotion/models/default/model.pt share/stepmotion/models/default/MODEL_CARD.md)
  if(NOT EXISTS "${root}/${f}")
    message(FATAL_ERROR "the package lacks /usr/${f}")
  endif()
endforeach()

run_checked("stepmotion --version" "${root}/bin/stepmotion" --version)
require_contains("${LAST_OUTPUT}" "stepmotion ${VERSION}" "--version")
require_contains("${LAST_OUTPUT}" "LibTorch" "--version")

set(example "${root}/share/stepmotion/examples/cmu_05_01_walk.npy")
run_checked("stepmotion convert" "${root}/bin/stepmotion" convert "${example}" "${SCRATCH}/out/walk.bvh" --units cm)
run_checked("stepmotion export" "${root}/bin/stepmotion" export "${example}" --format glb --out "${SCRATCH}/out/walk.glb")
# A BVH input needs the rig maps, which must come from the unpacked package.
set(bandai "${SHARED}/samples_bvh/dataset-2_walk_normal_013.bvh")
if(EXISTS "${bandai}")
  run_checked("stepmotion export bandai" "${root}/bin/stepmotion" export "${bandai}" --format fbx --units cm --out "${SCRATCH}/out/bandai.fbx")
  run_checked("stepmotion info bandai" "${root}/bin/stepmotion" info "${bandai}")
  require_contains("${LAST_OUTPUT}" "bandai" "info of a Bandai take")
else()
  message(STATUS "shared data absent: the BVH (rig map) check is skipped")
endif()
foreach(f walk.bvh walk.glb)
  if(NOT EXISTS "${SCRATCH}/out/${f}")
    message(FATAL_ERROR "the packaged CLI did not write ${f}")
  endif()
endforeach()
# The bundled model and the tokenizer module must both be found from the unpacked package.
file(WRITE "${SCRATCH}/out/steps.json" [=[{"version": 1, "coarse": "a person walks and waves", "source": "user",
 "steps": [{"start": 0.0, "end": 2.0, "body_parts": ["whole_body"], "text": "Walk forward."},
           {"start": 2.0, "end": 3.0, "body_parts": ["right_arm"], "text": "Wave your right hand."}]}]=])
run_checked("stepmotion generate" "${root}/bin/stepmotion" generate --steps "${SCRATCH}/out/steps.json"
            --seed 1 --sampling-steps 10 --out "${SCRATCH}/out/take.bvh" --threads 1)
require_contains("${LAST_OUTPUT}" "take.bvh: 60 frames (2.95 s), seed 1" "generate")
require_contains("${LAST_OUTPUT}" "share/stepmotion/models/default" "generate's model path")
run_checked("stepmotion info take" "${root}/bin/stepmotion" info "${SCRATCH}/out/take.bvh")
require_contains("${LAST_OUTPUT}" "frames:   60" "info of the generated take")
