#pragma once
// Small helpers shared by the harness bodies (fuzz_*entries.cpp).

#include "stepmotion/core/runtime/error.h"

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace stepmotion::fuzz {

inline std::string asString(const uint8_t* data, std::size_t size)
{
    return size == 0 ? std::string() : std::string(reinterpret_cast<const char*>(data), size);
}

/// A broken contract is a finding: std::logic_error is not a rejection, so it escapes.
inline void require(bool condition, const std::string& what)
{
    if (!condition)
        throw std::logic_error("fuzz contract broken: " + what);
}

/// Runs a check on an accepted input. A stepmotion::Error here means the reader accepted
/// something its own writer or re-reader refuses: a finding, so it must not look like a
/// rejection to the caller.
template <typename Check>
void checkAccepted(const char* what, Check check)
{
    try {
        check();
    } catch (const Error& error) {
        throw std::logic_error(std::string("fuzz contract broken: ") + what + ": " + error.what());
    }
}

} // namespace stepmotion::fuzz
