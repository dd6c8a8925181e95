// `stepmotion study simulate`: a deterministic scripted rater that answers through ResponseLog
// exactly as the app does. Used to rehearse a study's analysis before real raters, and by the
// crash test (--abort-after kills the process right after an answer was saved).

#include "cli_args.h"
#include "study_cli.h"

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/study/study_responses.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <random>

namespace stepmotion::cli {
namespace {

const char* const kSimulateUsage =
    "usage: stepmotion study simulate DIR --rater ID --answers N [--seed S] [--session-seed S] [--careless]\n"
    "                                 [--abort-after K]";

// Uniform in [0, 1) from the raw engine output, identical on every standard library.
double uniform(std::mt19937_64& rng)
{
    return double(rng() >> 11) * (1.0 / 9007199254740992.0);
}

int systemRank(const StudyDesign& design, const std::string& id)
{
    for (std::size_t i = 0; i < design.systems.size(); ++i) {
        if (design.systems[i].id == id)
            return int(i);
    }
    return 0;
}

// The script: the earlier a system is listed, the better it does; ratings get seeded noise.
void fillAnswer(TrialResponse& r, const Trial& t, const StudyDesign& design, bool careless, std::mt19937_64& rng)
{
    r.seconds = 2.0 + 8.0 * uniform(rng);
    if (t.attentionCheck) {
        r.preferred = preferredAnswer(t, !careless);
        return;
    }
    const int rank = systemRank(design, t.systemA);
    if (t.kind == TrialKind::Pairwise) {
        const bool aFirst = rank < systemRank(design, t.systemB);
        const double u = uniform(rng);
        r.preferred = u < 0.1 ? std::string(kPreferTie) : preferredAnswer(t, (u < 0.75) == aFirst);
    } else if (t.kind == TrialKind::Likert) {
        const auto score = [&](int base) { return std::clamp(base + int(rng() % 3) - 1, 1, 5); };
        r.faithfulness = score(4 - rank);
        r.naturalness = score(4 - rank / 2);
    } else {
        for (const StudyPrompt& p : design.prompts) {
            for (std::size_t s = 0; p.id == t.promptId && s < p.steps.steps.size(); ++s)
                r.stepsPerformed.push_back(uniform(rng) < (rank == 0 ? 0.85 : 0.55));
        }
    }
}

} // namespace

int runStudySimulate(int argc, char** argv)
{
    if (helpRequested(argc, argv, 3))
        return printHelp(kSimulateUsage);
    const Args args(argc, argv, 3, {"careless"});
    args.requireKnown({"rater", "answers", "seed", "session-seed", "careless", "abort-after"});
    if (args.positional().size() != 1 || !args.has("rater") || !args.has("answers"))
        throw Error(kSimulateUsage);
    const std::string dir = args.positional().front();
    const std::string rater = args.value("rater");
    if (!isValidStudyId(rater))
        throw Error("--rater: invalid id '" + rater + "' (letters, digits, . _ -)");
    const int answers = args.intValue("answers", 0, 1, 1000000);
    const int abortAfter = args.intValue("abort-after", 0, 0, 1000000);
    const auto seed = static_cast<uint64_t>(args.intValue("seed", 1, 0, 2147483647));
    const auto sessionSeed = static_cast<uint64_t>(args.intValue("session-seed", 1, 0, 2147483647));
    const StudyDesign design = loadStudyDesign(studyDesignPath(dir));
    const std::vector<Trial> plan = planTrials(design, rater, sessionSeed);
    const std::string path = studyResponsesPath(dir, rater);
    std::vector<TrialResponse> done;
    if (std::filesystem::exists(path))
        done = loadResponses(path).responses;
    const int start = resumeTrialIndex(plan, done);
    // The answer stream depends on where the session resumes, so a resumed run stays deterministic.
    std::mt19937_64 rng(fnv1a64(rater) + seed * 1000003ULL + uint64_t(start));
    ResponseLog log(path);
    int written = 0;
    for (int i = start; i < int(plan.size()) && written < answers; ++i) {
        TrialResponse r = responseForTrial(plan[std::size_t(i)], rater);
        fillAnswer(r, plan[std::size_t(i)], design, args.flag("careless"), rng);
        log.append(r);
        if (++written == abortAfter)
            std::abort(); // simulated crash: the answer above is already on disk
    }
    std::cout << rater << ": answered " << written << " trials, next trial " << start + written << " of "
              << plan.size() << "\n";
    return 0;
}

} // namespace stepmotion::cli
