#include "fbx_gltf/fbx_check.h"

#include "fbx_gltf/fbx_repair.h"
#include "stepmotion/core/formats/atomic_file.h"
#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/formats/file_paths.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <vector>

namespace stepmotion::fbx_check {
namespace {

/// Line number (from 1) of byte `at`, for messages.
std::size_t lineOf(const std::string& text, std::size_t at)
{
    std::size_t line = 1;
    for (std::size_t i = 0; i < at && i < text.size(); ++i)
        line += text[i] == '\n';
    return line;
}

/// Values in an ASCII array body ("a: 1,2,3" up to its closing brace): comma-separated items.
std::size_t countValues(const std::string& text, std::size_t from, std::size_t to)
{
    const std::size_t a = text.find("a:", from);
    if (a == std::string::npos || a >= to)
        return 0;
    std::size_t count = 0;
    bool inItem = false;
    for (std::size_t i = a + 2; i < to; ++i) {
        const char c = text[i];
        if (c == ',') {
            inItem = false;
        } else if (!std::isspace(static_cast<unsigned char>(c)) && !inItem) {
            inItem = true;
            ++count;
        }
    }
    return count;
}

void checkAscii(const std::string& text, const std::string& path)
{
    int depth = 0;
    bool sawObjects = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == ';') { // a comment runs to the end of its line
            const std::size_t eol = text.find('\n', i);
            i = eol == std::string::npos ? text.size() : eol;
        } else if (c == '"') {
            const std::size_t close = text.find('"', i + 1);
            if (close == std::string::npos)
                throw fileError(path, "FBX line " + std::to_string(lineOf(text, i)) + ": a string is never closed");
            i = close;
        } else if (c == '{') {
            ++depth;
        } else if (c == '}') {
            if (--depth < 0)
                throw fileError(path, "FBX line " + std::to_string(lineOf(text, i)) + ": '}' closes nothing");
        } else if (c == '*' && i > 0 && text[i - 1] == ' ' && i + 1 < text.size() &&
                   std::isdigit(static_cast<unsigned char>(text[i + 1]))) {
            // An array: "*N {" then "a: v,v,..." and "}".
            char* end = nullptr;
            const unsigned long long declared = std::strtoull(text.c_str() + i + 1, &end, 10);
            const std::size_t open = text.find('{', i);
            const std::size_t close = open == std::string::npos ? open : text.find('}', open);
            if (close == std::string::npos)
                throw fileError(path, "FBX line " + std::to_string(lineOf(text, i)) + ": an array is never closed");
            const std::size_t found = countValues(text, open, close);
            if (found != declared)
                throw fileError(path, "FBX line " + std::to_string(lineOf(text, i)) + ": an array declares " +
                                          std::to_string(declared) + " values and holds " + std::to_string(found));
            // The array's braces are skipped with it.
            i = close;
        } else if (depth == 0 && c == 'O' && text.compare(i, 8, "Objects:") == 0 && (i == 0 || text[i - 1] == '\n')) {
            sawObjects = true;
        }
    }
    // Two bones of one name make Assimp's converter free memory twice (fuzz_fbx).
    std::vector<std::string> bones;
    const std::string head = "\tModel: ";
    for (std::size_t at = text.find(head); at != std::string::npos; at = text.find(head, at + 1)) {
        const std::size_t eol = text.find('\n', at);
        const std::string line = text.substr(at, eol == std::string::npos ? std::string::npos : eol - at);
        const std::size_t open = line.find("\"Model::");
        if (open == std::string::npos || line.find("\"LimbNode\"") == std::string::npos)
            continue;
        const std::size_t close = line.find('"', open + 8);
        const std::string bone = line.substr(open + 8, close == std::string::npos ? std::string::npos : close - open - 8);
        if (std::find(bones.begin(), bones.end(), bone) != bones.end())
            throw fileError(path, "FBX line " + std::to_string(lineOf(text, at)) + ": a second bone named \"" + bone + "\"");
        bones.push_back(bone);
    }
    if (depth != 0)
        throw fileError(path, "FBX ends inside " + std::to_string(depth) + " open block(s): the file is cut short");
    if (!sawObjects)
        throw fileError(path, "FBX has no Objects section");
}

} // namespace

bool isFbx(const std::string& path) { return lowerExtension(path) == ".fbx"; }

void checkFile(const std::string& path)
{
    const std::string bytes = readWholeFile(path);
    if (fbx_repair::isBinary(bytes))
        fbx_repair::checkBinaryStructure(bytes, path);
    else
        checkAscii(bytes, path);
}

} // namespace stepmotion::fbx_check
