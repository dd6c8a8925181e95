#include "cli_args.h"

#include "stepmotion/core/error.h"

namespace stepmotion::cli {

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
        } else if (flags.count(name)) {
            m_flags.insert(name);
        } else {
            if (i + 1 >= argc)
                throw Error("option --" + name + " needs a value");
            m_options[name] = argv[++i];
        }
    }
}

std::string Args::value(const std::string& name, const std::string& fallback) const
{
    const auto it = m_options.find(name);
    return it == m_options.end() ? fallback : it->second;
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
