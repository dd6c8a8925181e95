// One libFuzzer target per reader: STEPMOTION_FUZZ_ENTRY names the fuzz_entries.h function.
#include "fuzz_entries.h"

#ifndef STEPMOTION_FUZZ_ENTRY
#error "define STEPMOTION_FUZZ_ENTRY to one of the functions of fuzz_entries.h"
#endif

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    // Rejections (stepmotion::Error) are caught inside; any other exception escapes and
    // libFuzzer reports it as a crash, which is what we want.
    stepmotion::fuzz::STEPMOTION_FUZZ_ENTRY(data, size);
    return 0;
}
