#include "stepmotion/core/formats/npy.h"

#include "stepmotion/core/formats/atomic_file.h"
#include "stepmotion/core/runtime/error.h"

#include <cctype>
#include <cstdint>
#include <cstring>
#include <limits>

namespace stepmotion {
namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr std::size_t kMagicSize = 6;
// No real motion array comes near this; it keeps a hostile header from requesting terabytes.
constexpr std::size_t kMaxElements = std::size_t(1) << 32;

struct Header {
    std::string descr;
    bool fortranOrder = false;
    std::vector<std::size_t> shape;
};

// Minimal parser for the Python dict literal NumPy writes, e.g.
// {'descr': '<f4', 'fortran_order': False, 'shape': (170, 263), }
class HeaderParser {
public:
    HeaderParser(const std::string& text, const std::string& name) : m_text(text), m_name(name) {}

    Header parse()
    {
        Header header;
        bool sawDescr = false, sawOrder = false, sawShape = false;
        expect('{');
        while (true) {
            skipSpace();
            if (peek() == '}')
                break;
            const std::string key = parseString();
            expect(':');
            if (key == "descr") {
                header.descr = parseString();
                sawDescr = true;
            } else if (key == "fortran_order") {
                header.fortranOrder = parseBool();
                sawOrder = true;
            } else if (key == "shape") {
                header.shape = parseShape();
                sawShape = true;
            } else {
                fail("unknown header key '" + key + "'");
            }
            skipSpace();
            if (peek() == ',')
                ++m_pos;
        }
        if (!sawDescr || !sawOrder || !sawShape)
            fail("header lacks one of 'descr', 'fortran_order', 'shape'");
        return header;
    }

private:
    [[noreturn]] void fail(const std::string& what) const
    {
        throw fileError(m_name, "malformed .npy header: " + what);
    }
    void skipSpace()
    {
        while (m_pos < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[m_pos])))
            ++m_pos;
    }
    char peek()
    {
        skipSpace();
        if (m_pos >= m_text.size())
            fail("unexpected end of header");
        return m_text[m_pos];
    }
    void expect(char c)
    {
        if (peek() != c)
            fail(std::string("expected '") + c + "'");
        ++m_pos;
    }
    std::string parseString()
    {
        const char quote = peek();
        if (quote != '\'' && quote != '"')
            fail("expected a quoted string");
        ++m_pos;
        const auto end = m_text.find(quote, m_pos);
        if (end == std::string::npos)
            fail("unterminated string");
        std::string value = m_text.substr(m_pos, end - m_pos);
        m_pos = end + 1;
        return value;
    }
    bool parseBool()
    {
        skipSpace();
        if (m_text.compare(m_pos, 4, "True") == 0) {
            m_pos += 4;
            return true;
        }
        if (m_text.compare(m_pos, 5, "False") == 0) {
            m_pos += 5;
            return false;
        }
        fail("fortran_order is neither True nor False");
    }
    std::vector<std::size_t> parseShape()
    {
        std::vector<std::size_t> shape;
        expect('(');
        while (peek() != ')') {
            if (!std::isdigit(static_cast<unsigned char>(m_text[m_pos])))
                fail("shape holds something other than non-negative integers");
            std::size_t value = 0;
            while (m_pos < m_text.size() && std::isdigit(static_cast<unsigned char>(m_text[m_pos]))) {
                const std::size_t digit = static_cast<std::size_t>(m_text[m_pos] - '0');
                if (value > (std::numeric_limits<std::size_t>::max() - digit) / 10)
                    fail("shape dimension too large");
                value = value * 10 + digit;
                ++m_pos;
            }
            shape.push_back(value);
            if (peek() == ',')
                ++m_pos;
        }
        ++m_pos;
        return shape;
    }

    const std::string& m_text;
    const std::string& m_name;
    std::size_t m_pos = 0;
};

std::size_t elementCount(const std::vector<std::size_t>& shape, const std::string& name)
{
    std::size_t count = 1;
    for (const std::size_t dim : shape) {
        if (dim != 0 && count > kMaxElements / dim)
            throw fileError(name, "declared shape is too large to load");
        count *= dim;
    }
    return count;
}

std::string shapeText(const std::vector<std::size_t>& shape)
{
    // Python tuple syntax: (), (5,), (170, 263)
    std::string text = "(";
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (i > 0)
            text += ", ";
        text += std::to_string(shape[i]);
    }
    if (shape.size() == 1)
        text += ",";
    return text + ")";
}

} // namespace

std::size_t NpyArray::size() const
{
    std::size_t count = 1;
    for (const std::size_t dim : shape)
        count *= dim;
    return count;
}

NpyArray parseNpy(const std::string& bytes, const std::string& name)
{
    if (bytes.size() < kMagicSize + 4 || std::memcmp(bytes.data(), kMagic, kMagicSize) != 0)
        throw fileError(name, "not a .npy file (missing \\x93NUMPY magic)");
    const auto major = static_cast<unsigned char>(bytes[6]);
    std::size_t headerLength = 0;
    std::size_t headerStart = 0;
    if (major == 1) {
        headerLength = static_cast<unsigned char>(bytes[8]) | (static_cast<unsigned char>(bytes[9]) << 8);
        headerStart = 10;
    } else if (major == 2 || major == 3) {
        if (bytes.size() < 12)
            throw fileError(name, "truncated .npy header");
        headerLength = 0;
        for (int i = 3; i >= 0; --i)
            headerLength = (headerLength << 8) | static_cast<unsigned char>(bytes[8 + static_cast<std::size_t>(i)]);
        headerStart = 12;
    } else {
        throw fileError(name, "unsupported .npy format version " + std::to_string(major));
    }
    if (headerStart + headerLength > bytes.size())
        throw fileError(name, "truncated .npy header (declares " + std::to_string(headerLength) + " bytes)");

    const std::string headerText = bytes.substr(headerStart, headerLength);
    const Header header = HeaderParser(headerText, name).parse();
    if (header.fortranOrder)
        throw fileError(name, "Fortran-ordered arrays are not supported; save with C order");

    std::size_t itemSize = 0;
    if (header.descr == "<f4" || header.descr == "=f4" || header.descr == "float32")
        itemSize = 4;
    else if (header.descr == "<f8" || header.descr == "=f8" || header.descr == "float64")
        itemSize = 8;
    else
        throw fileError(name, "unsupported dtype '" + header.descr + "' (need little-endian <f4 or <f8)");

    NpyArray array;
    array.shape = header.shape;
    array.sourceWasFloat64 = itemSize == 8;
    const std::size_t count = elementCount(header.shape, name);
    const std::size_t dataStart = headerStart + headerLength;
    const std::size_t available = bytes.size() - dataStart;
    if (available / itemSize < count)
        throw fileError(name, "truncated data: shape " + shapeText(header.shape) + " needs " +
                                  std::to_string(count * itemSize) + " bytes, file has " +
                                  std::to_string(available));
    array.data.resize(count);
    const char* src = bytes.data() + dataStart;
    if (itemSize == 4) {
        if (count > 0) // an empty vector's data() may be null, which memcpy must never get
            std::memcpy(array.data.data(), src, count * 4);
    } else {
        for (std::size_t i = 0; i < count; ++i) {
            double value;
            std::memcpy(&value, src + i * 8, 8);
            array.data[i] = static_cast<float>(value);
        }
    }
    return array;
}

NpyArray readNpy(const std::string& path)
{
    return parseNpy(readWholeFile(path), path);
}

std::string serializeNpy(const std::vector<std::size_t>& shape, const std::vector<float>& values, NpyDtype dtype)
{
    std::size_t count = 1;
    for (const std::size_t dim : shape)
        count *= dim;
    if (count != values.size())
        throw Error("serializeNpy: shape " + shapeText(shape) + " holds " + std::to_string(count) +
                    " values but " + std::to_string(values.size()) + " were given");

    std::string dict = std::string("{'descr': '") + (dtype == NpyDtype::Float32 ? "<f4" : "<f8") +
                       "', 'fortran_order': False, 'shape': " + shapeText(shape) + ", }";
    // Pad with spaces so magic + version + length + header + '\n' is a multiple of 64.
    const std::size_t preamble = kMagicSize + 2 + 2;
    std::size_t total = preamble + dict.size() + 1;
    dict.append((64 - total % 64) % 64, ' ');
    dict += '\n';

    std::string out(kMagic, kMagicSize);
    out += '\x01';
    out += '\x00';
    out += static_cast<char>(dict.size() & 0xff);
    out += static_cast<char>((dict.size() >> 8) & 0xff);
    out += dict;
    if (dtype == NpyDtype::Float32) {
        out.append(reinterpret_cast<const char*>(values.data()), values.size() * 4);
    } else {
        for (const float v : values) {
            const double d = v;
            out.append(reinterpret_cast<const char*>(&d), 8);
        }
    }
    return out;
}

void writeNpy(const std::string& path, const std::vector<std::size_t>& shape, const std::vector<float>& values,
              NpyDtype dtype)
{
    writeFileAtomically(path, serializeNpy(shape, values, dtype));
}

} // namespace stepmotion
