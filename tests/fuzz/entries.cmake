# The harness bodies (fuzz_entries.h), shared by the libFuzzer targets (tests/fuzz/CMakeLists.txt)
# and the tst_fuzz_regressions CTest (tests/core/CMakeLists.txt), so both always hold the same set.
set(STEPMOTION_FUZZ_DIR ${CMAKE_CURRENT_LIST_DIR})
# Entries that need core only.
set(STEPMOTION_FUZZ_CORE_ENTRIES
  ${STEPMOTION_FUZZ_DIR}/fuzz_entries.cpp
  ${STEPMOTION_FUZZ_DIR}/fuzz_temp_file.cpp
  ${STEPMOTION_FUZZ_DIR}/fuzz_text_entries.cpp
  ${STEPMOTION_FUZZ_DIR}/fuzz_scene_entries.cpp)
# Studio's project loader: the harness body; the CTest replay links the loader's own target
# (stepmotion_project), the libFuzzer target compiles its source instrumented.
set(STEPMOTION_FUZZ_PROJECT_ENTRY ${STEPMOTION_FUZZ_DIR}/fuzz_project_entry.cpp)
set(STEPMOTION_FUZZ_PROJECT_SOURCES ${PROJECT_SOURCE_DIR}/ui/src/project/project_file.cpp)
