#pragma once
// Checks the step describer against FineMotion: on the CMU HumanML3D clips that have both a
// BVH in the unpacked data tree and FineMotion BPMSD snippet texts, how often the body parts a
// snippet names are tagged by describer steps active in that snippet's 0.5 s window (recall),
// and how often a part the describer tags in a window is named by the snippet (precision).
// Snippet i of a clip covers frames [10i, 10i + 10) at 20 fps, i.e. [0.5 i, 0.5 i + 0.5) s.

#include "stepmotion/core/describer/step_describer.h"

#include <string>
#include <vector>

namespace stepmotion {

/// Which FineMotion snippet texts a clip is scored against.
enum class FineMotionTextSet {
    Auto,        // BPMSD_auto for every clip
    PreferHuman, // BPMSD_human where the clip has it (8 of the 142 CMU clips), else BPMSD_auto
};

struct DescriberCheckOptions {
    FineMotionTextSet texts = FineMotionTextSet::PreferHuman;
    double windowToleranceS = 0.25; // a step counts for a snippet when it overlaps the snippet's
                                    // 0.5 s span widened by this much on both sides
    DescriberOptions describer;
};

/// Counts for one body-part group: "head", "torso", "left_arm", "right_arm", "left_leg",
/// "right_leg" (hands fold into their arms), or "overall" (micro sums over those six).
struct PartScore {
    std::string group;
    int named = 0;          // snippets naming the group
    int namedAndTagged = 0; // ... whose window has a describer step tagged with it
    int tagged = 0;         // snippet windows where the describer tags the group
    double recall() const { return named > 0 ? double(namedAndTagged) / named : 0.0; }
    double precision() const { return tagged > 0 ? double(namedAndTagged) / tagged : 0.0; }
};

struct DescriberCheckResult {
    int clips = 0;             // clips scored
    int humanTextClips = 0;    // ... of which against BPMSD_human
    int windows = 0;           // non-empty snippets scored (empty strings say nothing and are skipped)
    double describeMsPerClip = 0;
    std::vector<PartScore> parts; // the six groups, in the order above
    PartScore overall;
};

/// Body-part groups a FineMotion snippet names, from its words ("Raise your left arm" ->
/// left_arm; "your knees" -> both legs; "lean", "your back" -> torso; "head", "look" -> head).
/// Whole-body verbs (walk, jump) name no group. Case-insensitive.
std::vector<std::string> fineMotionBodyPartGroups(const std::string& snippet);

/// The groups a describer step's body parts belong to (WholeBody belongs to none).
std::vector<std::string> describerBodyPartGroups(const Step& step);

/// Runs the check over `dataTree` (the unpack.sh tree: joins/hml3d_cmu_join.csv,
/// finemotion/BPMSD_auto.json, finemotion/BPMSD_human.json, cmu_bvh20/). Describer steps with
/// the rule "still" are not counted. Throws stepmotion::Error naming the file when a needed
/// file is missing or malformed, or when no clip could be scored.
DescriberCheckResult checkDescriberOnFineMotion(const std::string& dataTree,
                                                const DescriberCheckOptions& options = {});

/// A plain-text table of `result`: one row per group plus the overall row.
std::string formatDescriberCheck(const DescriberCheckResult& result);

} // namespace stepmotion
