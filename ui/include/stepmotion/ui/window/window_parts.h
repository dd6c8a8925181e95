#pragma once
// The widgets and services MainWindow builds and hands to its controllers (generation, project,
// study). A controller keeps the pointers it uses; none is owned by it. MainWindow destroys its
// controllers before its widgets, so every part outlives every controller.

class QSettings;
class QStatusBar;
class QUndoStack;
class QWidget;

namespace stepmotion::ui {

class GenerationService;
class PlayerWidget;
class ShownMotions;
class StepEditor;
class StepListModel;
class TakeListModel;
class TakesPanel;

struct WindowParts {
    QWidget* window = nullptr; // parent of dialogs and message boxes
    QSettings* settings = nullptr;
    QStatusBar* statusBar = nullptr;
    PlayerWidget* player = nullptr;
    QUndoStack* undo = nullptr;
    StepListModel* steps = nullptr;
    StepEditor* editor = nullptr;
    TakeListModel* takes = nullptr;
    TakesPanel* takesPanel = nullptr;
    GenerationService* generation = nullptr;
    ShownMotions* shown = nullptr;
};

} // namespace stepmotion::ui
