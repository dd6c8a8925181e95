#pragma once
// The one error type that core throws at its boundaries (files, configs, user input).
// Its message is meant for a person: it names the file, the line or field, and what is wrong.

#include <stdexcept>
#include <string>

namespace stepmotion {

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

/// "FILE: what" — the format every reader uses so messages look alike.
inline Error fileError(const std::string& path, const std::string& what)
{
    return Error(path + ": " + what);
}

/// "FILE:LINE: what" for text formats.
inline Error lineError(const std::string& path, long line, const std::string& what)
{
    return Error(path + ":" + std::to_string(line) + ": " + what);
}

} // namespace stepmotion
