// No data loss: a writer killed (SIGKILL) in the middle of writeFileAtomically or of a checkpoint
// save leaves the previous file byte-identical (or the complete new one), and a write that
// fails (disk full, simulated with RLIMIT_FSIZE) leaves the old file untouched.

#include "network/checkpoint.h"

#include "stepmotion/core/formats/atomic_file.h"
#include "stepmotion/core/runtime/error.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <torch/torch.h>

#include <cmath>
#include <csignal>
#include <random>
#include <string>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace stepmotion;

namespace {

/// `size` bytes of a reproducible pattern; different seeds give different files.
std::string patternBytes(std::size_t size, unsigned seed)
{
    std::mt19937 rng(seed);
    std::string bytes(size, '\0');
    for (char& c : bytes)
        c = static_cast<char>(rng() & 0xff);
    return bytes;
}

/// True once process `pid` holds a file open inside `dir` (the temporary file of a write).
bool hasFileOpenIn(pid_t pid, const QString& dir)
{
    const QDir fds(QStringLiteral("/proc/%1/fd").arg(pid));
    for (const QString& fd : fds.entryList(QDir::NoDotAndDotDot | QDir::System | QDir::Files)) {
        const QString target = QFile::symLinkTarget(fds.filePath(fd));
        if (target.startsWith(dir + QLatin1Char('/')))
            return true;
    }
    return false;
}

/// Kills `pid` with SIGKILL and reaps it; the test fails if it exited on its own.
void killAndReap(pid_t pid)
{
    ::kill(pid, SIGKILL);
    int status = 0;
    QCOMPARE(::waitpid(pid, &status, 0), pid);
    QVERIFY2(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "the child ended before it was killed");
}

/// Names in `dir` other than `keep`: temporary files a killed writer left behind.
QStringList litterIn(const QString& dir, const QString& keep)
{
    QStringList names = QDir(dir).entryList(QDir::NoDotAndDotDot | QDir::AllEntries | QDir::Hidden);
    names.removeAll(keep);
    return names;
}

/// Blocks until one byte arrives on `fd`; false at end of file.
bool readByte(int fd)
{
    char c = 0;
    return ::read(fd, &c, 1) == 1;
}

} // namespace

class TestAtomicWrites : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void killedWriterLeavesOldFileIntact();
    void failedWriteLeavesOldFileIntact();
    void killedCheckpointSaveKeepsTheLastGoodOne();
};

void TestAtomicWrites::killedWriterLeavesOldFileIntact()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("project.stepmotion"));
    const std::string oldBytes = patternBytes(std::size_t(1) << 20, 1);
    const std::string newBytes = patternBytes(std::size_t(48) << 20, 2); // long enough to kill mid-write
    std::mt19937 rng(9);
    int oldSurvived = 0, newLanded = 0;
    constexpr int kIterations = 8;
    for (int i = 0; i < kIterations; ++i) {
        writeFileAtomically(path.toStdString(), oldBytes);
        const pid_t child = ::fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            for (;;)
                writeFileAtomically(path.toStdString(), newBytes);
        }
        // Kill it a random moment after its temporary file is open: mid-write.
        QElapsedTimer waited;
        waited.start();
        while (!hasFileOpenIn(child, dir.path()) && waited.elapsed() < 10000)
            ::usleep(200);
        ::usleep(rng() % 5000);
        killAndReap(child);
        const std::string now = readWholeFile(path.toStdString());
        QVERIFY2(now == oldBytes || now == newBytes, "the file is neither the old nor the new version");
        (now == oldBytes ? oldSurvived : newLanded) += 1;
    }
    const QStringList litter = litterIn(dir.path(), QStringLiteral("project.stepmotion"));
    qInfo("%d kills: old file intact %d times, new file complete %d times; litter left: %lld",
          kIterations, oldSurvived, newLanded, static_cast<long long>(litter.size()));
    QVERIFY(oldSurvived > 0); // some kill did land mid-write
    // O_TMPFILE: a write killed before its bytes are on disk leaves no file at all; only a kill
    // in the microseconds between naming the finished temporary file and the rename could.
    QVERIFY2(litter.size() <= 1, qPrintable(litter.join(QStringLiteral(", "))));
    writeFileAtomically(path.toStdString(), oldBytes); // the target stays writable
    QCOMPARE(readWholeFile(path.toStdString()), oldBytes);
}

void TestAtomicWrites::failedWriteLeavesOldFileIntact()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("take.npy"));
    const std::string oldBytes = patternBytes(1000, 3);
    writeFileAtomically(path.toStdString(), oldBytes);
    int pipeFds[2];
    QCOMPARE(::pipe(pipeFds), 0);
    const pid_t child = ::fork();
    QVERIFY(child >= 0);
    if (child == 0) {
        // The disk is "full" after 64 KiB: write() fails with EFBIG instead of raising SIGXFSZ.
        ::signal(SIGXFSZ, SIG_IGN);
        const rlimit limit{65536, 65536};
        ::setrlimit(RLIMIT_FSIZE, &limit);
        std::string message = "no error";
        try {
            writeFileAtomically(path.toStdString(), patternBytes(1 << 20, 4));
        } catch (const Error& e) {
            message = e.what();
        }
        (void)!::write(pipeFds[1], message.data(), message.size());
        ::_exit(0);
    }
    ::close(pipeFds[1]);
    std::string message;
    char buffer[512];
    for (ssize_t n; (n = ::read(pipeFds[0], buffer, sizeof buffer)) > 0;)
        message.append(buffer, std::size_t(n));
    ::close(pipeFds[0]);
    int status = 0;
    QCOMPARE(::waitpid(child, &status, 0), child);
    qInfo("%s", message.c_str());
    QVERIFY2(message.rfind(path.toStdString() + ": write failed: File too large", 0) == 0, message.c_str());
    QCOMPARE(readWholeFile(path.toStdString()), oldBytes);
    QCOMPARE(litterIn(dir.path(), QStringLiteral("take.npy")), QStringList());
}

void TestAtomicWrites::killedCheckpointSaveKeepsTheLastGoodOne()
{
    using namespace stepmotion::model;
    QTemporaryDir dir;
    const std::string checkpoint = dir.path().toStdString();
    torch::manual_seed(5);
    FineMotionDiffuse model(tinyConfig());
    saveCheckpoint(checkpoint, model);
    const auto initial = model->parameters().front().detach().clone();
    std::mt19937 rng(13);
    for (int i = 0; i < 6; ++i) {
        int pipeFds[2];
        QCOMPARE(::pipe(pipeFds), 0);
        const pid_t child = ::fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            // Training: every save holds weights shifted by one more than the previous save.
            ::close(pipeFds[0]);
            torch::NoGradGuard noGrad;
            for (;;) {
                for (auto& p : model->parameters())
                    p.add_(1.0);
                saveCheckpoint(checkpoint, model);
                (void)!::write(pipeFds[1], "s", 1);
            }
        }
        ::close(pipeFds[1]);
        for (int saves = 1 + int(rng() % 3); saves > 0; --saves)
            QVERIFY(readByte(pipeFds[0]));
        ::usleep(rng() % 20000); // somewhere inside the next save
        killAndReap(child);
        ::close(pipeFds[0]);
        // The directory still holds one complete checkpoint: some save's weights, whole.
        const FineMotionDiffuse loaded = loadCheckpoint(checkpoint);
        const auto shift = (loaded->parameters().front() - initial).mean().item<double>();
        QVERIFY2(shift >= 1.0 && std::abs(shift - std::round(shift)) < 1e-3, qPrintable(QString::number(shift)));
        auto expected = model->parameters();
        auto got = loaded->parameters();
        for (std::size_t p = 0; p < got.size(); ++p)
            QVERIFY(torch::allclose(got[p], expected[p] + std::round(shift), 1e-5, 1e-3));
    }
    const QStringList files = litterIn(dir.path(), QString());
    qInfo("checkpoint folder after 6 kills: %s", qPrintable(files.join(QStringLiteral(", "))));
    QVERIFY(files.contains(QStringLiteral("config.json")) && files.contains(QStringLiteral("model.pt")));
    QVERIFY(files.size() <= 3); // see killedWriterLeavesOldFileIntact about the rename window
}

QTEST_APPLESS_MAIN(TestAtomicWrites)
#include "tst_atomic_writes.moc"
