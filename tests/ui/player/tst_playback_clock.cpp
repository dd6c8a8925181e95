// PlaybackClock: the player's GL-free timing (play/pause, loop, speed, stepping, seeking).

#include "stepmotion/ui/player/playback_clock.h"

#include <QtTest>

using stepmotion::ui::PlaybackClock;

class TestPlaybackClock : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void startsPausedAtFrameZero();
    void advancesWithWallTimeOnlyWhilePlaying();
    void speedScalesTime_data();
    void speedScalesTime();
    void speedIsClamped();
    void loopWrapsAfterLastFrame();
    void noLoopStopsOnLastFrame();
    void playAtEndRestarts();
    void stepAndSeekClamp();
    void framePositionInterpolates();
    void emptyAndSingleFrameClips();
};

void TestPlaybackClock::startsPausedAtFrameZero()
{
    PlaybackClock clock;
    clock.setClip(196, 20.0);
    QCOMPARE(clock.frameCount(), 196);
    QCOMPARE(clock.frame(), 0);
    QVERIFY(!clock.isPlaying());
    QVERIFY(clock.looping());
    QCOMPARE(clock.loopPeriodSeconds(), 9.8);
}

void TestPlaybackClock::advancesWithWallTimeOnlyWhilePlaying()
{
    PlaybackClock clock;
    clock.setClip(100, 20.0);
    QVERIFY(!clock.advance(1.0));
    QCOMPARE(clock.frame(), 0);
    clock.play();
    QVERIFY(clock.advance(0.5)); // 10 frames at 20 fps
    QCOMPARE(clock.frame(), 10);
    QCOMPARE(clock.frameTime(), 0.5);
    // Display ticks shorter than a frame accumulate: three 1/60 s ticks = one frame.
    for (int i = 0; i < 3; ++i)
        clock.advance(1.0 / 60.0);
    QCOMPARE(clock.frame(), 11);
    QVERIFY(!clock.advance(-1.0));
    QVERIFY(!clock.advance(0.0));
    clock.togglePlaying();
    QVERIFY(!clock.isPlaying());
    QVERIFY(!clock.advance(1.0));
    QCOMPARE(clock.frame(), 11);
}

void TestPlaybackClock::speedScalesTime_data()
{
    QTest::addColumn<double>("speed");
    QTest::addColumn<int>("expectedFrame");
    QTest::newRow("0.25x") << 0.25 << 5;
    QTest::newRow("0.5x") << 0.5 << 10;
    QTest::newRow("1x") << 1.0 << 20;
    QTest::newRow("2x") << 2.0 << 40;
}

void TestPlaybackClock::speedScalesTime()
{
    QFETCH(double, speed);
    QFETCH(int, expectedFrame);
    PlaybackClock clock;
    clock.setClip(100, 20.0);
    clock.setSpeed(speed);
    clock.play();
    for (int i = 0; i < 60; ++i)
        clock.advance(1.0 / 60.0); // one second of display ticks
    QCOMPARE(clock.frame(), expectedFrame);
}

void TestPlaybackClock::speedIsClamped()
{
    PlaybackClock clock;
    clock.setSpeed(10.0);
    QCOMPARE(clock.speed(), 2.0);
    clock.setSpeed(0.0);
    QCOMPARE(clock.speed(), 0.25);
    clock.setSpeed(std::numeric_limits<double>::quiet_NaN());
    QCOMPARE(clock.speed(), 0.25);
}

void TestPlaybackClock::loopWrapsAfterLastFrame()
{
    PlaybackClock clock;
    clock.setClip(10, 20.0); // 0.5 s
    clock.play();
    clock.advance(0.45 + 0.01);
    QCOMPARE(clock.frame(), 9); // the last frame is shown for a full frame period...
    clock.advance(0.03);
    QCOMPARE(clock.frame(), 9);
    clock.advance(0.02); // ...then playback wraps to the start
    QCOMPARE(clock.frame(), 0);
    QVERIFY(clock.isPlaying());
    clock.advance(0.5 * 3 + 0.1); // several whole loops in one (long) tick
    QCOMPARE(clock.frame(), 2);
}

void TestPlaybackClock::noLoopStopsOnLastFrame()
{
    PlaybackClock clock;
    clock.setClip(10, 20.0);
    clock.setLooping(false);
    clock.play();
    QVERIFY(clock.advance(5.0));
    QCOMPARE(clock.frame(), 9);
    QVERIFY(!clock.isPlaying());
    QCOMPARE(clock.framePosition(), 9.0);
}

void TestPlaybackClock::playAtEndRestarts()
{
    PlaybackClock clock;
    clock.setClip(10, 20.0);
    clock.setLooping(false);
    clock.toEnd();
    clock.play();
    QVERIFY(clock.isPlaying());
    QCOMPARE(clock.frame(), 0);
}

void TestPlaybackClock::stepAndSeekClamp()
{
    PlaybackClock clock;
    clock.setClip(50, 20.0);
    clock.step(1);
    QCOMPARE(clock.frame(), 1);
    clock.step(-5);
    QCOMPARE(clock.frame(), 0);
    clock.seek(37);
    QCOMPARE(clock.frame(), 37);
    clock.step(100);
    QCOMPARE(clock.frame(), 49);
    clock.toStart();
    QCOMPARE(clock.frame(), 0);
    clock.toEnd();
    QCOMPARE(clock.frame(), 49);
    // Every frame index survives the seconds round trip (no floor() off-by-one).
    for (int f = 0; f < 50; ++f) {
        clock.seek(f);
        QCOMPARE(clock.frame(), f);
        QCOMPARE(clock.framePosition(), static_cast<double>(f));
    }
}

void TestPlaybackClock::framePositionInterpolates()
{
    PlaybackClock clock;
    clock.setClip(20, 20.0);
    clock.play();
    clock.advance(0.125); // 2.5 frames
    QCOMPARE(clock.frame(), 2);
    QVERIFY(qAbs(clock.framePosition() - 2.5) < 1e-9);
}

void TestPlaybackClock::emptyAndSingleFrameClips()
{
    PlaybackClock clock;
    clock.setClip(0, 20.0);
    clock.play();
    QVERIFY(!clock.isPlaying());
    QCOMPARE(clock.frame(), 0);
    clock.step(3);
    QCOMPARE(clock.frame(), 0);
    clock.setClip(1, 0.0); // bad fps falls back to 20
    QCOMPARE(clock.fps(), 20.0);
    clock.play();
    QVERIFY(!clock.isPlaying()); // nothing to animate
}

QTEST_APPLESS_MAIN(TestPlaybackClock)
#include "tst_playback_clock.moc"
