#include "stepmotion/ui/window/shown_motions.h"

#include "stepmotion/ui/player/player_widget.h"

namespace stepmotion::ui {

ShownMotions::ShownMotions(PlayerWidget* player, QObject* parent) : QObject(parent), m_player(player) {}

void ShownMotions::setMotions(std::vector<LoadedMotion> motions, const QString& title)
{
    m_showingTakes = false; // showTakes sets it again after this
    m_showingPreview = false; // and showPreviewClip
    m_player->setMotions(std::move(motions));
    setTitle(title);
}

void ShownMotions::setTitle(const QString& title)
{
    m_title = title;
    Q_EMIT titleChanged();
}

} // namespace stepmotion::ui
