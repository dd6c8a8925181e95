#pragma once
// Small helpers that several test suites share.

#include "stepmotion/core/runtime/error.h"

#include <QByteArray>
#include <QFile>
#include <QRegularExpression>
#include <QString>
#include <QtTest>

#include <string>

namespace stepmotion::test {

/// The message of the stepmotion::Error `call` throws, or "" when it throws none.
template <typename F>
QString errorOf(F&& call)
{
    try {
        call();
    } catch (const Error& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

/// The numbers of a text file (BVH): how many, and the one with the most significant digits.
/// Binary noise (-0.43243299999999996) has 17; "-0" counts as noise of its own (minusZero).
struct NumberScan {
    int numbers = 0;
    int minusZero = 0;
    int longestDigits = 0;
    QString longest;
};

inline NumberScan scanNumbers(const QString& text)
{
    NumberScan scan;
    static const QRegularExpression blanks(QStringLiteral("\\s+"));
    static const QRegularExpression exponent(QStringLiteral("[eE]"));
    static const QRegularExpression nonDigits(QStringLiteral("[^0-9]"));
    static const QRegularExpression leadingZeros(QStringLiteral("^0+"));
    for (const QString& token : text.split(blanks, Qt::SkipEmptyParts)) {
        bool isNumber = false;
        token.toDouble(&isNumber);
        if (!isNumber)
            continue;
        ++scan.numbers;
        if (token == QLatin1String("-0") || token == QLatin1String("-0.0"))
            ++scan.minusZero;
        QString digits = token.section(exponent, 0, 0);
        digits.remove(nonDigits);
        digits.remove(leadingZeros);
        if (digits.size() > scan.longestDigits) {
            scan.longestDigits = static_cast<int>(digits.size());
            scan.longest = token;
        }
    }
    return scan;
}

/// Writes `text` to `path`; the test fails when the file cannot be created.
inline void writeText(const QString& path, const QByteArray& text)
{
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly), qPrintable(path));
    file.write(text);
}

/// The bundled default model's tokenizer in the source tree.
inline std::string defaultTokenizerPath()
{
    return std::string(STEPMOTION_SOURCE_DIR) + "/resources/models/default/tokenizer.model";
}

} // namespace stepmotion::test

// The sentencepiece tokenizer cannot load under AddressSanitizer (core/src/text/spm_loader.cpp: the
// sanitizer runtime refuses the RTLD_DEEPBIND it needs), so tests that load a tokenizer model
// skip in the asan preset instead of failing.
#if defined(__SANITIZE_ADDRESS__)
#define STEPMOTION_REQUIRE_TOKENIZER() \
    QSKIP("the sentencepiece tokenizer is unavailable in AddressSanitizer builds (RTLD_DEEPBIND)")
#else
#define STEPMOTION_REQUIRE_TOKENIZER() (void)0
#endif
