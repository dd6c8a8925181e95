#pragma once
// Fuzz harness bodies, shared by the libFuzzer targets (tests/fuzz/fuzz_main.cpp, clang) and the
// tst_fuzz_regressions CTest (g++), so every crash input found by fuzzing is replayed by the
// ordinary test suite through exactly the same code.
//
// Each entry feeds `size` bytes to one reader. It returns true when the input was accepted and
// false when the reader rejected it with stepmotion::Error (the expected outcome for bad input).
// Anything else is a finding: a crash or sanitizer report, another exception escaping the
// reader, or an accepted result that breaks the reader's own contract, which the entry reports
// by throwing std::logic_error.

#include <cstddef>
#include <cstdint>

namespace stepmotion::fuzz {

/// parseNpy on the bytes; accepted arrays must hold product(shape) values and round-trip
/// through serializeNpy.
bool fuzzNpy(const uint8_t* data, std::size_t size);

/// parseBvh on the bytes as text; accepted clips must be self-consistent (channel indices,
/// parents before children, frames * channelCount values) and survive formatBvh + parseBvh.
bool fuzzBvh(const uint8_t* data, std::size_t size);

/// parseAsfAmc on the bytes split at the first NUL (.asf text before, .amc text after); accepted
/// clips must pass fuzzBvh's checks (they are BvhClips, exported like any BVH).
bool fuzzAsfAmc(const uint8_t* data, std::size_t size);

/// parseStepList on the bytes; accepted lists must serialise and parse back equal.
bool fuzzStepsJson(const uint8_t* data, std::size_t size);

/// stepsFromText (`stepmotion generate --text`) on the bytes, with the clip length taken from
/// the text and with `--seconds 6`; accepted lists must pass the step-list file reader unchanged.
bool fuzzStepText(const uint8_t* data, std::size_t size);

/// parseStudyDesign on the bytes; accepted designs must round-trip through studyDesignToJson,
/// and (when prompts x systems x seeds <= 2000) planTrials must give unique, ordered trials.
bool fuzzStudyDesign(const uint8_t* data, std::size_t size);

/// The model's config.json reader (model::configFromJson); accepted configs must round-trip
/// through configToJson.
bool fuzzModelConfig(const uint8_t* data, std::size_t size);

/// importWithAssimp on the bytes as a .fbx file; an imported clip must have frames, positions
/// for every joint and frame, and a positive frame rate.
bool fuzzFbx(const uint8_t* data, std::size_t size);

/// As fuzzFbx, as a .glb file when the bytes start with "glTF", else as a .gltf file.
bool fuzzGltf(const uint8_t* data, std::size_t size);

/// Studio's parseProject (Qt JSON) on the bytes; accepted projects must round-trip through
/// projectToJson. Defined in fuzz_project_entry.cpp (needs Qt6::Core).
bool fuzzProject(const uint8_t* data, std::size_t size);

/// loadResponses on the bytes written to a temporary file (/dev/shm, else $TMPDIR): the loader
/// works on files only, and its torn-last-line tolerance is part of what is tested. Every
/// accepted response must serialise with trialResponseToJson and parse back.
bool fuzzStudyResponses(const uint8_t* data, std::size_t size);

} // namespace stepmotion::fuzz
