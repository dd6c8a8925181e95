#include "text/spm_loader.h"

#include "stepmotion/core/runtime/error.h"

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <system_error>
#include <vector>

#if defined(__SANITIZE_ADDRESS__)
#define STEPMOTION_ASAN_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define STEPMOTION_ASAN_BUILD 1
#endif
#endif

namespace stepmotion::detail {
namespace {

#ifndef STEPMOTION_ASAN_BUILD
namespace fs = std::filesystem;

const char* const kModuleFile = "stepmotion_spm.so";

fs::path executableDirectory()
{
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path() : self.parent_path();
}

std::vector<std::string> candidatePaths()
{
    if (const char* env = std::getenv("STEPMOTION_SPM_MODULE"); env && *env)
        return {env}; // an explicit choice is not second-guessed
    std::vector<std::string> out;
    const fs::path exeDir = executableDirectory();
    if (!exeDir.empty()) {
        out.push_back((exeDir.parent_path() / "lib" / "stepmotion" / kModuleFile).string());
        const fs::path libdir = exeDir.parent_path() / STEPMOTION_INSTALL_LIBDIR / "stepmotion" / kModuleFile;
        if (libdir.string() != out.back())
            out.push_back(libdir.string());
    }
    out.emplace_back(STEPMOTION_SPM_BUILD_PATH);
    return out;
}

template <typename Fn>
void bind(void* library, const std::string& path, const char* name, Fn& out)
{
    out = reinterpret_cast<Fn>(dlsym(library, name));
    if (!out)
        throw fileError(path, std::string("the tokenizer module lacks the symbol ") + name);
}

SpmApi bindModule(void* library, const std::string& path)
{
    StepmotionSpmAbiVersionFn version = nullptr;
    bind(library, path, "stepmotion_spm_abi_version", version);
    if (version() != STEPMOTION_SPM_ABI_VERSION)
        throw fileError(path, "the tokenizer module has interface version " + std::to_string(version()) +
                                  ", this program needs " + std::to_string(STEPMOTION_SPM_ABI_VERSION) +
                                  " (rebuild or reinstall StepMotion)");
    SpmApi api;
    api.path = path;
    bind(library, path, "stepmotion_spm_train", api.train);
    bind(library, path, "stepmotion_spm_load", api.load);
    bind(library, path, "stepmotion_spm_encode", api.encode);
    bind(library, path, "stepmotion_spm_decode", api.decode);
    bind(library, path, "stepmotion_spm_piece_count", api.pieceCount);
    bind(library, path, "stepmotion_spm_special_id", api.specialId);
    bind(library, path, "stepmotion_spm_close", api.close);
    bind(library, path, "stepmotion_spm_free", api.free);
    return api;
}
#endif

SpmApi openModule()
{
#ifdef STEPMOTION_ASAN_BUILD
    throw Error("the tokenizer is unavailable in AddressSanitizer builds: the sanitizer runtime refuses "
                "RTLD_DEEPBIND, which the sentencepiece module needs to keep its protobuf apart from "
                "libtorch's; use a regular build");
#else
    std::string tried;
    for (const std::string& path : candidatePaths()) {
        std::error_code ec;
        if (!fs::is_regular_file(path, ec)) {
            tried += "\n  " + path + " (absent)";
            continue;
        }
        // RTLD_DEEPBIND: the module and its libsentencepiece resolve their own (protobuf 3.14)
        // symbols first, instead of libtorch's already-loaded libprotobuf. RTLD_LOCAL keeps
        // them out of everyone else's lookups.
        void* library = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
        if (!library) {
            const char* why = dlerror();
            tried += "\n  " + path + " (" + (why ? why : "dlopen failed") + ")";
            continue;
        }
        return bindModule(library, path);
    }
    throw Error("cannot load the tokenizer module " + std::string(kModuleFile) + "; tried:" + tried +
                "\nset STEPMOTION_SPM_MODULE to its path");
#endif
}

} // namespace

const SpmApi& spmApi()
{
    // A throwing initialiser leaves the static uninitialised, so the next call retries.
    static const SpmApi api = openModule();
    return api;
}

std::string takeSpmString(const SpmApi& api, char* text)
{
    if (!text)
        return {};
    std::string out(text);
    api.free(text);
    return out;
}

} // namespace stepmotion::detail
