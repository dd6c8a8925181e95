#include "stepmotion/ui/player/playback_bar.h"

#include "stepmotion/ui/player/player_widget.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QStyle>
#include <QToolButton>

#include <array>

namespace stepmotion::ui {
namespace {

constexpr std::array<double, 6> kSpeeds{0.25, 0.5, 0.75, 1.0, 1.5, 2.0};
constexpr int kNormalSpeedIndex = 3;

// Controls never take keyboard focus: Space and the arrow keys stay playback shortcuts.
template <typename W>
W* unfocused(W* widget)
{
    widget->setFocusPolicy(Qt::NoFocus);
    return widget;
}

} // namespace

QString frameCounterText(int frame, int frameCount, double fps)
{
    if (frameCount <= 0)
        return QStringLiteral("no motion");
    const double seconds = fps > 0.0 ? frame / fps : 0.0;
    return QStringLiteral("frame %1 / %2  %3 s")
        .arg(frame + 1)
        .arg(frameCount)
        .arg(seconds, 0, 'f', 2);
}

PlaybackBar::PlaybackBar(PlayerWidget* player, QWidget* parent)
    : QWidget(parent)
    , m_player(player)
    , m_playButton(unfocused(new QToolButton(this)))
    , m_slider(unfocused(new QSlider(Qt::Horizontal, this)))
    , m_counter(new QLabel(this))
    , m_loop(unfocused(new QCheckBox(tr("Loop"), this)))
    , m_speed(unfocused(new QComboBox(this)))
    , m_follow(unfocused(new QCheckBox(tr("Follow"), this)))
    , m_trails(unfocused(new QCheckBox(tr("Trail"), this)))
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 2, 6, 2);
    layout->addWidget(m_playButton);
    layout->addWidget(m_slider, 1);
    layout->addWidget(m_counter);
    layout->addWidget(m_loop);
    layout->addWidget(m_speed);
    layout->addWidget(m_follow);
    layout->addWidget(m_trails);

    m_playButton->setToolTip(tr("Play / pause (Space)"));
    m_slider->setToolTip(tr("Scrub (Left/Right: one frame, Home/End)"));
    // Wide enough for long clips, so the layout does not jump while playing.
    const QString widest = QStringLiteral("frame 0000 / 0000  000.00 s");
    m_counter->setMinimumWidth(m_counter->fontMetrics().horizontalAdvance(widest));
    for (double s : kSpeeds)
        m_speed->addItem(QStringLiteral("%1x").arg(s), s);
    m_speed->setCurrentIndex(kNormalSpeedIndex);
    m_speed->setToolTip(tr("Playback speed"));
    m_loop->setChecked(player->clock().looping());
    m_follow->setChecked(player->camera().following());
    m_follow->setToolTip(tr("Keep the camera on the character"));
    m_trails->setChecked(true);
    m_trails->setToolTip(tr("Show the root trajectory on the ground"));

    connect(m_playButton, &QToolButton::clicked, player, &PlayerWidget::togglePlaying);
    connect(m_slider, &QSlider::valueChanged, player, &PlayerWidget::setFrame);
    connect(m_loop, &QCheckBox::toggled, player, &PlayerWidget::setLooping);
    connect(m_follow, &QCheckBox::toggled, player, &PlayerWidget::setFollowing);
    connect(m_trails, &QCheckBox::toggled, player, &PlayerWidget::setTrailsVisible);
    connect(m_speed, &QComboBox::currentIndexChanged, this, &PlaybackBar::applySpeed);
    connect(player, &PlayerWidget::frameChanged, this, &PlaybackBar::showFrame);
    connect(player, &PlayerWidget::playingChanged, this, &PlaybackBar::showPlaying);
    showFrame(player->clock().frame(), player->clock().frameCount());
    showPlaying(player->clock().isPlaying());
}

void PlaybackBar::showFrame(int frame, int frameCount)
{
    // Updating the slider must not echo back into setFrame().
    const QSignalBlocker block(m_slider);
    m_slider->setRange(0, std::max(0, frameCount - 1));
    m_slider->setValue(frame);
    m_slider->setEnabled(frameCount > 1);
    m_playButton->setEnabled(frameCount > 1);
    m_counter->setText(frameCounterText(frame, frameCount, m_player->clock().fps()));
}

void PlaybackBar::showPlaying(bool playing)
{
    m_playButton->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
}

void PlaybackBar::applySpeed(int index)
{
    if (index >= 0 && index < static_cast<int>(kSpeeds.size()))
        m_player->setSpeed(kSpeeds[static_cast<std::size_t>(index)]);
}

} // namespace stepmotion::ui
