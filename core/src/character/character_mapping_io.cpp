// Character mapping JSON: {"character": "...", "joints": {"pelvis": "Hips", "spine2":
// {"from": "Spine", "to": "Spine1", "t": 0.5}, ...}}, read strictly (errors name the file and
// the joint) and written from a mapping so that the user edits what the guess found.

#include "stepmotion/core/character/character.h"

#include "formats/json_context.h"
#include "export/rig_model.h"
#include "stepmotion/core/formats/atomic_file.h"

#include <filesystem>

namespace stepmotion {
namespace {

using json_detail::Json;
using json_detail::JsonContext;
using OrderedJson = nlohmann::ordered_json;

void requireNode(const JsonContext& ctx, const Character& character, const std::string& field, const std::string& name)
{
    if (character.nodeIndex(rig_export_detail::jointOfPoint(name)) < 0)
        ctx.fail(field, "the character has no node named \"" + name + "\"");
}

RigJointSource readSource(const JsonContext& ctx, const Character& character, const Json& value, const std::string& field)
{
    RigJointSource source;
    if (value.is_string()) {
        source.from = value.get<std::string>();
    } else if (value.is_object()) {
        ctx.rejectUnknownKeys(value, {"from", "to", "t"}, field + ".");
        source.from = ctx.string(value, "from", field + ".");
        source.to = ctx.optionalString(value, "to", field + ".", "");
        source.t = ctx.number(value, "t", field + ".", 0.0, 0.0, 1.0);
    } else {
        ctx.fail(field, "expected a node name or {\"from\", \"to\", \"t\"}");
    }
    if (source.from.empty())
        return source; // left for the guess
    requireNode(ctx, character, field, source.from);
    if (!source.to.empty()) {
        requireNode(ctx, character, field + ".to", source.to);
        const int from = character.nodeIndex(source.from);
        const int to = character.nodeIndex(source.to);
        if (character.nodes[static_cast<std::size_t>(to)].parent != from)
            ctx.fail(field, "\"" + source.to + "\" is not a child of \"" + source.from + "\"");
    }
    return source;
}

} // namespace

CharacterMapping loadCharacterMapping(const std::string& path, const Character& character)
{
    const JsonContext ctx{path};
    const Json doc = ctx.parse(readWholeFile(path));
    if (!doc.is_object())
        ctx.fail("", "expected an object with \"joints\"");
    ctx.rejectUnknownKeys(doc, {"character", "joints"}, "");
    const Json& joints = ctx.required(doc, "joints", "");
    if (!joints.is_object())
        ctx.fail("joints", "expected an object from joint names to nodes");
    CharacterMapping mapping = guessCharacterMapping(character);
    for (auto it = joints.begin(); it != joints.end(); ++it) {
        const int j = skeleton::jointIndex(it.key());
        if (j < 0)
            ctx.fail("joints." + it.key(), "not one of the 22 joints (pelvis, left_hip, ..., right_wrist)");
        const RigJointSource source = readSource(ctx, character, it.value(), "joints." + it.key());
        if (source.from.empty())
            continue;
        mapping.joints[static_cast<std::size_t>(j)] = source;
        mapping.how[static_cast<std::size_t>(j)] = "file";
    }
    return mapping;
}

std::string formatCharacterMapping(const CharacterMapping& mapping, const Character& character)
{
    OrderedJson joints = OrderedJson::object();
    for (int j = 0; j < kJointCount; ++j) {
        const RigJointSource& s = mapping.joints[static_cast<std::size_t>(j)];
        const std::string name(skeleton::names()[static_cast<std::size_t>(j)]);
        if (s.to.empty())
            joints[name] = s.from;
        else
            joints[name] = OrderedJson{{"from", s.from}, {"to", s.to}, {"t", s.t}};
    }
    OrderedJson doc;
    doc["character"] = std::filesystem::path(character.path).filename().string();
    doc["joints"] = joints;
    return doc.dump(2) + "\n";
}

} // namespace stepmotion
