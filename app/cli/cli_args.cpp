#include "cli_args.h"

#include "stepmotion/core/runtime/error.h"

#include <iostream>
#include <sstream>

namespace stepmotion::cli {

bool helpRequested(int argc, char** argv, int first)
{
    for (int i = first; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--help" || arg == "-h")
            return true;
    }
    return false;
}

int printHelp(const std::string& usage)
{
    std::cout << usage << "\n";
    return 0;
}

Args::Args(int argc, char** argv, int first, const std::set<std::string>& flags)
{
    for (int i = first; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg.rfind("--", 0) != 0 || arg == "--") {
            m_positional.push_back(arg);
            continue;
        }
        std::string name = arg.substr(2);
        const auto eq = name.find('=');
        if (eq != std::string::npos) {
            m_options[name.substr(0, eq)] = name.substr(eq + 1);
            m_given.emplace_back(name.substr(0, eq), name.substr(eq + 1));
        } else if (flags.count(name) || name == "help") {
            m_flags.insert(name);
        } else {
            if (i + 1 >= argc)
                throw Error("option --" + name + " needs a value");
            m_options[name] = argv[++i];
            m_given.emplace_back(name, m_options[name]);
        }
    }
}

std::string Args::value(const std::string& name, const std::string& fallback) const
{
    const auto it = m_options.find(name);
    return it == m_options.end() ? fallback : it->second;
}

std::vector<std::string> Args::values(const std::string& name) const
{
    std::vector<std::string> out;
    for (const auto& [given, value] : m_given)
        if (given == name)
            out.push_back(value);
    return out;
}

int Args::intValue(const std::string& name, int fallback, int lo, int hi) const
{
    if (!has(name))
        return fallback;
    const std::string text = value(name);
    try {
        std::size_t used = 0;
        const long long n = std::stoll(text, &used);
        if (used == text.size() && n >= lo && n <= hi)
            return static_cast<int>(n);
    } catch (const std::exception&) {
    }
    throw Error("--" + name + " must be an integer from " + std::to_string(lo) + " to " + std::to_string(hi)
                + " (got '" + text + "')");
}

double Args::doubleValue(const std::string& name, double fallback, double lo, double hi) const
{
    if (!has(name))
        return fallback;
    const std::string text = value(name);
    try {
        std::size_t used = 0;
        const double x = std::stod(text, &used);
        if (used == text.size() && x >= lo && x <= hi)
            return x;
    } catch (const std::exception&) {
    }
    std::ostringstream range;
    range << lo << " to " << hi;
    throw Error("--" + name + " must be a number from " + range.str() + " (got '" + text + "')");
}

void Args::requireKnown(const std::set<std::string>& known) const
{
    for (const auto& [name, value] : m_options) {
        if (!known.count(name))
            throw Error("unknown option --" + name);
    }
    for (const auto& name : m_flags) {
        if (!known.count(name))
            throw Error("unknown option --" + name);
    }
}

} // namespace stepmotion::cli
