# blender -b --factory-startup -P blender_character_joints.py -- CHARACTER EXPORT MAPPING.json REF.json
# Imports the original character and then StepMotion's export onto it with Blender's own
# importers, samples the mapped joints at the reference times and prints character_frame's
# figures: bone directions against the motion's, root path, frame count and duration.
import bpy, json, math, os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import character_frame as cf
from blender_import import import_file

argv = sys.argv[sys.argv.index('--') + 1:]
character, export, mapping, ref = argv[0], argv[1], json.load(open(argv[2]))['joints'], json.load(open(argv[3]))
# "NODE/end" is a BVH End Site: the tail of NODE's bone in Blender.
names = {n[:-4] if n.endswith('/end') else n for n in cf.node_names(mapping)}

def rest_point(arm, n):
    b = arm.data.bones[n[:-4]] if n.endswith('/end') else arm.data.bones[n]
    return list(arm.matrix_world @ (b.tail_local if n.endswith('/end') else b.head_local))

def posed_point(arm, n):
    b = arm.pose.bones[n[:-4]] if n.endswith('/end') else arm.pose.bones[n]
    return list(arm.matrix_world @ (b.tail if n.endswith('/end') else b.head))

def load(path):
    arms = import_file(path)
    return max(arms, key=lambda a: sum(n in a.data.bones for n in names))

arm = load(character)
missing = sorted(n for n in names if n not in arm.data.bones)
if missing:
    sys.exit('Error: %s has no bones %s' % (character, ', '.join(missing)))
if arm.animation_data and arm.animation_data.action: # a BVH character stands in its first frame
    bpy.context.scene.frame_set(int(arm.animation_data.action.frame_range[0]))
    rest = {j: cf.joint_point(mapping, j, lambda n: posed_point(arm, n)) for j in mapping}
else:
    rest = {j: cf.joint_point(mapping, j, lambda n: rest_point(arm, n)) for j in mapping}

arm = load(export)
action = arm.animation_data.action
first, last = action.frame_range
fps = bpy.context.scene.render.fps / bpy.context.scene.render.fps_base
duration = (ref['frames'] - 1) / ref['fps']
frames = []
for s in ref['samples']:
    fr = first + s['time'] / duration * (last - first)
    bpy.context.scene.frame_set(int(math.floor(fr)), subframe=fr - math.floor(fr))
    frames.append({j: cf.joint_point(mapping, j, lambda n: posed_point(arm, n)) for j in mapping})
print(cf.line('blender', export, cf.compare(rest, frames, ref, mapping), round(last - first) + 1, (last - first) / fps))
