// The per-rater trial plan: which screens a rater sees, in which order, and on which side each
// clip plays. Deterministic for (design, rater, session seed) so a resumed session re-creates
// exactly the plan it started with.

#include "stepmotion/core/study/study.h"

#include <algorithm>
#include <filesystem>
#include <random>

namespace stepmotion {
namespace {

std::string seedTag(uint64_t seed)
{
    return "s" + std::to_string(seed);
}

bool hasClip(const StudyPrompt& prompt, const StudySystem& system)
{
    return !system.groundTruth || !prompt.groundTruthClip.empty();
}

Trial makeTrial(TrialKind kind, const StudyPrompt& prompt, uint64_t seed, const std::string& a, const std::string& b)
{
    Trial t;
    t.kind = kind;
    t.promptId = prompt.id;
    t.seed = seed;
    t.systemA = a;
    t.systemB = b;
    t.promptB = kind == TrialKind::Pairwise ? prompt.id : std::string();
    if (kind == TrialKind::Pairwise)
        t.key = "pair:" + prompt.id + ":" + a + ":" + b + ":" + seedTag(seed);
    else
        t.key = std::string(kind == TrialKind::Likert ? "likert:" : "steps:") + prompt.id + ":" + a + ":" + seedTag(seed);
    return t;
}

void addPromptTrials(const StudyDesign& d, const StudyPrompt& prompt, uint64_t seed, std::vector<Trial>& out)
{
    const auto& systems = d.systems;
    if (d.trialTypes.pairwise) {
        for (std::size_t i = 0; i < systems.size(); ++i) {
            for (std::size_t j = i + 1; j < systems.size(); ++j) {
                if (hasClip(prompt, systems[i]) && hasClip(prompt, systems[j]))
                    out.push_back(makeTrial(TrialKind::Pairwise, prompt, seed, systems[i].id, systems[j].id));
            }
        }
    }
    for (const StudySystem& s : systems) {
        if (s.groundTruth)
            continue;
        if (d.trialTypes.likert)
            out.push_back(makeTrial(TrialKind::Likert, prompt, seed, s.id, ""));
        if (d.trialTypes.stepChecks)
            out.push_back(makeTrial(TrialKind::StepCheck, prompt, seed, s.id, ""));
    }
}

// Draw in [0, n) from the engine's raw output: std::uniform_int_distribution differs between
// standard libraries, and plans must be identical wherever a study runs.
std::size_t draw(std::mt19937_64& rng, std::size_t n)
{
    return static_cast<std::size_t>(rng() % n);
}

// The system whose clips an attention check shows: ground truth when both prompts have a clip
// (the strongest "obviously right" case), otherwise the first model system.
const StudySystem& attentionSystem(const StudyDesign& d, const StudyPrompt& p, const StudyPrompt& q)
{
    for (const StudySystem& s : d.systems) {
        if (s.groundTruth && hasClip(p, s) && hasClip(q, s))
            return s;
    }
    for (const StudySystem& s : d.systems) {
        if (!s.groundTruth)
            return s;
    }
    return d.systems.front();
}

Trial attentionTrial(const StudyDesign& d, int number, std::mt19937_64& rng)
{
    const StudyPrompt& p = d.prompts[draw(rng, d.prompts.size())];
    std::vector<const StudyPrompt*> others;
    for (const StudyPrompt& q : d.prompts) {
        if (q.steps != p.steps)
            others.push_back(&q);
    }
    // parseStudyDesign guarantees two prompts differ, but `p` itself may be the odd one out.
    const StudyPrompt& q = others.empty() ? d.prompts.front() : *others[draw(rng, others.size())];
    const StudyPrompt& match = others.empty() ? q : p; // keep A/B meaning even in that corner
    const StudyPrompt& mismatch = others.empty() ? p : q;
    const StudySystem& s = attentionSystem(d, match, mismatch);
    const uint64_t seed = d.seeds[draw(rng, d.seeds.size())];
    Trial t;
    t.kind = TrialKind::Pairwise;
    t.attentionCheck = true;
    t.promptId = match.id;
    t.promptB = mismatch.id;
    t.systemA = s.id;
    t.systemB = s.id;
    t.seed = seed;
    t.expectedPreferred = kAttentionMatch;
    t.key = "attn:" + std::to_string(number) + ":" + match.id + ":" + mismatch.id + ":" + s.id + ":" + seedTag(seed);
    return t;
}

} // namespace

uint64_t fnv1a64(std::string_view text)
{
    uint64_t hash = 14695981039346656037ULL;
    for (char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
    }
    return hash;
}

std::string_view trialKindName(TrialKind kind)
{
    switch (kind) {
    case TrialKind::Pairwise: return "pairwise";
    case TrialKind::Likert: return "likert";
    case TrialKind::StepCheck: return "step_check";
    }
    return "pairwise";
}

std::optional<TrialKind> trialKindFromName(std::string_view name)
{
    for (TrialKind k : {TrialKind::Pairwise, TrialKind::Likert, TrialKind::StepCheck}) {
        if (trialKindName(k) == name)
            return k;
    }
    return std::nullopt;
}

std::string preferredAnswer(const Trial& trial, bool chooseA)
{
    if (trial.attentionCheck)
        return chooseA ? kAttentionMatch : kAttentionMismatch;
    return chooseA ? trial.systemA : trial.systemB;
}

std::string studyClipPath(const std::string& studyDir, const std::string& promptId, const std::string& systemId,
                          uint64_t seed)
{
    const std::string file = promptId + "__" + systemId + "__" + seedTag(seed) + ".npy";
    return (std::filesystem::path(studyDir) / "clips" / file).string();
}

std::string trialClipPath(const std::string& studyDir, const Trial& trial, bool sideA)
{
    if (sideA || trial.kind != TrialKind::Pairwise)
        return studyClipPath(studyDir, trial.promptId, trial.systemA, trial.seed);
    return studyClipPath(studyDir, trial.promptB.empty() ? trial.promptId : trial.promptB, trial.systemB, trial.seed);
}

std::vector<Trial> planTrials(const StudyDesign& design, const std::string& raterId, uint64_t sessionSeed)
{
    std::vector<Trial> plan;
    for (const StudyPrompt& prompt : design.prompts) {
        for (uint64_t seed : design.seeds)
            addPromptTrials(design, prompt, seed, plan);
    }
    std::mt19937_64 rng(fnv1a64(raterId) + sessionSeed);
    // Fisher-Yates with the portable draw (std::shuffle's use of the engine is unspecified).
    for (std::size_t i = plan.size(); i > 1; --i)
        std::swap(plan[i - 1], plan[draw(rng, i)]);
    for (int k = 0; k < design.attentionChecks && design.prompts.size() > 1; ++k) {
        Trial check = attentionTrial(design, k, rng);
        // Never first: a rater should have seen a normal trial before being tested.
        const std::size_t at = plan.empty() ? 0 : 1 + draw(rng, plan.size());
        plan.insert(plan.begin() + static_cast<std::ptrdiff_t>(at), std::move(check));
    }
    for (std::size_t i = 0; i < plan.size(); ++i) {
        plan[i].index = static_cast<int>(i);
        plan[i].aOnLeft = (rng() & 1U) != 0;
    }
    return plan;
}

std::vector<StudyClip> studyClips(const std::string& studyDir, const StudyDesign& design)
{
    std::vector<StudyClip> clips;
    for (const StudyPrompt& prompt : design.prompts) {
        for (uint64_t seed : design.seeds) {
            for (const StudySystem& system : design.systems) {
                if (hasClip(prompt, system))
                    clips.push_back({prompt.id, system.id, seed, studyClipPath(studyDir, prompt.id, system.id, seed)});
            }
        }
    }
    return clips;
}

std::vector<std::string> missingStudyClips(const std::string& studyDir, const StudyDesign& design)
{
    std::vector<std::string> missing;
    for (const StudyClip& clip : studyClips(studyDir, design)) {
        std::error_code ec;
        if (!std::filesystem::exists(clip.path, ec))
            missing.push_back(clip.path);
    }
    return missing;
}

} // namespace stepmotion
