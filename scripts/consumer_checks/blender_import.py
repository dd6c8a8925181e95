# Blender's own importer for a file, by extension, into an emptied scene (used by
# blender_joints.py and blender_character_joints.py): FBX, glTF/GLB, or BVH (scene frame rate and
# length taken from the file).
import bpy

def import_file(path, bvh_scale=1.0):
    for o in list(bpy.data.objects):
        bpy.data.objects.remove(o)
    for a in list(bpy.data.actions):
        bpy.data.actions.remove(a)
    ext = path.lower().rsplit('.', 1)[1]
    if ext == 'fbx':
        bpy.ops.import_scene.fbx(filepath=path)
    elif ext in ('gltf', 'glb'):
        bpy.ops.import_scene.gltf(filepath=path)
    else:
        bpy.ops.import_anim.bvh(filepath=path, global_scale=bvh_scale, update_scene_fps=True, update_scene_duration=True)
    return [o for o in bpy.data.objects if o.type == 'ARMATURE']
