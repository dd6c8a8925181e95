#pragma once
// A small argument list for the CLI's subcommands: positional arguments plus --name value
// options and --flags, with errors that say which option is wrong.

#include <map>
#include <set>
#include <string>
#include <vector>

namespace stepmotion::cli {

/// True when argv[first..argc) holds --help or -h: `stepmotion SUBCOMMAND --help`. Checked
/// first, before any argument is validated, so help never fails on the other arguments.
bool helpRequested(int argc, char** argv, int first);

/// Prints `usage` and a newline on stdout and returns 0, the exit code of a help request.
int printHelp(const std::string& usage);

class Args {
public:
    /// Parses argv[first..argc). `flags` take no value; every other --option takes one.
    /// --help is always a flag (see helpRequested).
    Args(int argc, char** argv, int first, const std::set<std::string>& flags);

    const std::vector<std::string>& positional() const { return m_positional; }
    bool flag(const std::string& name) const { return m_flags.count(name) > 0; }
    bool has(const std::string& name) const { return m_options.count(name) > 0; }
    std::string value(const std::string& name, const std::string& fallback = {}) const;
    /// Every value given for a repeatable --name, in command-line order (value() keeps the last).
    std::vector<std::string> values(const std::string& name) const;
    /// The integer value of --name in [lo, hi], or `fallback` when absent. Throws
    /// stepmotion::Error("--name must be an integer from lo to hi (got '...')") otherwise.
    int intValue(const std::string& name, int fallback, int lo, int hi) const;
    /// The same for a real number in [lo, hi].
    double doubleValue(const std::string& name, double fallback, double lo, double hi) const;
    /// Throws stepmotion::Error when an option outside `known` was given.
    void requireKnown(const std::set<std::string>& known) const;

private:
    std::vector<std::string> m_positional;
    std::map<std::string, std::string> m_options;
    std::vector<std::pair<std::string, std::string>> m_given; // every --name value, in order
    std::set<std::string> m_flags;
};

} // namespace stepmotion::cli
