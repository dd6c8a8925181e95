#pragma once
// A rater's session of a study: one trial at a time, blind. Shows the prompt's steps (the one active
// at the playback time highlighted), one clip (Likert, step check) or two side by side (pairwise),
// looping in sync from one clock, and the trial's answer panel. Clips are called "Motion A" (left)
// and "Motion B" (right) by screen position: the labels must not follow the design's A/B, which is
// always the earlier system and would leak identities. Next writes the answer through core's
// ResponseLog (fsync'ed) before the next trial appears; closing the window pauses the session.

#include "stepmotion/core/study/study_responses.h"
#include "stepmotion/ui/player/motion_scene.h"
#include "stepmotion/ui/player/playback_clock.h"
#include "stepmotion/ui/study/study_rater_session.h"

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

#include <array>
#include <functional>
#include <memory>

class QLabel;
class QPushButton;
class QStackedWidget;

namespace stepmotion::ui {

class LikertAnswerPanel;
class PairwiseAnswerPanel;
class StepCheckPanel;
class StudyStepsView;

/// Shows one clip of a trial. The real one wraps a PlayerWidget (OpenGL); tests pass a GL-free one.
class StudyClipView {
public:
    virtual ~StudyClipView() = default;
    /// The widget to lay out; owned by the parent given to the factory.
    virtual QWidget* widget() = 0;
    /// Replaces the shown clip (its name and path are already anonymised).
    virtual void setMotion(LoadedMotion motion) = 0;
    /// Shows frame `frame` (clamped to the clip by the view).
    virtual void showFrame(int frame) = 0;
};
using StudyClipViewFactory = std::function<std::unique_ptr<StudyClipView>(QWidget* parent)>;

/// Clip views that are PlayerWidgets (needs OpenGL once shown).
StudyClipViewFactory playerClipViewFactory();

class StudySessionWidget : public QWidget {
    Q_OBJECT

public:
    /// Starts at session.resumeIndex. Throws stepmotion::Error naming the responses file when it
    /// cannot be opened for appending.
    explicit StudySessionWidget(StudyRaterSession session, StudyClipViewFactory views = playerClipViewFactory(),
                                QWidget* parent = nullptr);
    ~StudySessionWidget() override;

    const StudyRaterSession& session() const { return m_session; }
    /// The trial on screen; trialCount() once every trial is answered.
    int trialIndex() const { return m_index; }
    int trialCount() const { return static_cast<int>(m_session.plan.size()); }
    /// The trial on screen, or null when finished.
    const Trial* currentTrial() const;
    /// Whether the trial on screen has an answer (Next is enabled).
    bool isAnswered() const;
    /// The clip file shown in `slot` (0 = left, 1 = right); "" when the slot is unused.
    QString shownClipPath(int slot) const { return m_shownPaths[static_cast<std::size_t>(slot)]; }
    StudyClipView* clipView(int slot) const { return m_views[static_cast<std::size_t>(slot)].get(); }
    const PlaybackClock& clock() const { return m_clock; }

    StudyStepsView* stepsView() const { return m_steps; }
    PairwiseAnswerPanel* pairwisePanel() const { return m_pairwise; }
    LikertAnswerPanel* likertPanel() const { return m_likert; }
    StepCheckPanel* stepCheckPanel() const { return m_stepCheck; }
    QPushButton* nextButton() const { return m_next; }
    QLabel* progressLabel() const { return m_progress; }

public Q_SLOTS:
    /// Records the answer on screen (fsync'ed) and shows the next trial. False (nothing written,
    /// same trial) when unanswered, finished, or the write failed (reported in a message box).
    bool submit();

Q_SIGNALS:
    /// Trial `index` is on screen.
    void trialShown(int index);
    /// The answer to trial `index` is on disk.
    void answerRecorded(int index);
    /// Every trial is answered.
    void sessionFinished();

protected:
    /// 1/Left, 2/Down, 3/Right answer pairwise trials; Return/Enter = Next; Space pauses/resumes.
    void keyPressEvent(QKeyEvent* event) override;
    /// Routes those keys here when one of this window's 3D views has the keyboard focus.
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QWidget* buildPlayers();
    void showTrial(int index);
    void showFinished();
    bool loadClips(const Trial& trial, QString& error);
    TrialResponse responseOnScreen(const Trial& trial) const;
    void updateNext();
    void tick();

    StudyRaterSession m_session;
    ResponseLog m_log;
    StudyClipViewFactory m_factory;
    std::array<std::unique_ptr<StudyClipView>, 2> m_views;
    std::array<QWidget*, 2> m_columns{};
    std::array<QLabel*, 2> m_captions{};
    std::array<QString, 2> m_shownPaths;
    QLabel* m_progress;
    QLabel* m_message;
    StudyStepsView* m_steps;
    QStackedWidget* m_answers;
    PairwiseAnswerPanel* m_pairwise;
    LikertAnswerPanel* m_likert;
    StepCheckPanel* m_stepCheck;
    QPushButton* m_next;
    PlaybackClock m_clock;
    QTimer m_timer;
    QElapsedTimer m_sinceTick;
    QElapsedTimer m_onTrial; // time the rater spent on the trial
    int m_index = 0;
    bool m_clipsOk = false;
};

} // namespace stepmotion::ui
