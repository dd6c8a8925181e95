# Reference joint positions (metres, Y up) of a BVH at its first/middle/last frames, by plain
# forward kinematics. Position channels: added to OFFSET for a root-only file, replacing OFFSET
# when non-root joints have them (Bandai / Blender's reading). Usage: bvh_reference.py FILE.bvh SCALE OUT.json [STEP]
# (STEP: every STEP-th frame instead)
import json, math, sys

def rot(axis, deg):
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    if axis == 'X': return [[1,0,0],[0,c,-s],[0,s,c]]
    if axis == 'Y': return [[c,0,s],[0,1,0],[-s,0,c]]
    return [[c,-s,0],[s,c,0],[0,0,1]]

def mul(a, b): return [[sum(a[i][k]*b[k][j] for k in range(3)) for j in range(3)] for i in range(3)]
def app(a, v): return [sum(a[i][k]*v[k] for k in range(3)) for i in range(3)]

def parse(path):
    tokens = open(path).read().split()
    joints, stack, i = [], [], 0
    while tokens[i] != 'MOTION':
        t = tokens[i]
        if t in ('ROOT', 'JOINT'):
            joints.append({'name': tokens[i+1], 'parent': stack[-1] if stack else -1, 'channels': []})
            stack.append(len(joints)-1); i += 2
        elif t == 'End':
            depth = 0; i += 2
            while True:
                if tokens[i] == '{': depth += 1
                elif tokens[i] == '}':
                    depth -= 1
                    if depth == 0: i += 1; break
                i += 1
        elif t == 'OFFSET':
            joints[stack[-1]]['offset'] = [float(x) for x in tokens[i+1:i+4]]; i += 4
        elif t == 'CHANNELS':
            n = int(tokens[i+1]); joints[stack[-1]]['channels'] = tokens[i+2:i+2+n]; i += 2+n
        elif t == '}':
            stack.pop(); i += 1
        else:
            i += 1
    frames = int(tokens[i+2]); ft = float(tokens[i+5]); vals = [float(x) for x in tokens[i+6:]]
    return joints, frames, ft, vals

def fk(joints, frame):
    replace = any(j['parent'] >= 0 and any('position' in c for c in j['channels']) for j in joints)
    pos, rotw, k = [], [], 0
    for j in joints:
        t = list(j['offset']); r = [[1,0,0],[0,1,0],[0,0,1]]
        p = [None]*3
        for c in j['channels']:
            v = frame[k]; k += 1
            if 'position' in c: p['XYZ'.index(c[0])] = v
            else: r = mul(r, rot(c[0], v))
        if p[0] is not None:
            t = p if replace else [t[a] + p[a] for a in range(3)]
        if j['parent'] < 0:
            pos.append(t); rotw.append(r)
        else:
            pp, pr = pos[j['parent']], rotw[j['parent']]
            pos.append([pp[a] + app(pr, t)[a] for a in range(3)]); rotw.append(mul(pr, r))
    return pos

joints, frames, ft, vals = parse(sys.argv[1])
scale = float(sys.argv[2])
n = len(vals) // frames
fps = round(1/ft, 4)
out = {'fps': fps, 'frames': frames, 'samples': []}
step = int(sys.argv[4]) if len(sys.argv) > 4 else 0
for f in (range(0, frames, step) if step else (0, frames // 2, frames - 1)):
    p = fk(joints, vals[f*n:(f+1)*n])
    out['samples'].append({'frame': f, 'time': f * ft, 'joints': {j['name']: [c*scale for c in p[i]] for i, j in enumerate(joints)}})
json.dump(out, open(sys.argv[3], 'w'))
print(sys.argv[1], frames, 'frames', fps, 'fps')
