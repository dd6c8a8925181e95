// Coarse whole-clip captions for the dataset builder: KIT-ML captions that span the clip,
// CMU's trial descriptions, and sentences made from Bandai's content/style labels through
// template tables chosen deterministically from the clip id. Also the HumanML3D text-line
// format and the left/right word swap used for mirrored clips.

#include "dataset/dataset_pipeline.h"

#include "stepmotion/core/dataset/dataset_builder.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>

namespace stepmotion::dataset {
namespace {

struct Phrases {
    const char* label;
    std::array<const char*, 3> options;
};

// Verb phrases per Bandai content label (third person, no subject).
constexpr Phrases kContents[] = {
    {"walk", {"walks forward", "is walking ahead", "takes a few steps forward"}},
    {"run", {"runs forward", "jogs ahead", "is running"}},
    {"dash", {"dashes forward", "sprints ahead", "bursts into a fast run"}},
    {"walk-back", {"walks backwards", "steps backward", "moves back step by step"}},
    {"walk-left", {"walks to the left", "steps sideways to the left", "moves left on foot"}},
    {"walk-right", {"walks to the right", "steps sideways to the right", "moves right on foot"}},
    {"walk-turn-left", {"walks and turns left", "walks forward and then turns to the left", "takes a left turn while walking"}},
    {"walk-turn-right", {"walks and turns right", "walks forward and then turns to the right", "takes a right turn while walking"}},
    {"bow", {"bows", "bends forward in a bow", "gives a bow"}},
    {"bye", {"waves goodbye", "raises a hand to say goodbye", "says bye with a wave"}},
    {"byebye", {"waves goodbye with big motions", "waves bye bye several times", "says goodbye with a wide wave"}},
    {"guide", {"gestures to show the way", "points out the direction with an arm", "guides someone with a hand gesture"}},
    {"respond", {"responds with a gesture", "answers someone with a nod and gesture", "reacts to someone"}},
    {"call", {"calls someone over", "beckons someone with a hand", "waves someone closer"}},
    {"punch", {"throws a punch", "punches forward", "strikes with a fist"}},
    {"kick", {"kicks", "kicks forward with one leg", "throws a kick"}},
    {"slash", {"slashes with an imaginary sword", "makes a slashing attack", "swings an arm in a cutting motion"}},
    {"dance-long", {"dances", "performs a dance", "moves to music in a dance"}},
    {"dance-short", {"dances briefly", "does a short dance", "performs a short dance routine"}},
    {"wave-both-hands", {"waves both hands", "waves with both arms", "waves both hands in the air"}},
    {"wave-left-hand", {"waves the left hand", "waves with the left arm", "raises the left hand and waves"}},
    {"wave-right-hand", {"waves the right hand", "waves with the right arm", "raises the right hand and waves"}},
    {"raise-up-both-hands", {"raises both hands", "lifts both arms up", "puts both hands up"}},
    {"raise-up-left-hand", {"raises the left hand", "lifts the left arm up", "puts the left hand up"}},
    {"raise-up-right-hand", {"raises the right hand", "lifts the right arm up", "puts the right hand up"}},
};

struct Style {
    const char* label;
    std::array<const char*, 3> subjects;  // "" = use a neutral subject
    std::array<const char*, 3> manners;   // adverbial phrase appended to the verb ("" = none)
};

constexpr Style kStyles[] = {
    {"normal", {"a person", "someone", "a man"}, {"", "normally", "in a relaxed way"}},
    {"happy", {"a happy person", "a cheerful person", "someone in a good mood"}, {"happily", "cheerfully", "with joy"}},
    {"sad", {"a sad person", "an unhappy person", "someone who looks down"}, {"sadly", "in a gloomy way", "with slumped shoulders"}},
    {"angry", {"an angry person", "a furious person", "someone in a rage"}, {"angrily", "in an angry way", "furiously"}},
    {"proud", {"a proud person", "a confident person", "someone full of pride"}, {"proudly", "with chest puffed out", "confidently"}},
    {"not-confident", {"a shy person", "an insecure person", "a timid person"}, {"timidly", "without confidence", "hesitantly"}},
    {"masculinity", {"a masculine person", "a macho man", "a strong man"}, {"in a masculine way", "in a macho manner", "with broad movements"}},
    {"masculine", {"a masculine person", "a macho man", "a strong man"}, {"in a masculine way", "in a macho manner", "with broad movements"}},
    {"feminine", {"a feminine person", "a graceful woman", "a woman"}, {"in a feminine way", "gracefully", "elegantly"}},
    {"childish", {"a child", "a childlike person", "a playful kid"}, {"like a child", "in a childish way", "playfully"}},
    {"youthful", {"a young person", "a youthful person", "a teenager"}, {"youthfully", "with youthful energy", "in a lively way"}},
    {"old", {"an elderly person", "an old person", "an old man"}, {"like an old person", "slowly and stiffly", "in an elderly way"}},
    {"elderly", {"an elderly person", "an old person", "an old man"}, {"like an old person", "slowly and stiffly", "in an elderly way"}},
    {"tired", {"a tired person", "a weary person", "someone exhausted"}, {"wearily", "in a tired way", "sluggishly"}},
    {"exhausted", {"an exhausted person", "a worn out person", "a tired person"}, {"wearily", "in an exhausted way", "with heavy limbs"}},
    {"active", {"an energetic person", "an active person", "a lively person"}, {"energetically", "actively", "with lots of energy"}},
    {"musical", {"a theatrical person", "a musical performer", "someone on stage"}, {"in a musical way", "theatrically", "like in a musical"}},
    {"giant", {"a giant", "a huge heavy person", "a big lumbering person"}, {"like a giant", "with heavy steps", "in a lumbering way"}},
    {"chimpira", {"a thug", "a street punk", "a delinquent"}, {"like a thug", "with a swagger", "in a cocky, threatening way"}},
};

constexpr const char* kNeutralSubjects[] = {"a person", "someone", "a man", "a woman", "the person"};

std::string labelWords(const std::string& label)
{
    std::string s = label;
    std::replace(s.begin(), s.end(), '-', ' ');
    return s;
}

std::vector<std::string> bandaiCaptions(const TakeJob& job, const std::string& id)
{
    const Phrases* content = nullptr;
    for (const Phrases& p : kContents)
        if (job.content == p.label)
            content = &p;
    const Style* style = nullptr;
    for (const Style& s : kStyles)
        if (job.style == s.label)
            style = &s;
    const std::uint64_t h = stableHash(id);
    std::vector<std::string> out;
    for (unsigned k = 0; k < 3; ++k) {
        const std::uint64_t r = (h >> (k * 16)) & 0xffffu;
        const std::string verb = content ? content->options[(r + k) % 3] : "performs a " + labelWords(job.content) + " motion";
        std::string sentence;
        if (k == 1 || !style) {
            // A neutral subject carries the style as a manner phrase.
            const std::string manner = style ? style->manners[(r / 3) % 3] : "in a " + labelWords(job.style) + " style";
            sentence = std::string(kNeutralSubjects[(r / 9) % 5]) + " " + verb + (manner.empty() ? "" : " " + manner);
        } else {
            sentence = std::string(style->subjects[(r / 3 + k) % 3]) + " " + verb;
        }
        if (std::find(out.begin(), out.end(), sentence) == out.end())
            out.push_back(sentence);
    }
    return out;
}

/// CMU descriptions are short labels ("walk", "salsa dance"): make them read as captions.
std::string cmuCaption(const std::string& description, const std::string& id)
{
    static constexpr const char* kForms[] = {"a person performs: %s", "motion capture of a person: %s",
                                             "someone doing: %s"};
    const char* form = kForms[stableHash(id) % 3];
    std::string out(form);
    out.replace(out.find("%s"), 2, description);
    return out;
}

std::vector<std::string> cmuCaptions(const TakeJob& job, const ClipPlan& clip)
{
    std::vector<std::string> out;
    const double a = clip.start / 20.0, b = clip.end / 20.0;
    for (const TimedCaption& c : job.kitCaptions) {
        // A caption describes its whole segment: use it only when the clip lies inside the
        // segment and covers most of it, so the text is not about unseen motion.
        const double overlap = std::min(b, c.end) - std::max(a, c.start);
        if (a >= c.start - 0.25 && b <= c.end + 0.25 && overlap >= 0.6 * (c.end - c.start))
            out.push_back(c.text);
    }
    if (!job.cmuDescription.empty())
        out.push_back(cmuCaption(job.cmuDescription, clip.id));
    return out;
}

} // namespace

std::vector<std::string> coarseCaptions(const TakeJob& job, const ClipPlan& clip, const std::string& described)
{
    std::vector<std::string> out = job.source != "cmu" ? bandaiCaptions(job, clip.id) : cmuCaptions(job, clip);
    if (described.find_first_not_of(" .") != std::string::npos &&
        std::find(out.begin(), out.end(), described) == out.end())
        out.push_back(described);
    if (out.empty())
        out.push_back("a person moves");
    return out;
}

} // namespace stepmotion::dataset

namespace stepmotion {
namespace {

bool isWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

const char* posTag(const std::string& w)
{
    static constexpr std::pair<const char*, const char*> kTags[] = {
        {"a", "DET"}, {"an", "DET"}, {"the", "DET"}, {"both", "DET"}, {"his", "DET"}, {"her", "DET"},
        {"their", "DET"}, {"and", "CCONJ"}, {"or", "CCONJ"}, {"then", "ADV"}, {"with", "ADP"},
        {"to", "ADP"}, {"in", "ADP"}, {"on", "ADP"}, {"of", "ADP"}, {"like", "ADP"}, {"while", "SCONJ"},
        {"he", "PRON"}, {"she", "PRON"}, {"someone", "PRON"}, {"it", "PRON"}, {"they", "PRON"},
        {"person", "NOUN"}, {"man", "NOUN"}, {"woman", "NOUN"}, {"hand", "NOUN"}, {"hands", "NOUN"},
        {"arm", "NOUN"}, {"arms", "NOUN"}, {"leg", "NOUN"}, {"foot", "NOUN"}, {"left", "ADJ"},
        {"right", "ADJ"}, {"forward", "ADV"}, {"backwards", "ADV"}, {"is", "AUX"}};
    for (const auto& [word, tag] : kTags)
        if (w == word)
            return tag;
    return "OTHER";
}

} // namespace

std::string humanMl3dTextLine(const std::string& caption)
{
    std::string clean = caption;
    for (char& c : clean)
        if (c == '#' || c == '\n' || c == '\r' || c == '\t')
            c = ' ';
    std::string tokens;
    std::string word;
    auto flush = [&] {
        if (word.empty())
            return;
        tokens += (tokens.empty() ? "" : " ") + word + "/" + posTag(word);
        word.clear();
    };
    for (char c : clean) {
        if (isWordChar(c) || (c == '\'' && !word.empty()))
            word += char(std::tolower(static_cast<unsigned char>(c)));
        else
            flush();
    }
    flush();
    return clean + "#" + tokens + "#0.0#0.0";
}

} // namespace stepmotion
