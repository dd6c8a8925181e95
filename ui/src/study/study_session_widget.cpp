#include "stepmotion/ui/study/study_session_widget.h"

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/ui/player/player_widget.h"
#include "stepmotion/ui/study/study_trial_parts.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <QWindow>

#include <algorithm>
#include <iterator>

namespace stepmotion::ui {
namespace {

constexpr int kTickMs = 15;
constexpr double kMaxStepSeconds = 0.25;

class PlayerClipView : public StudyClipView {
public:
    explicit PlayerClipView(QWidget* parent)
        : m_player(new PlayerWidget(parent)) {}
    QWidget* widget() override { return m_player; }
    void setMotion(LoadedMotion motion) override
    {
        std::vector<LoadedMotion> motions;
        motions.push_back(std::move(motion));
        m_player->setMotions(std::move(motions));
    }
    void showFrame(int frame) override { m_player->setFrame(frame); }

private:
    PlayerWidget* m_player; // owned by its parent widget
};

const StudyPrompt* findPrompt(const StudyDesign& design, const std::string& id)
{
    for (const StudyPrompt& p : design.prompts)
        if (p.id == id)
            return &p;
    return nullptr;
}

} // namespace

StudyClipViewFactory playerClipViewFactory()
{
    return [](QWidget* parent) -> std::unique_ptr<StudyClipView> { return std::make_unique<PlayerClipView>(parent); };
}

StudySessionWidget::StudySessionWidget(StudyRaterSession session, StudyClipViewFactory views, QWidget* parent)
    : QWidget(parent)
    , m_session(std::move(session))
    , m_log(studyResponsesPath(m_session.studyDir, m_session.rater))
    , m_factory(std::move(views))
    , m_progress(new QLabel(this))
    , m_message(new QLabel(this))
    , m_steps(new StudyStepsView(this))
    , m_answers(new QStackedWidget(this))
    , m_pairwise(new PairwiseAnswerPanel(this))
    , m_likert(new LikertAnswerPanel(this))
    , m_stepCheck(new StepCheckPanel(this))
    , m_next(new QPushButton(tr("Next  [Enter]"), this))
{
    setWindowTitle(tr("StepMotion study - rater %1").arg(QString::fromStdString(m_session.rater)));
    setFocusPolicy(Qt::StrongFocus);
    m_message->setWordWrap(true);
    m_next->setFocusPolicy(Qt::NoFocus);
    m_answers->addWidget(m_pairwise);
    m_answers->addWidget(m_likert);
    m_answers->addWidget(m_stepCheck);
    m_pairwise->setQuestion(QString::fromStdString(m_session.design.question));

    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_steps);
    split->addWidget(buildPlayers());
    split->setStretchFactor(1, 3);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_answers, 1);
    bottom->addWidget(m_next, 0, Qt::AlignBottom);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_progress);
    layout->addWidget(split, 1);
    layout->addWidget(m_message);
    layout->addLayout(bottom);

    connect(m_pairwise, &PairwiseAnswerPanel::answerChanged, this, &StudySessionWidget::updateNext);
    connect(m_likert, &LikertAnswerPanel::answerChanged, this, &StudySessionWidget::updateNext);
    connect(m_next, &QPushButton::clicked, this, &StudySessionWidget::submit);
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(kTickMs);
    connect(&m_timer, &QTimer::timeout, this, &StudySessionWidget::tick);
    m_clock.setLooping(true);
    qApp->installEventFilter(this); // removed automatically when the widget is destroyed
    showTrial(m_session.resumeIndex);
}

StudySessionWidget::~StudySessionWidget()
{
    m_timer.stop();
}

QWidget* StudySessionWidget::buildPlayers()
{
    auto* area = new QWidget(this);
    auto* row = new QHBoxLayout(area);
    row->setContentsMargins(0, 0, 0, 0);
    for (std::size_t slot = 0; slot < 2; ++slot) {
        auto* column = new QWidget(area);
        auto* layout = new QVBoxLayout(column);
        layout->setContentsMargins(0, 0, 0, 0);
        m_captions[slot] = new QLabel(column);
        m_captions[slot]->setAlignment(Qt::AlignCenter);
        QFont big = m_captions[slot]->font();
        big.setBold(true);
        big.setPointSizeF(big.pointSizeF() * 1.2);
        m_captions[slot]->setFont(big);
        m_views[slot] = m_factory(column);
        layout->addWidget(m_captions[slot]);
        layout->addWidget(m_views[slot]->widget(), 1);
        row->addWidget(column, 1);
        m_columns[slot] = column;
    }
    return area;
}

const Trial* StudySessionWidget::currentTrial() const
{
    if (m_index < 0 || m_index >= trialCount())
        return nullptr;
    return &m_session.plan[static_cast<std::size_t>(m_index)];
}

bool StudySessionWidget::isAnswered() const
{
    const Trial* trial = currentTrial();
    if (!trial || !m_clipsOk)
        return false;
    switch (trial->kind) {
    case TrialKind::Pairwise: return m_pairwise->choice() != PairChoice::None;
    case TrialKind::Likert: return m_likert->isAnswered();
    case TrialKind::StepCheck: return true; // an unticked box is an answer: "not performed"
    }
    return false;
}

void StudySessionWidget::updateNext()
{
    m_next->setEnabled(isAnswered());
}

bool StudySessionWidget::loadClips(const Trial& trial, QString& error)
{
    const bool pair = trial.kind == TrialKind::Pairwise;
    const int used = pair ? 2 : 1;
    int frames = 0;
    double fps = 20;
    for (int slot = 0; slot < 2; ++slot) {
        const auto s = static_cast<std::size_t>(slot);
        m_columns[s]->setVisible(slot < used);
        m_shownPaths[s].clear();
        if (slot >= used)
            continue;
        // Slot 0 is the left side: clip A when aOnLeft. Likert/StepCheck show A alone.
        const bool sideA = pair ? (slot == 0) == trial.aOnLeft : true;
        const QString path = QString::fromStdString(trialClipPath(m_session.studyDir, trial, sideA));
        std::optional<LoadedMotion> motion = loadMotion(path, error);
        if (!motion)
            return false;
        const QString caption = pair ? (slot == 0 ? tr("Motion A") : tr("Motion B")) : tr("Motion");
        m_captions[s]->setText(caption);
        motion->name = caption;
        motion->path.clear(); // the file name carries the system id
        frames = std::max(frames, motion->joints.frames);
        if (slot == 0)
            fps = motion->joints.fps;
        m_views[s]->setMotion(std::move(*motion));
        m_shownPaths[s] = path;
    }
    m_clock.setClip(frames, fps);
    return true;
}

void StudySessionWidget::showTrial(int index)
{
    m_index = std::clamp(index, 0, trialCount());
    const Trial* trial = currentTrial();
    if (!trial) {
        showFinished();
        return;
    }
    m_progress->setText(tr("Trial %1 of %2").arg(m_index + 1).arg(trialCount()));
    const StudyPrompt* prompt = findPrompt(m_session.design, trial->promptId);
    m_steps->setSteps(prompt ? prompt->steps : StepList{});
    m_pairwise->setChoice(PairChoice::None);
    m_likert->reset();
    m_stepCheck->setSteps(prompt ? prompt->steps : StepList{});
    m_answers->setCurrentIndex(static_cast<int>(trial->kind));
    QString error;
    m_clipsOk = prompt != nullptr && loadClips(*trial, error);
    if (!prompt)
        error = tr("study.json has no prompt '%1'").arg(QString::fromStdString(trial->promptId));
    m_message->setText(m_clipsOk ? tr("Answers are saved as you go; close the window to pause and reopen the "
                                      "study with the same rater id to continue.")
                                 : tr("Cannot show this trial: %1").arg(error));
    m_answers->setEnabled(m_clipsOk);
    updateNext();
    m_onTrial.start();
    if (m_clipsOk) {
        m_clock.toStart();
        m_clock.play();
        m_sinceTick.start();
        m_timer.start();
        tick();
    } else {
        m_timer.stop();
    }
    setFocus();
    Q_EMIT trialShown(m_index);
}

void StudySessionWidget::showFinished()
{
    m_timer.stop();
    m_clipsOk = false;
    for (std::size_t s = 0; s < 2; ++s) {
        m_columns[s]->hide();
        m_shownPaths[s].clear();
    }
    m_steps->setSteps(StepList{});
    m_answers->hide();
    m_next->hide();
    m_progress->setText(tr("All %1 trials are done").arg(trialCount()));
    m_message->setText(tr("Thank you! Every answer is saved. You can close this window."));
    Q_EMIT sessionFinished();
}

TrialResponse StudySessionWidget::responseOnScreen(const Trial& trial) const
{
    TrialResponse r = responseForTrial(trial, m_session.rater);
    r.seconds = static_cast<double>(m_onTrial.elapsed()) / 1000.0;
    switch (trial.kind) {
    case TrialKind::Pairwise: {
        const PairChoice choice = m_pairwise->choice();
        if (choice == PairChoice::Same)
            r.preferred = kPreferTie;
        else // the left clip is A exactly when aOnLeft
            r.preferred = preferredAnswer(trial, (choice == PairChoice::Left) == trial.aOnLeft);
        break;
    }
    case TrialKind::Likert:
        r.faithfulness = m_likert->faithfulness();
        r.naturalness = m_likert->naturalness();
        break;
    case TrialKind::StepCheck: r.stepsPerformed = m_stepCheck->performed(); break;
    }
    return r;
}

bool StudySessionWidget::submit()
{
    const Trial* trial = currentTrial();
    if (!trial || !isAnswered())
        return false;
    try {
        m_log.append(responseOnScreen(*trial));
    } catch (const Error& e) {
        QMessageBox::critical(this, tr("Cannot save the answer"),
                              tr("The answer was not saved, so this trial stays on screen:\n%1")
                                  .arg(QString::fromStdString(e.what())));
        return false;
    }
    const int answered = m_index;
    Q_EMIT answerRecorded(answered);
    showTrial(answered + 1);
    return true;
}

bool StudySessionWidget::eventFilter(QObject* watched, QEvent* event)
{
    // Keys typed while a 3D view (an embedded QWindow) has focus never reach this widget: take the
    // session's keys from the players of this window, so they answer instead of stepping frames.
    if (event->type() != QEvent::KeyPress || !watched->isWindowType())
        return QWidget::eventFilter(watched, event);
    auto* key = static_cast<QKeyEvent*>(event);
    static const int kSessionKeys[] = {Qt::Key_1, Qt::Key_2, Qt::Key_3, Qt::Key_Left, Qt::Key_Down, Qt::Key_Right,
                                       Qt::Key_Return, Qt::Key_Enter, Qt::Key_Space};
    if (std::find(std::begin(kSessionKeys), std::end(kSessionKeys), key->key()) == std::end(kSessionKeys))
        return false;
    const QWindow* top = window()->windowHandle();
    for (auto* w = static_cast<QWindow*>(watched)->parent(); w && top; w = w->parent()) {
        if (w == top) {
            keyPressEvent(key);
            return true;
        }
    }
    return false;
}

void StudySessionWidget::keyPressEvent(QKeyEvent* event)
{
    if (event->key() == Qt::Key_Space) { // pause to look closely; Space again resumes
        if (m_clock.isPlaying())
            m_clock.pause();
        else if (m_clipsOk)
            m_clock.play();
        m_sinceTick.restart();
        return;
    }
    const Trial* trial = currentTrial();
    const bool pair = trial && trial->kind == TrialKind::Pairwise && m_clipsOk;
    PairChoice choice = PairChoice::None;
    switch (event->key()) {
    case Qt::Key_1:
    case Qt::Key_Left: choice = PairChoice::Left; break;
    case Qt::Key_2:
    case Qt::Key_Down: choice = PairChoice::Same; break;
    case Qt::Key_3:
    case Qt::Key_Right: choice = PairChoice::Right; break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        submit();
        return;
    default: QWidget::keyPressEvent(event); return;
    }
    if (pair)
        m_pairwise->setChoice(choice);
    else
        QWidget::keyPressEvent(event);
}

void StudySessionWidget::tick()
{
    const double seconds = std::min(static_cast<double>(m_sinceTick.restart()) / 1000.0, kMaxStepSeconds);
    m_clock.advance(seconds);
    const int frame = m_clock.frame();
    for (std::size_t s = 0; s < 2; ++s)
        if (!m_shownPaths[s].isEmpty())
            m_views[s]->showFrame(frame);
    m_steps->setCurrentTime(m_clock.frameTime());
}

} // namespace stepmotion::ui
