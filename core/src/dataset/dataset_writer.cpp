// Per-take work of the dataset builder: load and retarget one BVH or ASF/AMC take, cut it into
// clips, encode features, and write each clip's (and its mirror's) npy, text and step files.
// Every output file depends only on its own clip, so workers can run in any order.

#include "dataset/dataset_pipeline.h"

#include "stepmotion/core/formats/atomic_file.h"
#include "stepmotion/core/bvh/bvh.h"
#include "stepmotion/core/dataset/dataset_builder.h"
#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/motion/feature_codec.h"
#include "stepmotion/core/import/motion_io.h"
#include "stepmotion/core/formats/npy.h"
#include "stepmotion/core/steps/steps.h"

#include <algorithm>
#include <cmath>

namespace stepmotion::dataset {
namespace {

JointClip sliceFrames(const JointClip& take, int start, int end)
{
    JointClip out(end - start, take.joints, take.fps);
    const std::size_t perFrame = static_cast<std::size_t>(take.joints) * 3;
    std::copy(take.xyz.begin() + static_cast<std::ptrdiff_t>(start * perFrame),
              take.xyz.begin() + static_cast<std::ptrdiff_t>(end * perFrame), out.xyz.begin());
    return out;
}

/// The take at 20 fps on the 22 joints, and the name of the rig it was recognised as.
JointClip loadTake(const TakeJob& job, const std::vector<RigMap>& rigs, std::string& rigName)
{
    const BvhClip source = readRigClip(job.path); // a .bvh, or an .amc with the .asf beside it
    const RigMap& rig = detectRig(source, rigs, job.path);
    rigName = rig.name;
    const bool resample = std::abs(source.fps() - kFps) > 1e-6;
    JointClip joints = retarget(resample ? resampleBvh(source, kFps) : source, rig);
    joints.fps = kFps;
    return joints;
}

nlohmann::json stepsDocument(const ClipPlan& plan, const JointClip& joints, const StepList& described,
                             bool mirrored, const SourceCatalog& catalog)
{
    nlohmann::json lists = nlohmann::json::array();
    lists.push_back(describerStepList(described, mirrored));
    if (!plan.hmlId.empty()) {
        // FineMotion has real mirrored texts ("M" keys); swap words only if one is missing.
        const auto own = catalog.fineMotion.find(mirrored ? "M" + plan.hmlId : plan.hmlId);
        const auto base = catalog.fineMotion.find(plan.hmlId);
        if (own != catalog.fineMotion.end()) {
            lists.push_back(fineMotionStepList(own->second, joints.frames));
        } else if (mirrored && base != catalog.fineMotion.end()) {
            std::vector<std::string> swapped;
            for (const std::string& s : base->second)
                swapped.push_back(mirrorLeftRightWords(s));
            lists.push_back(fineMotionStepList(swapped, joints.frames));
        }
    }
    nlohmann::json doc = nlohmann::json::object();
    doc["version"] = 1;
    doc["id"] = (mirrored ? "M" : "") + plan.id;
    doc["fps"] = kFps;
    doc["frames"] = joints.frames;
    doc["lists"] = std::move(lists);
    if (!plan.hmlId.empty())
        doc["finemotion_set"] = "BPMSD_auto";
    return doc;
}

nlohmann::json manifestEntry(const TakeJob& job, const ClipPlan& plan, const std::string& rig,
                             int frames, bool mirrored)
{
    nlohmann::json e = nlohmann::json::object();
    e["source"] = job.source;
    e["file"] = job.relPath;
    e["rig"] = rig;
    e["licence"] = job.licence;
    e["split"] = plan.split;
    e["frame_start"] = plan.start;   // joint frames [start, end) of the 20 fps take;
    e["frame_end"] = plan.end;       // the stored frames are [start, end - 1)
    e["frames"] = frames;
    e["fps"] = kFps;
    e["mirrored"] = mirrored;
    if (mirrored)
        e["mirror_of"] = plan.id;
    if (!plan.hmlId.empty())
        e["humanml3d_id"] = (mirrored ? "M" : "") + plan.hmlId;
    if (!job.content.empty()) {
        e["content"] = job.content;
        e["style"] = job.style;
    }
    return e;
}

bool allFinite(const std::vector<float>& v)
{
    for (float x : v)
        if (!std::isfinite(x))
            return false;
    return true;
}

/// The describer's steps, or an empty "describer" list plus a warning when it fails: a
/// describer problem must not cost the clip its motion and captions.
StepList describeOrWarn(const JointClip& joints, const std::string& what, std::vector<std::string>& warnings)
{
    try {
        StepList list = describerSteps(joints);
        stepListToJson(list); // validates what will be written
        return list;
    } catch (const std::exception& e) {
        warnings.push_back(what + ": describer: " + e.what());
        StepList empty;
        empty.source = "describer";
        return empty;
    }
}

/// Writes one clip. The describer runs on the original clip only (filling `described`);
/// the mirror reuses that list through mirrorStepList, so both agree.
void writeClip(const TakeJob& job, const ClipPlan& plan, const JointClip& cut, StepList& described,
               bool mirrored, const std::string& rig, const SourceCatalog& catalog,
               const std::string& outDir, TakeResult& result)
{
    const std::string id = (mirrored ? "M" : "") + plan.id;
    const FeatureClip features = encodeFeatures(cut);
    const JointClip joints = decodeFeatures(features);
    if (!allFinite(features.values) || !allFinite(joints.xyz))
        throw fileError(job.path, "clip " + id + ": non-finite features");
    if (!mirrored)
        described = describeOrWarn(joints, job.path + ": clip " + id, result.warnings);
    const auto t = static_cast<std::size_t>(features.frames);
    writeNpy(outDir + "/new_joint_vecs/" + id + ".npy", {t, static_cast<std::size_t>(kFeatureDim)}, features.values);
    writeNpy(outDir + "/new_joints/" + id + ".npy", {t, static_cast<std::size_t>(kJointCount), 3}, joints.xyz);

    std::string text;
    for (const std::string& caption : coarseCaptions(job, plan, described.coarse))
        text += humanMl3dTextLine(mirrored ? mirrorLeftRightWords(caption) : caption) + "\n";
    writeFileAtomically(outDir + "/texts/" + id + ".txt", text);
    writeFileAtomically(outDir + "/steps/" + id + ".json",
                        stepsDocument(plan, joints, described, mirrored, catalog).dump(1) + "\n");

    result.manifest[id] = manifestEntry(job, plan, rig, features.frames, mirrored);
    result.splitIds[plan.split].push_back(id);
    ++result.clipsPerSplit[plan.split];
    result.seconds += features.frames / kFps;
    if (plan.split != "train")
        return;
    for (int f = 0; f < features.frames; ++f) {
        const float* row = features.row(f);
        for (int d = 0; d < kFeatureDim; ++d) {
            result.sum[static_cast<std::size_t>(d)] += row[d];
            result.sumSq[static_cast<std::size_t>(d)] += static_cast<double>(row[d]) * row[d];
        }
    }
    result.trainFrames += features.frames;
}

} // namespace

TakeResult processTake(const TakeJob& job, const SourceCatalog& catalog, const std::string& outDir, bool mirror)
{
    TakeResult result;
    result.sum.assign(kFeatureDim, 0.0);
    result.sumSq.assign(kFeatureDim, 0.0);
    JointClip take;
    std::string rig;
    try {
        take = loadTake(job, catalog.rigs, rig);
    } catch (const std::exception& e) {
        result.skipped.push_back(e.what());
        return result;
    }
    const std::vector<ClipPlan> plans = planClips(job, take.frames);
    for (const HmlSegment& s : job.hml)
        result.droppedShort += std::none_of(plans.begin(), plans.end(), [&](const ClipPlan& p) { return p.hmlId == s.id; });
    if (job.hml.empty() && plans.empty())
        ++result.droppedShort;
    for (const ClipPlan& plan : plans) {
        try {
            const JointClip cut = sliceFrames(take, plan.start, plan.end);
            StepList described;
            writeClip(job, plan, cut, described, false, rig, catalog, outDir, result);
            if (mirror)
                writeClip(job, plan, mirrorJoints(cut), described, true, rig, catalog, outDir, result);
        } catch (const std::exception& e) {
            result.skipped.push_back(e.what());
        }
    }
    return result;
}

void writeMeanStd(const std::string& outDir, const std::vector<double>& sum,
                  const std::vector<double>& sumSq, long long frames)
{
    std::vector<float> mean(kFeatureDim, 0.0f), stdev(kFeatureDim, 1.0f);
    if (frames > 0) {
        std::vector<double> sd(kFeatureDim);
        for (std::size_t d = 0; d < sd.size(); ++d) {
            const double m = sum[d] / static_cast<double>(frames);
            mean[d] = static_cast<float>(m);
            sd[d] = std::sqrt(std::max(0.0, sumSq[d] / static_cast<double>(frames) - m * m));
        }
        // HumanML3D averages the std over each feature group so that no single channel
        // dominates after normalisation; groups: root rot vel, root lin vel, root height,
        // ric, rot 6d, local velocities, foot contacts.
        const int bounds[] = {0, 1, 3, 4, 67, 193, 259, 263};
        for (int g = 0; g + 1 < 8; ++g) {
            double avg = 0.0;
            for (int d = bounds[g]; d < bounds[g + 1]; ++d)
                avg += sd[static_cast<std::size_t>(d)];
            avg /= bounds[g + 1] - bounds[g];
            for (int d = bounds[g]; d < bounds[g + 1]; ++d)
                stdev[static_cast<std::size_t>(d)] = std::max(static_cast<float>(avg), kDatasetStdFloor);
        }
    }
    writeNpy(outDir + "/Mean.npy", {static_cast<std::size_t>(kFeatureDim)}, mean);
    writeNpy(outDir + "/Std.npy", {static_cast<std::size_t>(kFeatureDim)}, stdev);
}

} // namespace stepmotion::dataset
