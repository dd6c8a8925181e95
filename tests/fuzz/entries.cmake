# The harness bodies (fuzz_entries.h), shared by the libFuzzer targets (tests/fuzz/CMakeLists.txt)
# and the tst_fuzz_regressions CTest (tests/core/CMakeLists.txt), so both always hold the same set.
set(STEPMOTION_FUZZ_DIR ${CMAKE_CURRENT_LIST_DIR})
# Entries that need core only.
set(STEPMOTION_FUZZ_CORE_ENTRIES
  ${STEPMOTION_FUZZ_DIR}/fuzz_entries.cpp
  ${STEPMOTION_FUZZ_DIR}/fuzz_temp_file.cpp
  ${STEPMOTION_FUZZ_DIR}/fuzz_text_entries.cpp
  ${STEPMOTION_FUZZ_DIR}/fuzz_scene_entries.cpp)
# Studio's project loader: Qt Core JSON, one source of the ui library.
set(STEPMOTION_FUZZ_PROJECT_SOURCES
  ${STEPMOTION_FUZZ_DIR}/fuzz_project_entry.cpp
  ${PROJECT_SOURCE_DIR}/ui/src/project_file.cpp)
