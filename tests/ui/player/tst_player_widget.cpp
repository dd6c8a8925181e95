// StepMotion Studio's window end to end under a real display (CTest runs it under xvfb-run):
// opening files, keyboard playback control, comparison, error messages and the 3D view.

#include "stepmotion/ui/window/main_window.h"
#include "stepmotion/ui/player/player_view.h"
#include "stepmotion/ui/player/player_widget.h"
#include "stepmotion/ui/modes/studio_options.h"
#include "test_data.h"

#include <QApplication>
#include <QMessageBox>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

using namespace stepmotion::ui;

namespace {

/// Closes the next modal message box (polling, because it blocks the caller) and returns its
/// text through `text`.
void closeNextMessageBox(QString* text)
{
    auto* timer = new QTimer;
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, [timer, text] {
        if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
            *text = box->text();
            box->accept();
            timer->stop();
            timer->deleteLater();
        }
    });
    timer->start();
}

int countOrangePixels(const QImage& image)
{
    int n = 0;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2) {
            const QRgb c = image.pixel(x, y);
            n += (qRed(c) > 120 && qRed(c) > qBlue(c) + 50) ? 1 : 0;
        }
    return n;
}

} // namespace

class TestPlayerWidget : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void keyboardControlsPlayback();
    void addsClipToCompare();
    void badFileShowsCoreMessage();
    void twoClipsPlaybackPaints();

private:
    QTemporaryDir m_settingsDir;
    std::unique_ptr<MainWindow> m_window;
    QString m_sample;
};

void TestPlayerWidget::initTestCase()
{
    const QString platform = QGuiApplication::platformName();
    if (platform == QLatin1String("offscreen") || platform == QLatin1String("minimal"))
        QSKIP("QOpenGLWidget needs a real display: run under xvfb-run with QT_QPA_PLATFORM=xcb");
    // Keep the recent-files list of this test away from the user's settings.
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    QSettings().setValue(QStringLiteral("generation/livePreview"), false); // tst_live_preview covers it
    m_window = std::make_unique<MainWindow>();
    m_window->resize(800, 600);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    // Xvfb has no window manager to activate the window; shortcuts need an active window.
    QApplication::setActiveWindow(m_window.get());
    QCOMPARE(QApplication::activeWindow(), m_window.get());
    m_sample = stepmotion::test::sharedFile(QStringLiteral("humanml3d_meta/samples/new_joints/012314.npy"));
}

void TestPlayerWidget::keyboardControlsPlayback()
{
    if (m_sample.isEmpty() || !QFileInfo::exists(m_sample))
        QSKIP("shared sample 012314.npy not found");
    QVERIFY(m_window->openFile(m_sample));
    PlayerWidget* player = m_window->player();
    QVERIFY(player->renderError().isEmpty());
    const int frames = player->clock().frameCount();
    QVERIFY(frames > 20);
    QCOMPARE(player->clock().frame(), 0);

    QTest::keyClick(m_window.get(), Qt::Key_Right);
    QTest::keyClick(m_window.get(), Qt::Key_Right);
    QCOMPARE(player->clock().frame(), 2);
    QTest::keyClick(m_window.get(), Qt::Key_Left);
    QCOMPARE(player->clock().frame(), 1);
    QTest::keyClick(m_window.get(), Qt::Key_End);
    QCOMPARE(player->clock().frame(), frames - 1);
    QTest::keyClick(m_window.get(), Qt::Key_Home);
    QCOMPARE(player->clock().frame(), 0);

    // Keys typed into the embedded 3D view (a native child window) work the same.
    PlayerView* view = nullptr;
    for (QWindow* w : QGuiApplication::allWindows())
        view = view ? view : qobject_cast<PlayerView*>(w);
    QVERIFY(view);
    QTest::keyClick(view, Qt::Key_Right);
    QCOMPARE(player->clock().frame(), 1);
    QTest::keyClick(view, Qt::Key_Home);
    QCOMPARE(player->clock().frame(), 0);

    QSignalSpy frameSpy(player, &PlayerWidget::frameChanged);
    QTest::keyClick(m_window.get(), Qt::Key_Space);
    QVERIFY(player->clock().isPlaying());
    QTRY_VERIFY_WITH_TIMEOUT(player->clock().frame() >= 4, 3000); // 20 fps wall-clock playback
    QTest::keyClick(m_window.get(), Qt::Key_Space);
    QVERIFY(!player->clock().isPlaying());
    QVERIFY(!frameSpy.isEmpty()); // the slider and counter were told (frames may be skipped)

    // The 3D view shows the character.
    const QImage image = player->grabFramebuffer();
    QVERIFY(!image.isNull());
    QVERIFY2(countOrangePixels(image) > 200, QByteArray::number(countOrangePixels(image)));
}

void TestPlayerWidget::addsClipToCompare()
{
    if (m_sample.isEmpty() || !QFileInfo::exists(m_sample))
        QSKIP("shared sample 012314.npy not found");
    QVERIFY(m_window->openFile(m_sample));
    QVERIFY(m_window->addFile(m_sample));
    QCOMPARE(m_window->player()->scene().size(), 2);
    QVERIFY(m_window->openFile(m_sample)); // open replaces
    QCOMPARE(m_window->player()->scene().size(), 1);
}

void TestPlayerWidget::badFileShowsCoreMessage()
{
    const QString missing = m_settingsDir.filePath(QStringLiteral("does_not_exist.bvh"));
    const int before = m_window->player()->scene().size();
    QString shown;
    closeNextMessageBox(&shown);
    QVERIFY(!m_window->openFile(missing));
    QVERIFY2(shown.contains(missing), qPrintable(shown));
    QCOMPARE(m_window->player()->scene().size(), before); // what was shown stays
}

void TestPlayerWidget::twoClipsPlaybackPaints()
{
    if (m_sample.isEmpty() || !QFileInfo::exists(m_sample))
        QSKIP("shared sample 012314.npy not found");
    QVERIFY(m_window->openFile(m_sample));
    QVERIFY(m_window->addFile(m_sample));
    m_window->resize(1280, 800);
    PlayerWidget* player = m_window->player();
    const int first = player->clock().frame();
    player->play();
    QTest::qWait(2600); // the paint rate counts whole seconds of painting
    player->pause();
    // What must hold is that playback moved on and painted; how fast is measured by
    // `stepmotion-studio --render-bench`, not here (shared machines are too noisy for timing).
    QVERIFY2(player->clock().frame() != first, "playback did not advance");
    QVERIFY2(player->paintRate() > 0.0, "nothing was painted while playing");
}

int main(int argc, char* argv[])
{
    setDefaultSurfaceFormat(); // as stepmotion-studio does, before the application
    QApplication app(argc, argv);
    TestPlayerWidget test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_player_widget.moc"
