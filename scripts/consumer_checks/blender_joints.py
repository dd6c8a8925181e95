# blender -b --factory-startup -P blender_joints.py -- FILE REF.json [BVH_SCALE]
# Imports FILE with Blender's own importer, samples every reference joint's bone head at the
# reference times and prints the largest distance (metres) in the file's Y-up frame.
import bpy, json, math, os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from blender_import import import_file
argv = sys.argv[sys.argv.index('--') + 1:]
path, ref = argv[0], json.load(open(argv[1]))
arms = import_file(path, float(argv[2]) if len(argv) > 2 else 1.0)
names = list(ref['samples'][0]['joints'])
arm = max(arms, key=lambda a: sum(n in a.pose.bones for n in names))
action = arm.animation_data.action
first, last = action.frame_range
duration = (ref['frames'] - 1) / ref['fps']
missing = [n for n in names if n not in arm.pose.bones]
connected = [b.name for b in arm.data.bones if b.use_connect]
worst, worst_at = 0.0, ''
for s in ref['samples']:
    fr = first + s['time'] / duration * (last - first)
    bpy.context.scene.frame_set(int(math.floor(fr)), subframe=fr - math.floor(fr))
    for n in names:
        if n in missing:
            continue
        w = arm.matrix_world @ arm.pose.bones[n].head
        got = (w.x, w.z, -w.y)  # Blender Z up -> file Y up
        want = s['joints'][n]
        d = math.dist(got, want)
        if d > worst:
            worst, worst_at = d, '%s@%d' % (n, s['frame'])
print('RESULT blender %s max %.6f m at %s; bones missing %d; connected bones %s' %
      (path.rsplit('/', 1)[1], worst, worst_at, len(missing), ','.join(connected[:3]) + ('...' if len(connected) > 3 else '')))
