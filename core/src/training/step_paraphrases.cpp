#include "training/step_paraphrases.h"

#include <regex>

namespace stepmotion {
namespace {

struct Rule {
    std::regex pattern;
    std::vector<std::string> wordings; // std::regex_replace formats ($1 = first group)
};

const std::vector<Rule>& rules()
{
    static const std::vector<Rule> kRules = [] {
        const auto r = [](const char* pattern, std::vector<std::string> wordings) {
            return Rule{std::regex(pattern), std::move(wordings)};
        };
        return std::vector<Rule>{
            r(R"(Turn your body (\d+) degrees to the (left|right)\.)",
              {"Turn $2.", "Turn to the $2.", "Turn $1 degrees to the $2.", "Turn to your $2.",
               "Rotate your body to the $2.", "Turn around to the $2.", "Make a turn to the $2."}),
            r(R"(Walk forward\.)", {"Walk.", "Walk ahead.", "Walk straight ahead.", "Take a few steps forward.",
                                    "Go forward.", "Walk forwards."}),
            r(R"(Walk forward slowly\.)", {"Walk slowly.", "Walk slowly forward.", "Stroll forward.",
                                           "Take slow steps forward."}),
            r(R"(Run forward\.)", {"Run.", "Run ahead.", "Sprint forward.", "Run forwards."}),
            r(R"(Jog forward\.)", {"Jog.", "Jog ahead.", "Jog forwards."}),
            r(R"(Walk backward( slowly)?\.)", {"Walk backwards.", "Step backward.", "Back up.",
                                               "Walk back.", "Move backward."}),
            r(R"(Walk sideways to the (left|right)( slowly)?\.)",
              {"Sidestep to the $1.", "Step sideways to the $1.", "Walk to the $1 sideways.", "Shuffle to the $1."}),
            r(R"(Raise your (left|right) arm above your head\.)",
              {"Raise your $1 arm.", "Lift your $1 arm above your head.", "Put your $1 arm up.",
               "Raise your $1 hand over your head.", "Reach up with your $1 arm.", "Hold your $1 arm up high."}),
            r(R"(Raise both arms above your head\.)",
              {"Raise both arms.", "Lift both arms up.", "Put your arms up.", "Raise your arms over your head.",
               "Reach up with both arms."}),
            r(R"(Lower your (left|right) arm to your side\.)",
              {"Lower your $1 arm.", "Put your $1 arm down.", "Drop your $1 arm to your side.",
               "Bring your $1 arm down.", "Let your $1 arm hang down."}),
            r(R"(Lower both arms to your sides\.)",
              {"Lower your arms.", "Put your arms down.", "Lower both arms.", "Drop your arms to your sides.",
               "Bring both arms down."}),
            r(R"(Wave your (left|right) hand( \w+ times| twice)?\.)",
              {"Wave your $1 hand.", "Wave with your $1 hand.", "Wave hello with your $1 hand.",
               "Wave your $1 hand back and forth."}),
            r(R"(Wave both hands( \w+ times| twice)?\.)", {"Wave both hands.", "Wave with both hands."}),
            r(R"(Crouch down\.)", {"Squat down.", "Squat.", "Crouch.", "Bend your knees and squat down.",
                                   "Lower your body into a squat."}),
            r(R"(Jump up\.)", {"Jump.", "Jump in place.", "Hop up.", "Jump straight up."}),
            r(R"(Jump forward\.)", {"Jump ahead.", "Leap forward.", "Hop forward."}),
            r(R"(Kick high with your (left|right) leg\.)",
              {"Kick with your $1 leg.", "Kick your $1 leg.", "Kick forward with your $1 foot.",
               "Kick high with your $1 foot."}),
            r(R"(Stand still\.)", {"Stand in place.", "Stay still.", "Stand without moving.", "Don't move.",
                                   "Keep still.", "Stand there."}),
        };
    }();
    return kRules;
}

} // namespace

std::vector<std::string> stepParaphrases(const std::string& text)
{
    std::vector<std::string> out{text};
    for (const Rule& rule : rules()) {
        std::smatch match;
        if (!std::regex_match(text, match, rule.pattern))
            continue;
        for (const auto& wording : rule.wordings)
            out.push_back(match.format(wording));
        break;
    }
    return out;
}

const std::vector<std::string>& standStillWordings()
{
    static const std::vector<std::string> kWordings = {"Stand still.", "Stand in place.", "Stay still.",
                                                       "Stand without moving.", "Keep your feet still.",
                                                       "Keep still.", "Stand there."};
    return kWordings;
}

} // namespace stepmotion
