#pragma once
// The pieces of a rating screen (study_session_widget.h): the prompt's steps with the step active
// at the playback time highlighted, and one answer panel per trial kind. They know nothing about
// systems, so nothing they show can reveal which system made a clip. GL-free.

#include "stepmotion/core/steps/steps.h"

#include <QWidget>

#include <vector>

class QButtonGroup;
class QCheckBox;
class QLabel;
class QListWidget;
class QPushButton;

namespace stepmotion::ui {

/// The coarse sentence above a list of "0.0-1.5 s  Text" rows; active steps are highlighted.
class StudyStepsView : public QWidget {
    Q_OBJECT

public:
    explicit StudyStepsView(QWidget* parent = nullptr);

    void setSteps(const StepList& steps);
    /// Rows whose [start, end] holds the current time, ascending.
    const std::vector<int>& activeRows() const { return m_active; }
    QListWidget* list() const { return m_list; }

public Q_SLOTS:
    /// Highlights the steps active at `seconds` of playback.
    void setCurrentTime(double seconds);

private:
    StepList m_steps;
    QLabel* m_coarse;
    QListWidget* m_list;
    std::vector<int> m_active;
};

/// Which screen side the rater preferred in a pairwise trial.
enum class PairChoice { None, Left, Same, Right };

/// "Motion A is better" / "About the same" / "Motion B is better" (A = the left clip on screen).
class PairwiseAnswerPanel : public QWidget {
    Q_OBJECT

public:
    explicit PairwiseAnswerPanel(QWidget* parent = nullptr);

    PairChoice choice() const { return m_choice; }
    /// Selects `choice` (None clears) and reports answerChanged.
    void setChoice(PairChoice choice);
    void setQuestion(const QString& question);
    QPushButton* button(PairChoice choice) const;

Q_SIGNALS:
    void answerChanged();

private:
    QLabel* m_question;
    QButtonGroup* m_group;
    PairChoice m_choice = PairChoice::None;
};

/// Two 1-5 radio rows: text faithfulness and naturalness.
class LikertAnswerPanel : public QWidget {
    Q_OBJECT

public:
    explicit LikertAnswerPanel(QWidget* parent = nullptr);

    /// 1..5, 0 while unanswered.
    int faithfulness() const;
    int naturalness() const;
    bool isAnswered() const { return faithfulness() > 0 && naturalness() > 0; }
    /// Clears both rows.
    void reset();
    /// Sets a row's value (1..5; 0 clears): `faithfulnessRow` picks the row.
    void setValue(bool faithfulnessRow, int value);

Q_SIGNALS:
    void answerChanged();

private:
    QButtonGroup* m_faithfulness;
    QButtonGroup* m_naturalness;
};

/// "Which steps are performed?": one check box per step. Unticked = not performed, so it is
/// answered as soon as it is shown.
class StepCheckPanel : public QWidget {
    Q_OBJECT

public:
    explicit StepCheckPanel(QWidget* parent = nullptr);

    /// One unticked box per step of `steps`.
    void setSteps(const StepList& steps);
    std::vector<bool> performed() const;
    const std::vector<QCheckBox*>& boxes() const { return m_boxes; }

private:
    QWidget* m_boxArea;
    std::vector<QCheckBox*> m_boxes;
};

} // namespace stepmotion::ui
