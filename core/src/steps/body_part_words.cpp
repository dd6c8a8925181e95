// bodyPartsNamedIn (body_part_words.h): whole-word rules over the step's tokens.

#include "stepmotion/core/steps/body_part_words.h"

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <set>

namespace stepmotion {
namespace {

using Words = std::vector<std::string>;

Words tokens(const std::string& text)
{
    Words out;
    std::string word;
    for (const char c : text + " ") {
        const unsigned char u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || c == '\'') {
            word += static_cast<char>(std::tolower(u));
        } else if (!word.empty()) {
            out.push_back(word);
            word.clear();
        }
    }
    return out;
}

bool among(const std::string& w, std::initializer_list<const char*> list)
{
    return std::any_of(list.begin(), list.end(), [&w](const char* s) { return w == s; });
}

/// A verb by its stem: "walk", "walks", "walked", "walking"; "hop", "hopping"; "dance", "dancing".
bool verbForm(const std::string& w, const std::string& stem)
{
    if (w == stem || w == stem + "s" || w == stem + "es" || w == stem + "ed" || w == stem + "ing")
        return true;
    const std::string doubled = stem + stem.back();
    if (w == doubled + "ing" || w == doubled + "ed")
        return true;
    if (stem.back() == 'e') {
        const std::string base = stem.substr(0, stem.size() - 1);
        return w == base + "ing" || w == base + "ed";
    }
    return false;
}

bool anyVerb(const std::string& w, std::initializer_list<const char*> stems)
{
    return std::any_of(stems.begin(), stems.end(), [&w](const char* s) { return verbForm(w, s); });
}

bool determiner(const std::string& w)
{
    return among(w, {"your", "his", "her", "their", "the", "my", "its", "one's", "whole", "entire"});
}

/// Words after which a part is a place ("over your head", "in front of your face").
bool placeWord(const std::string& w)
{
    return among(w, {"over", "above", "behind", "below", "beneath", "under", "underneath", "to", "towards", "toward",
                     "by", "at", "on", "onto", "of", "near", "beside", "against", "around", "across", "past", "from",
                     "into", "between", "along", "beyond"});
}

enum class Limb { None, Arm, Hand, Leg };

Limb limbOf(const std::string& w, bool& plural)
{
    struct Noun {
        const char* one;
        const char* many;
        Limb limb;
    };
    static const Noun kNouns[] = {
        {"arm", "arms", Limb::Arm},       {"elbow", "elbows", Limb::Arm},   {"shoulder", "shoulders", Limb::Arm},
        {"forearm", "forearms", Limb::Arm}, {"hand", "hands", Limb::Hand},  {"wrist", "wrists", Limb::Hand},
        {"finger", "fingers", Limb::Hand}, {"palm", "palms", Limb::Hand},   {"fist", "fists", Limb::Hand},
        {"thumb", "thumbs", Limb::Hand},   {"leg", "legs", Limb::Leg},      {"knee", "knees", Limb::Leg},
        {"foot", "feet", Limb::Leg},       {"thigh", "thighs", Limb::Leg},  {"ankle", "ankles", Limb::Leg},
        {"toe", "toes", Limb::Leg},        {"heel", "heels", Limb::Leg},    {"shin", "shins", Limb::Leg},
        {"calf", "calves", Limb::Leg},
    };
    for (const Noun& n : kNouns) {
        if (w == n.one || w == n.many) {
            plural = w == n.many;
            return n.limb;
        }
    }
    return Limb::None;
}

struct Reading {
    std::set<BodyPart> parts;
    bool wholeBodyVerb = false; // walk, run, jump, … : always the whole body
    bool bodyVerb = false;      // turn, stand, still, … : the whole body unless a part is named
    bool headVerb = false;      // look, nod
};

/// Index of the first word before `i` that is not a side, "and", "both" or a determiner.
std::size_t before(const Words& w, std::size_t i)
{
    while (i > 0 && (among(w[i - 1], {"left", "right", "and", "both", "two", "a", "an", "one", "other"}) ||
                     determiner(w[i - 1])))
        --i;
    return i;
}

bool isPlace(const Words& w, std::size_t i)
{
    const std::size_t b = before(w, i);
    return b > 0 && placeWord(w[b - 1]);
}

void addLimb(Reading& r, const Words& w, std::size_t i, Limb limb, bool plural)
{
    bool left = false;
    bool right = false;
    for (std::size_t k = before(w, i); k < i; ++k) {
        left = left || w[k] == "left";
        right = right || w[k] == "right";
    }
    if (!left && !right) {
        if (!plural && !(i > 0 && w[i - 1] == "both"))
            return; // "an arm", "one foot": no side to move
        left = right = true;
    }
    const auto add = [&r, limb](bool leftSide) {
        if (limb == Limb::Leg)
            r.parts.insert(leftSide ? BodyPart::LeftLeg : BodyPart::RightLeg);
        else if (limb == Limb::Hand)
            r.parts.insert(leftSide ? BodyPart::LeftHand : BodyPart::RightHand);
        else
            r.parts.insert(leftSide ? BodyPart::LeftArm : BodyPart::RightArm);
    };
    if (left)
        add(true);
    if (right)
        add(false);
}

/// True from a word that starts a clause of what else goes on ("while you walk", "as you go",
/// "when turning"): its verbs belong to another step.
bool opensSideClause(const Words& w, std::size_t i)
{
    return among(w[i], {"while", "whilst", "when"}) ||
           (w[i] == "as" && i + 1 < w.size() && among(w[i + 1], {"you", "he", "she", "they", "we", "i"}));
}

/// Reads `word` as a verb of the rules; false when it is none.
bool readVerb(Reading& r, const std::string& word)
{
    if (anyVerb(word, {"walk", "run", "sprint", "jog", "jump", "hop", "leap", "squat", "crouch", "kneel", "sit", "step",
                       "sidestep", "shuffle", "march", "skip", "lunge", "crawl", "climb", "dance", "stroll", "stride"}) ||
        among(word, {"ran", "sat", "leapt", "knelt"}))
        r.wholeBodyVerb = true;
    else if (anyVerb(word, {"turn", "rotate", "spin", "pivot", "stand", "stop", "stay", "remain", "move", "rise",
                            "lie", "fall", "bend"}) ||
             among(word, {"still", "stood", "rose", "lay", "fell", "spun", "lying"}))
        r.bodyVerb = true;
    else if (anyVerb(word, {"look", "nod", "glance"}))
        r.headVerb = true;
    else
        return false;
    return true;
}

void readWord(Reading& r, const Words& w, std::size_t i, bool sideClause)
{
    const std::string& word = w[i];
    const bool afterDeterminer = i > 0 && determiner(w[i - 1]);
    if (!sideClause && readVerb(r, word))
        return; // a side clause's verbs belong to another step; its parts still count
    if (isPlace(w, i))
        return;
    bool plural = false;
    if (const Limb limb = limbOf(word, plural); limb != Limb::None) {
        addLimb(r, w, i, limb, plural);
    } else if (among(word, {"head", "neck", "chin", "forehead"}) || (word == "face" && afterDeterminer)) {
        r.parts.insert(BodyPart::Head);
    } else if (among(word, {"torso", "chest", "waist", "spine", "hips", "hip", "pelvis", "belly", "stomach"}) ||
               (word == "back" && afterDeterminer && !(i + 1 < w.size() && w[i + 1] == "of"))) {
        r.parts.insert(BodyPart::Torso);
    } else if (word == "body" && i > 0 && w[i - 1] == "upper") {
        r.parts.insert(BodyPart::Torso);
    } else if (word == "body" && i > 0 && w[i - 1] == "lower") {
        r.parts.insert(BodyPart::LeftLeg);
        r.parts.insert(BodyPart::RightLeg);
    } else if (word == "body" && afterDeterminer) {
        r.parts.insert(BodyPart::WholeBody);
    }
}

} // namespace

std::vector<BodyPart> bodyPartsNamedIn(const std::string& text)
{
    const Words w = tokens(text);
    Reading r;
    bool sideClause = false;
    for (std::size_t i = 0; i < w.size(); ++i) {
        sideClause = sideClause || opensSideClause(w, i);
        readWord(r, w, i, sideClause);
    }
    if (r.headVerb)
        r.parts.insert(BodyPart::Head);
    if (r.wholeBodyVerb || (r.bodyVerb && r.parts.empty()) || r.parts.empty())
        r.parts.insert(BodyPart::WholeBody);
    return {r.parts.begin(), r.parts.end()};
}

} // namespace stepmotion
