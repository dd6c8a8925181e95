# blender -b --factory-startup -P blender_characters.py -- OUT_DIR
# Authors skinned test characters in Blender and writes them with Blender's own exporters, the
# way an animator's character reaches StepMotion: Mixamo names (FBX, Y up, T-pose, fingers),
# Unreal mannequin names (FBX, Z up, A-pose, root/twist/IK bones), Rigify DEF- names (glTF) and
# Unity Humanoid names (GLB), plus the Mixamo armature as a Blender BVH. Proportions differ from
# the motion's so that the root path must be scaled.
import bpy, math, os, sys
from mathutils import Vector

out = sys.argv[sys.argv.index('--') + 1]
os.makedirs(out, exist_ok=True)

def body(arm_down_deg, size, legs):
    """Joint points in Blender's frame (Z up, the character facing -Y, its left on +X), metres."""
    s, l = size, size * legs
    p = {'pelvis': (0, 0, 0.98 * l), 'spine1': (0, 0.01, 0.98 * l + 0.12 * s), 'spine2': (0, 0.01, 0.98 * l + 0.25 * s),
         'chest': (0, 0, 0.98 * l + 0.38 * s), 'neck': (0, 0.01, 0.98 * l + 0.58 * s), 'head': (0, -0.01, 0.98 * l + 0.69 * s),
         'head_end': (0, -0.01, 0.98 * l + 0.87 * s)}
    a = math.radians(arm_down_deg)
    for side, x in (('L', 1), ('R', -1)):
        p['hip' + side] = (x * 0.09 * s, 0, 0.93 * l)
        p['knee' + side] = (x * 0.10 * s, -0.01, 0.52 * l)
        p['ankle' + side] = (x * 0.11 * s, 0.03, 0.09 * l)
        p['toe' + side] = (x * 0.12 * s, -0.11 * s, 0.025)
        p['toe_end' + side] = (x * 0.12 * s, -0.18 * s, 0.02)
        sh = Vector((x * 0.17 * s, 0.02, 0.98 * l + 0.51 * s))
        p['collar' + side] = (x * 0.03 * s, 0.0, 0.98 * l + 0.49 * s)
        p['shoulder' + side] = tuple(sh)
        along = Vector((x * math.cos(a), 0, -math.sin(a)))
        p['elbow' + side] = tuple(sh + along * 0.27 * s)
        p['wrist' + side] = tuple(sh + along * 0.52 * s)
        p['finger' + side] = tuple(sh + along * 0.60 * s)
        p['finger_end' + side] = tuple(sh + along * 0.68 * s)
    return p

# (bone, parent, head point, tail point) with the convention's names; {s} is the side mark.
def chain(names, extras):
    bones = [(names['pelvis'], None, 'pelvis', 'spine1'), (names['spine1'], names['pelvis'], 'spine1', 'spine2'),
             (names['spine2'], names['spine1'], 'spine2', 'chest'), (names['chest'], names['spine2'], 'chest', 'neck'),
             (names['neck'], names['chest'], 'neck', 'head'), (names['head'], names['neck'], 'head', 'head_end')]
    for side in ('L', 'R'):
        n = {k: v.format(s=names['sides'][side]) for k, v in names.items() if isinstance(v, str)}
        bones += [(n['thigh'], names['pelvis'], 'hip' + side, 'knee' + side),
                  (n['shin'], n['thigh'], 'knee' + side, 'ankle' + side),
                  (n['foot'], n['shin'], 'ankle' + side, 'toe' + side),
                  (n['toe'], n['foot'], 'toe' + side, 'toe_end' + side),
                  (n['collar'], names['chest'], 'collar' + side, 'shoulder' + side),
                  (n['upper'], n['collar'], 'shoulder' + side, 'elbow' + side),
                  (n['fore'], n['upper'], 'elbow' + side, 'wrist' + side),
                  (n['hand'], n['fore'], 'wrist' + side, 'finger' + side)]
        bones += [(e.format(s=names['sides'][side]), p.format(s=names['sides'][side]), h + side, t + side)
                  for e, p, h, t in extras]
    return bones

MIXAMO = {'pelvis': 'mixamorig:Hips', 'spine1': 'mixamorig:Spine', 'spine2': 'mixamorig:Spine1',
          'chest': 'mixamorig:Spine2', 'neck': 'mixamorig:Neck', 'head': 'mixamorig:Head',
          'sides': {'L': 'Left', 'R': 'Right'}, 'thigh': 'mixamorig:{s}UpLeg', 'shin': 'mixamorig:{s}Leg',
          'foot': 'mixamorig:{s}Foot', 'toe': 'mixamorig:{s}ToeBase', 'collar': 'mixamorig:{s}Shoulder',
          'upper': 'mixamorig:{s}Arm', 'fore': 'mixamorig:{s}ForeArm', 'hand': 'mixamorig:{s}Hand'}
MIXAMO_EXTRAS = [('mixamorig:{s}HandIndex1', 'mixamorig:{s}Hand', 'finger', 'finger_end')]
UNREAL = {'pelvis': 'pelvis', 'spine1': 'spine_01', 'spine2': 'spine_02', 'chest': 'spine_03', 'neck': 'neck_01',
          'head': 'head', 'sides': {'L': 'l', 'R': 'r'}, 'thigh': 'thigh_{s}', 'shin': 'calf_{s}', 'foot': 'foot_{s}',
          'toe': 'ball_{s}', 'collar': 'clavicle_{s}', 'upper': 'upperarm_{s}', 'fore': 'lowerarm_{s}', 'hand': 'hand_{s}'}
UNREAL_EXTRAS = [('upperarm_twist_01_{s}', 'upperarm_{s}', 'shoulder', 'elbow'),
                 ('thigh_twist_01_{s}', 'thigh_{s}', 'hip', 'knee'), ('index_01_{s}', 'hand_{s}', 'finger', 'finger_end')]
RIGIFY = {'pelvis': 'DEF-spine', 'spine1': 'DEF-spine.001', 'spine2': 'DEF-spine.002', 'chest': 'DEF-spine.003',
          'neck': 'DEF-spine.004', 'head': 'DEF-spine.006', 'sides': {'L': 'L', 'R': 'R'}, 'thigh': 'DEF-thigh.{s}',
          'shin': 'DEF-shin.{s}', 'foot': 'DEF-foot.{s}', 'toe': 'DEF-toe.{s}', 'collar': 'DEF-shoulder.{s}',
          'upper': 'DEF-upper_arm.{s}', 'fore': 'DEF-forearm.{s}', 'hand': 'DEF-hand.{s}'}
UNITY = {'pelvis': 'Hips', 'spine1': 'Spine', 'spine2': 'Chest', 'chest': 'UpperChest', 'neck': 'Neck', 'head': 'Head',
         'sides': {'L': 'Left', 'R': 'Right'}, 'thigh': '{s}UpperLeg', 'shin': '{s}LowerLeg', 'foot': '{s}Foot',
         'toe': '{s}Toes', 'collar': '{s}Shoulder', 'upper': '{s}UpperArm', 'fore': '{s}LowerArm', 'hand': '{s}Hand'}

def build(name, bones, points, extra_roots=()):
    for o in list(bpy.data.objects):
        bpy.data.objects.remove(o)
    arm_data = bpy.data.armatures.new(name)
    arm = bpy.data.objects.new(name, arm_data)
    bpy.context.scene.collection.objects.link(arm)
    bpy.context.view_layer.objects.active = arm
    bpy.ops.object.mode_set(mode='EDIT')
    for root, head, tail in extra_roots:
        b = arm_data.edit_bones.new(root)
        b.head, b.tail = Vector(head), Vector(tail)
    for bone, parent, head, tail in bones:
        b = arm_data.edit_bones.new(bone)
        b.head, b.tail = Vector(points[head]), Vector(points[tail])
        if parent:
            b.parent = arm_data.edit_bones[parent]
    bpy.ops.object.mode_set(mode='OBJECT')
    # A box around every deforming bone, skinned to it, so the file holds a real skinned mesh.
    verts, faces, groups = [], [], []
    for bone, _, head, tail in bones:
        h, t = Vector(points[head]), Vector(points[tail])
        mid, half = (h + t) / 2, max((t - h).length / 2, 0.02)
        base = len(verts)
        for dx in (-0.03, 0.03):
            for dy in (-0.03, 0.03):
                for dz in (-1, 1):
                    verts.append(mid + Vector((dx, dy, 0)) + (t - h).normalized() * half * dz)
        faces += [[base + i for i in f] for f in ((0, 1, 3, 2), (4, 6, 7, 5), (0, 4, 5, 1), (2, 3, 7, 6), (0, 2, 6, 4), (1, 5, 7, 3))]
        groups.append((bone, range(base, base + 8)))
    mesh = bpy.data.meshes.new(name + '_body')
    mesh.from_pydata([tuple(v) for v in verts], [], faces)
    body_obj = bpy.data.objects.new(name + '_body', mesh)
    bpy.context.scene.collection.objects.link(body_obj)
    for bone, ids in groups:
        body_obj.vertex_groups.new(name=bone).add(list(ids), 1.0, 'REPLACE')
    body_obj.parent = arm
    body_obj.modifiers.new('Armature', 'ARMATURE').object = arm
    return arm

for o in list(bpy.data.objects):
    bpy.data.objects.remove(o)
bpy.context.scene.render.fps = 30

build('Armature', chain(MIXAMO, MIXAMO_EXTRAS), body(0, 1.0, 1.0))
bpy.ops.export_scene.fbx(filepath=os.path.join(out, 'mixamo.fbx'), add_leaf_bones=True, bake_anim=False)
bpy.ops.object.select_all(action='DESELECT')
bpy.data.objects['Armature'].select_set(True)
bpy.context.view_layer.objects.active = bpy.data.objects['Armature']
bpy.ops.export_anim.bvh(filepath=os.path.join(out, 'mixamo_blender.bvh'), frame_start=1, frame_end=1)

build('SK_Mannequin', chain(UNREAL, UNREAL_EXTRAS), body(45, 1.08, 1.06),
      extra_roots=[('root', (0, 0, 0), (0, 0.1, 0)), ('ik_foot_root', (0, 0, 0), (0, 0, 0.1))])
arm = bpy.data.objects['SK_Mannequin']
bpy.context.view_layer.objects.active = arm
bpy.ops.object.mode_set(mode='EDIT')
eb = arm.data.edit_bones
eb['pelvis'].parent = eb['root']
for side in ('l', 'r'):
    ik = eb.new('ik_foot_' + side)
    ik.head, ik.tail, ik.parent = eb['foot_' + side].head, eb['foot_' + side].head + Vector((0, 0, 0.1)), eb['ik_foot_root']
bpy.ops.object.mode_set(mode='OBJECT')
bpy.ops.export_scene.fbx(filepath=os.path.join(out, 'unreal.fbx'), axis_up='Z', axis_forward='-Y',
                         add_leaf_bones=False, bake_anim=False)

build('metarig', chain(RIGIFY, []), body(0, 0.92, 0.97))
bpy.ops.export_scene.gltf(filepath=os.path.join(out, 'rigify.gltf'), export_format='GLTF_SEPARATE', export_animations=False)

build('Armature', chain(UNITY, []), body(30, 1.04, 1.0))
bpy.ops.export_scene.gltf(filepath=os.path.join(out, 'unity.glb'), export_format='GLB', export_animations=False)
print('RESULT characters written to', out)
