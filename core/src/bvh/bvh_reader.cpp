// BVH text → BvhClip. The hierarchy is parsed from a token stream with an explicit stack
// (no recursion, so hostile nesting cannot overflow the call stack); the motion section
// line by line, growing the value array only as lines arrive so a lying `Frames:` header
// cannot make us allocate more than the file could hold.

#include "stepmotion/core/bvh/bvh.h"

#include "bvh/bvh_maths.h"
#include "bvh/bvh_text.h"
#include "stepmotion/core/runtime/error.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <climits>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>

namespace stepmotion {

namespace {

using namespace bvh_detail;

/// One open brace: a joint or an End Site.
struct OpenBlock {
    int joint = -1;
    bool endSite = false;
    bool hasOffset = false;
    bool hasChannels = false;
    bool hasChildren = false;
    long line = 0;
};

class HierarchyParser {
public:
    HierarchyParser(std::vector<Token> tokens, long lastLine, const std::string& name, BvhClip& clip)
        : m_tokens(std::move(tokens)), m_lastLine(std::max(1L, lastLine)), m_name(name), m_clip(clip) {}

    void parse();

private:
    [[noreturn]] void fail(long line, const std::string& what) const { throw lineError(m_name, line, what); }
    const Token& take(const char* expected);
    void openJoint(const Token& keyword);
    void openEndSite(const Token& keyword);
    void readOffset(const Token& keyword);
    void readChannels(const Token& keyword);
    void close(const Token& brace);
    OpenBlock& top(const Token& keyword);

    std::vector<Token> m_tokens;
    std::size_t m_next = 0;
    long m_lastLine;
    const std::string& m_name;
    BvhClip& m_clip;
    std::vector<OpenBlock> m_stack;
};

const Token& HierarchyParser::take(const char* expected)
{
    if (m_next >= m_tokens.size())
        fail(m_lastLine, std::string("unexpected end of the hierarchy, expected ") + expected);
    return m_tokens[m_next++];
}

OpenBlock& HierarchyParser::top(const Token& keyword)
{
    if (m_stack.empty())
        fail(keyword.line, std::string(keyword.text) + " outside any joint");
    return m_stack.back();
}

void HierarchyParser::parse()
{
    if (m_tokens.empty() || m_tokens[0].text != "HIERARCHY")
        fail(m_tokens.empty() ? m_lastLine : m_tokens[0].line, "file does not start with HIERARCHY");
    m_next = 1;
    while (m_next < m_tokens.size()) {
        const Token& t = m_tokens[m_next++];
        if (t.text == "ROOT" || t.text == "JOINT")
            openJoint(t);
        else if (t.text == "End")
            openEndSite(t);
        else if (t.text == "OFFSET")
            readOffset(t);
        else if (t.text == "CHANNELS")
            readChannels(t);
        else if (t.text == "}")
            close(t);
        else if (t.text == "{")
            fail(t.line, "unexpected '{' (extra brace?)");
        else
            fail(t.line, "unknown keyword " + quoted(t.text));
    }
    if (!m_stack.empty())
        fail(m_lastLine, "missing '}': block opened on line " + std::to_string(m_stack.back().line) + " is not closed");
    if (m_clip.joints.empty())
        fail(m_lastLine, "hierarchy has no ROOT joint");
}

void HierarchyParser::openJoint(const Token& keyword)
{
    const bool root = keyword.text == "ROOT";
    if (root && !m_stack.empty())
        fail(keyword.line, "ROOT inside another joint (missing '}'?)");
    if (!root && m_stack.empty())
        fail(keyword.line, "JOINT outside any joint (extra '}' or missing ROOT?)");
    if (!root && m_stack.back().endSite)
        fail(keyword.line, "JOINT inside an End Site");
    // The name is the rest of the line (some exporters allow spaces), minus a trailing '{'.
    std::string name;
    bool braceOnLine = false;
    while (m_next < m_tokens.size() && m_tokens[m_next].line == keyword.line) {
        const std::string_view part = m_tokens[m_next++].text;
        if (part == "{") {
            braceOnLine = true;
            break;
        }
        name += (name.empty() ? "" : " ") + std::string(part);
    }
    if (name.empty())
        fail(keyword.line, std::string(keyword.text) + " without a name");
    // Control bytes and braces would not survive formatBvh (and no exporter writes them).
    for (const char c : name)
        if (static_cast<unsigned char>(c) < 0x20 || c == '{' || c == '}')
            fail(keyword.line, std::string(keyword.text) + " name contains a control character or brace (byte " +
                                   std::to_string(static_cast<unsigned char>(c)) + ")");
    if (!braceOnLine) {
        const Token& brace = take("'{'");
        if (brace.text != "{")
            fail(brace.line, "expected '{' after " + std::string(keyword.text) + " " + name + ", found " + quoted(brace.text));
    }
    BvhJoint joint;
    joint.name = name;
    joint.parent = root ? -1 : m_stack.back().joint;
    // A joint without a CHANNELS line owns no values; its first channel is still where its
    // values would start, so firstChannel runs in file order over every joint (fuzz_bvh).
    joint.firstChannel = m_clip.channelCount;
    if (!root)
        m_stack.back().hasChildren = true;
    m_clip.joints.push_back(std::move(joint));
    m_stack.push_back({static_cast<int>(m_clip.joints.size()) - 1, false, false, false, false, keyword.line});
}

void HierarchyParser::openEndSite(const Token& keyword)
{
    const Token& site = take("'Site'");
    if (site.text != "Site")
        fail(site.line, "expected 'End Site', found 'End " + std::string(site.text) + "'");
    OpenBlock& parent = top(keyword);
    if (parent.endSite)
        fail(keyword.line, "End Site inside an End Site");
    BvhJoint& joint = m_clip.joints[static_cast<std::size_t>(parent.joint)];
    if (joint.hasEndSite)
        fail(keyword.line, "joint " + joint.name + " has a second End Site");
    joint.hasEndSite = true;
    parent.hasChildren = true;
    const Token& brace = take("'{'");
    if (brace.text != "{")
        fail(brace.line, "expected '{' after End Site, found " + quoted(brace.text));
    m_stack.push_back({parent.joint, true, false, false, false, keyword.line});
}

void HierarchyParser::readOffset(const Token& keyword)
{
    OpenBlock& block = top(keyword);
    if (block.hasOffset)
        fail(keyword.line, "second OFFSET in one block");
    if (block.hasChildren)
        fail(keyword.line, "OFFSET after child joints");
    BvhJoint& joint = m_clip.joints[static_cast<std::size_t>(block.joint)];
    std::array<double, 3>& target = block.endSite ? joint.endSiteOffset : joint.offset;
    int listed = 0;
    while (m_next + static_cast<std::size_t>(listed) < m_tokens.size() &&
           m_tokens[m_next + static_cast<std::size_t>(listed)].line == keyword.line)
        ++listed;
    if (listed != 3)
        fail(keyword.line, "OFFSET needs 3 numbers, the line has " + std::to_string(listed));
    for (double& v : target) {
        const Token& t = m_tokens[m_next++];
        const NumberStatus status = parseNumber(t.text, v);
        if (status != NumberStatus::Ok)
            fail(t.line, "OFFSET value " + quoted(t.text) + (status == NumberStatus::NotFinite ? " is not a finite number" : " is not a number"));
    }
    block.hasOffset = true;
}

void HierarchyParser::readChannels(const Token& keyword)
{
    OpenBlock& block = top(keyword);
    if (block.endSite)
        fail(keyword.line, "CHANNELS inside an End Site");
    if (block.hasChannels)
        fail(keyword.line, "second CHANNELS in one joint");
    if (block.hasChildren)
        fail(keyword.line, "CHANNELS after child joints");
    const Token& countToken = take("a channel count");
    int count = -1;
    const auto [end, ec] = std::from_chars(countToken.text.data(), countToken.text.data() + countToken.text.size(), count);
    if (ec != std::errc() || end != countToken.text.data() + countToken.text.size() || (count != 0 && count != 3 && count != 6))
        fail(countToken.line, "CHANNELS count " + quoted(countToken.text) + " is not 0, 3 or 6");
    BvhJoint& joint = m_clip.joints[static_cast<std::size_t>(block.joint)];
    joint.firstChannel = m_clip.channelCount;
    int listed = 0;
    while (m_next + static_cast<std::size_t>(listed) < m_tokens.size() && m_tokens[m_next + static_cast<std::size_t>(listed)].line == keyword.line)
        ++listed;
    if (listed != count)
        fail(keyword.line, "CHANNELS declares " + std::to_string(count) + " channels but the line lists " + std::to_string(listed));
    for (int i = 0; i < count; ++i) {
        const Token& t = m_tokens[m_next++];
        BvhChannel channel{};
        if (!parseChannel(t.text, channel))
            fail(t.line, "unknown channel name " + quoted(t.text));
        joint.channels.push_back(channel);
    }
    int seen[2][3] = {{0, 0, 0}, {0, 0, 0}};
    for (BvhChannel c : joint.channels)
        ++seen[bvh_detail::isRotation(c) ? 1 : 0][bvh_detail::channelAxis(c)];
    for (const auto& kind : seen)
        if (!(kind[0] == kind[1] && kind[1] == kind[2] && kind[0] <= 1))
            fail(keyword.line, "CHANNELS of " + joint.name + " must hold none or all three of X, Y, Z for positions and rotations");
    m_clip.channelCount += count;
    block.hasChannels = true;
}

void HierarchyParser::close(const Token& brace)
{
    if (m_stack.empty())
        fail(brace.line, "unexpected '}' (extra brace)");
    const OpenBlock& block = m_stack.back();
    if (!block.hasOffset)
        fail(brace.line, (block.endSite ? "End Site of " : "joint ") + m_clip.joints[static_cast<std::size_t>(block.joint)].name +
                             " has no OFFSET");
    m_stack.pop_back();
}

/// Reads "KEY VALUE" header lines of the MOTION section, skipping blank lines.
std::string_view headerValue(LineCursor& cursor, std::string_view key, const std::string& name)
{
    std::string_view line;
    while (cursor.next(line)) {
        std::vector<std::string_view> tokens;
        forEachToken(line, [&](std::string_view t) { tokens.push_back(t); return tokens.size() < 8; });
        if (tokens.empty())
            continue;
        std::string joined;
        for (std::size_t i = 0; i + 1 < tokens.size(); ++i)
            joined += (i ? " " : "") + std::string(tokens[i]);
        if (tokens.size() < 2 || joined != key)
            throw lineError(name, cursor.line(), "expected '" + std::string(key) + " <value>'");
        return tokens.back();
    }
    throw lineError(name, cursor.line(), "missing '" + std::string(key) + "' line");
}

void parseMotion(LineCursor& cursor, const std::string& name, BvhClip& clip)
{
    const std::string_view framesText = headerValue(cursor, "Frames:", name);
    long long frames = -1;
    const auto [fend, fec] = std::from_chars(framesText.data(), framesText.data() + framesText.size(), frames);
    if (fec != std::errc() || fend != framesText.data() + framesText.size() || frames < 0 || frames > INT_MAX)
        throw lineError(name, cursor.line(), "Frames: " + quoted(framesText) + " is not a frame count");
    const std::string_view timeText = headerValue(cursor, "Frame Time:", name);
    if (parseNumber(timeText, clip.frameTime) != NumberStatus::Ok || !(clip.frameTime > 0))
        throw lineError(name, cursor.line(), "Frame Time: " + quoted(timeText) + " is not a positive number of seconds");
    clip.frames = static_cast<int>(frames);
    if (clip.channelCount == 0 && clip.frames > 0)
        throw lineError(name, cursor.line(), "the hierarchy declares no channels");

    // Every value takes at least two bytes ("0 "), which bounds what the rest of the file holds.
    const std::size_t perFrame = static_cast<std::size_t>(std::max(clip.channelCount, 1));
    const std::size_t plausible = cursor.remainingBytes() / (2 * perFrame) + 1;
    clip.values.reserve(std::min<std::size_t>(static_cast<std::size_t>(frames), plausible) * perFrame);

    int frame = 0;
    std::string_view line;
    while (cursor.next(line)) {
        std::size_t base = clip.values.size();
        int count = 0;
        std::string_view bad;
        NumberStatus badStatus = NumberStatus::Ok;
        forEachToken(line, [&](std::string_view t) {
            if (count == 0) {
                if (frame == clip.frames)
                    return false; // reported below as an extra line
                clip.values.resize(base + perFrame);
            }
            double v = 0;
            const NumberStatus status = count < clip.channelCount ? parseNumber(t, v) : NumberStatus::Ok;
            if (status != NumberStatus::Ok && bad.empty()) {
                bad = t;
                badStatus = status;
            }
            if (count < clip.channelCount)
                clip.values[base + static_cast<std::size_t>(count)] = v;
            ++count;
            return true;
        });
        if (count == 0 && frame == clip.frames && line.find_first_not_of(" \t\r\v\f") != std::string_view::npos)
            throw lineError(name, cursor.line(), "more frame lines than 'Frames: " + std::to_string(clip.frames) + "'");
        if (count == 0)
            continue; // blank line
        if (!bad.empty())
            throw lineError(name, cursor.line(), "frame " + std::to_string(frame) + ": value " + quoted(bad) +
                                                     (badStatus == NumberStatus::NotFinite ? " is not a finite number" : " is not a number"));
        if (count != clip.channelCount)
            throw lineError(name, cursor.line(), "frame " + std::to_string(frame) + " has " + std::to_string(count) +
                                                     " values, expected " + std::to_string(clip.channelCount));
        ++frame;
    }
    if (frame < clip.frames)
        throw lineError(name, cursor.line(), "truncated MOTION: " + std::to_string(frame) + " frame lines, 'Frames: " +
                                                 std::to_string(clip.frames) + "' declared");
}

} // namespace

int BvhClip::jointIndex(const std::string& name) const
{
    for (std::size_t i = 0; i < joints.size(); ++i)
        if (joints[i].name == name)
            return static_cast<int>(i);
    return -1;
}

BvhClip parseBvh(const std::string& text, const std::string& name)
{
    BvhClip clip;
    LineCursor cursor(text);
    std::vector<Token> tokens;
    std::string_view line;
    bool sawMotion = false;
    while (!sawMotion && cursor.next(line)) {
        forEachToken(line, [&](std::string_view t) {
            if (t == "MOTION") {
                sawMotion = true;
                return false;
            }
            tokens.push_back({t, cursor.line()});
            return true;
        });
    }
    if (sawMotion) {
        bool extra = false;
        forEachToken(line, [&](std::string_view t) { extra = extra || t != "MOTION"; return true; });
        if (extra)
            throw lineError(name, cursor.line(), "MOTION must stand on its own line");
    }
    HierarchyParser(std::move(tokens), cursor.line(), name, clip).parse();
    if (!sawMotion)
        throw lineError(name, cursor.line(), "missing MOTION section");
    parseMotion(cursor, name, clip);
    return clip;
}

BvhClip readBvh(const std::string& path)
{
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw fileError(path, "is a directory, not a BVH file");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw fileError(path, std::string("cannot open: ") + std::strerror(errno));
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad())
        throw fileError(path, "read failed");
    return parseBvh(buffer.str(), path);
}

} // namespace stepmotion
