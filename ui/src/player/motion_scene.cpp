#include "stepmotion/ui/player/motion_scene.h"

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/import/motion_io.h"
#include "stepmotion/render/ground_geometry.h"

#include <QFileInfo>

#include <algorithm>
#include <cmath>
#include <exception>

namespace stepmotion::ui {

std::optional<LoadedMotion> loadMotion(const QString& path, QString& error)
{
    try {
        LoadedMotion motion;
        motion.path = path;
        motion.name = QFileInfo(path).fileName();
        motion.joints = loadJointClip(path.toStdString());
        if (motion.joints.frames <= 0 || motion.joints.joints != kJointCount) {
            error = path + QStringLiteral(": holds no frames of the 22-joint skeleton");
            return std::nullopt;
        }
        return motion;
    } catch (const Error& e) {
        error = QString::fromStdString(e.what());
    } catch (const std::exception& e) {
        // Anything else (e.g. out of memory) still becomes a message, not a crash.
        error = path + QStringLiteral(": ") + QString::fromStdString(e.what());
    }
    return std::nullopt;
}

void samplePose(const JointClip& clip, double position, const glm::vec3& offset, float* out)
{
    const auto needed = static_cast<std::size_t>(clip.frames) * kJointCount * 3;
    if (clip.frames <= 0 || clip.joints != kJointCount || clip.xyz.size() < needed) {
        for (int i = 0; i < kJointCount * 3; ++i)
            out[i] = offset[i % 3];
        return;
    }
    const int last = clip.frames - 1;
    const double p = std::clamp(position, 0.0, static_cast<double>(last));
    const int f0 = static_cast<int>(std::floor(p));
    const int f1 = std::min(f0 + 1, last);
    const auto t = static_cast<float>(p - f0);
    const float* a = clip.at(f0, 0);
    const float* b = clip.at(f1, 0);
    for (int j = 0; j < kJointCount; ++j) {
        for (int k = 0; k < 3; ++k) {
            const int i = j * 3 + k;
            out[i] = a[i] + (b[i] - a[i]) * t + offset[k];
        }
    }
}

void MotionScene::clear()
{
    // The character stays: it is set and removed on its own (setCharacter).
    m_motions.clear();
    m_poses.clear();
    m_trails.clear();
}

void MotionScene::add(LoadedMotion motion)
{
    m_motions.push_back(std::move(motion));
    m_poses.assign(m_motions.size(), std::vector<float>(kJointCount * 3, 0.0f));
    rebuildTrails();
    setPosition(0.0);
}

void MotionScene::setCharacter(std::optional<CharacterPreview> character)
{
    m_character = std::move(character);
    m_characterPose.assign(m_character ? m_character->parents.size() * 3 : 0, 0.0f);
    rebuildTrails();
    setPosition(0.0);
}

void MotionScene::rebuildTrails()
{
    // Offsets depend on the number of places: rebuild every trail.
    m_trails.clear();
    for (int i = 0; i < size(); ++i) {
        const JointClip& clip = m_motions[static_cast<std::size_t>(i)].joints;
        std::vector<glm::vec3> trail = render::rootTrail(clip.xyz.data(), clip.frames, 0.0f);
        for (glm::vec3& p : trail)
            p += offsetOf(i);
        m_trails.push_back(std::move(trail));
    }
}

int MotionScene::frameCount() const
{
    int frames = m_character ? m_character->nodes.frames : 0;
    for (const LoadedMotion& m : m_motions)
        frames = std::max(frames, m.joints.frames);
    return frames;
}

double MotionScene::fps() const
{
    return m_motions.empty() ? kFps : m_motions.front().joints.fps;
}

glm::vec3 MotionScene::offsetOf(int index) const
{
    const float centre = static_cast<float>(places() - 1) * 0.5f;
    return {(static_cast<float>(index) - centre) * kSpacing, 0.0f, 0.0f};
}

void MotionScene::setPosition(double position)
{
    for (int i = 0; i < size(); ++i) {
        const auto index = static_cast<std::size_t>(i);
        samplePose(m_motions[index].joints, position, offsetOf(i), m_poses[index].data());
    }
    if (!m_character || m_character->nodes.frames < 1)
        return;
    const JointClip& nodes = m_character->nodes;
    const int last = nodes.frames - 1;
    const double p = std::clamp(position, 0.0, static_cast<double>(last));
    const int f0 = static_cast<int>(std::floor(p));
    const int f1 = std::min(f0 + 1, last);
    const auto t = static_cast<float>(p - f0);
    const glm::vec3 offset = offsetOf(size());
    const float* a = nodes.at(f0, 0);
    const float* b = nodes.at(f1, 0);
    for (std::size_t i = 0; i < m_characterPose.size(); ++i)
        m_characterPose[i] = a[i] + (b[i] - a[i]) * t + offset[static_cast<int>(i % 3)];
}

glm::vec3 MotionScene::focus() const
{
    if (m_poses.empty())
        return glm::vec3(0.0f, 0.9f, 0.0f);
    glm::vec3 sum(0.0f);
    for (const auto& pose : m_poses)
        sum += glm::vec3(pose[0], pose[1], pose[2]);
    return sum / static_cast<float>(m_poses.size());
}

void MotionScene::bounds(glm::vec3& lo, glm::vec3& hi) const
{
    lo = glm::vec3(1e9f);
    hi = glm::vec3(-1e9f);
    for (const auto& pose : m_poses) {
        for (int j = 0; j < kJointCount; ++j) {
            const glm::vec3 p(pose[j * 3], pose[j * 3 + 1], pose[j * 3 + 2]);
            lo = glm::min(lo, p);
            hi = glm::max(hi, p);
        }
    }
    for (std::size_t i = 0; i + 2 < m_characterPose.size(); i += 3) {
        const glm::vec3 p(m_characterPose[i], m_characterPose[i + 1], m_characterPose[i + 2]);
        lo = glm::min(lo, p);
        hi = glm::max(hi, p);
    }
    if (m_poses.empty() && m_characterPose.empty()) {
        lo = glm::vec3(-0.5f, 0.0f, -0.5f);
        hi = glm::vec3(0.5f, 1.8f, 0.5f);
    }
    lo.y = std::min(lo.y, 0.0f);
    hi.y = std::max(hi.y, lo.y + 1.8f);
}

render::RenderFrame MotionScene::renderFrame(int frame, bool showTrails) const
{
    render::RenderFrame out;
    for (int i = 0; i < size(); ++i) {
        const auto index = static_cast<std::size_t>(i);
        const glm::vec3 color = render::skeletonColor(i);
        out.poses.push_back({m_poses[index].data(), color});
        if (!showTrails)
            continue;
        const auto ribbon = render::buildTrailRibbon(m_trails[index], frame, glm::vec4(color, 0.85f),
                                                     glm::vec4(color, 0.25f));
        out.trails.insert(out.trails.end(), ribbon.begin(), ribbon.end());
    }
    if (m_character)
        out.rigs.push_back({m_characterPose.data(), &m_character->parents, render::skeletonColor(size())});
    return out;
}

} // namespace stepmotion::ui
