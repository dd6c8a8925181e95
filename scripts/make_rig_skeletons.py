#!/usr/bin/env python3
# Makes resources/rigs/{bandai,cmu}_skeleton.bvh (the export rigs of `stepmotion export --rig`):
# a sample file's hierarchy in metres plus one rest frame.
# Usage: scripts/make_rig_skeletons.py ../shared/datasets/samples_bvh resources/rigs
import sys
def convert(src, dst, rest):
    lines = open(src).read().splitlines()
    out = []
    i = 0
    while not lines[i].strip().startswith('MOTION'):
        s = lines[i]
        if s.strip().startswith('OFFSET'):
            ind = s[:len(s) - len(s.lstrip())]
            v = [float(x) * 0.01 for x in s.split()[1:4]]
            s = ind + 'OFFSET ' + ' '.join('%.6g' % (0.0 if abs(x) < 5e-9 else x) for x in v)
        out.append(s.rstrip())
        i += 1
    frame = [float(x) for x in lines[i + 3].split()]
    out += ['MOTION', 'Frames: 1', 'Frame Time: 0.0333333', ' '.join('%.6g' % (0.0 if abs(x) < 5e-9 else x) for x in rest(frame))]
    open(dst, 'w').write('\n'.join(out) + '\n')
def bandai_rest(f):
    f = list(f)
    for j in range(0, len(f), 6):
        for k in range(3): f[j + k] *= 0.01
    f[6] = 0.0; f[8] = 0.0   # Hips horizontal translation: rest stands at the origin
    return f
convert(sys.argv[1] + '/dataset-2_walk_normal_013.bvh', sys.argv[2] + '/bandai_skeleton.bvh', bandai_rest)
convert(sys.argv[1] + '/02_01.bvh', sys.argv[2] + '/cmu_skeleton.bvh', lambda f: [0.0] * len(f))
