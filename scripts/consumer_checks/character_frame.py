# What a character export must show in a consumer, computed from world joint points in the
# consumer's own world (used by blender_character_joints.py; three_character.mjs does the same).
#  - The character's axes come from its own rest pose as the consumer reads the original file:
#    up from the pelvis towards the head, left from the right hip and shoulder to the left ones,
#    each snapped to the nearest world axis as StepMotion does. The motion's (left, up, forward)
#    = (+X, +Y, +Z) must land on them, so the export must face where the character faces.
#  - Bone directions: every limb, spine, neck and foot bone of the export against the motion's,
#    except those ending at a point the mapping puts along one of the character's bones (the
#    Daz rig's spine2, halfway up its abdomen): one bone cannot bend where the motion's two do.
#  - Root motion: the pelvis' ground path from the first frame against the motion's, scaled by
#    the legs' ratio (character rest / motion), as a ratio of travel and the largest miss.
import math

BONES = [('left_hip', 'left_knee'), ('left_knee', 'left_ankle'), ('left_ankle', 'left_foot'),
         ('right_hip', 'right_knee'), ('right_knee', 'right_ankle'), ('right_ankle', 'right_foot'),
         ('spine1', 'spine2'), ('spine2', 'spine3'), ('spine3', 'neck'), ('neck', 'head'),
         ('left_collar', 'left_shoulder'), ('left_shoulder', 'left_elbow'), ('left_elbow', 'left_wrist'),
         ('right_collar', 'right_shoulder'), ('right_shoulder', 'right_elbow'), ('right_elbow', 'right_wrist')]
LEG = [('left_hip', 'left_knee'), ('left_knee', 'left_ankle'), ('right_hip', 'right_knee'), ('right_knee', 'right_ankle')]

def sub(a, b): return [a[i] - b[i] for i in range(3)]
def add(a, b): return [a[i] + b[i] for i in range(3)]
def scale(a, s): return [v * s for v in a]
def dot(a, b): return sum(a[i] * b[i] for i in range(3))
def norm(a): return math.sqrt(dot(a, a))
def cross(a, b): return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]

def snap(v):
    k = max(range(3), key=lambda i: abs(v[i]))
    out = [0.0, 0.0, 0.0]
    out[k] = 1.0 if v[k] > 0 else -1.0
    return out

def joint_point(mapping, name, point_of):
    """A joint's world point: its mapped node, or the point between two nodes."""
    m = mapping[name]
    if isinstance(m, str):
        return point_of(m)
    a, b = point_of(m['from']), point_of(m['to'])
    return add(a, scale(sub(b, a), m['t']))

def node_names(mapping):
    names = set()
    for m in mapping.values():
        names.update([m] if isinstance(m, str) else [m['from'], m['to']])
    return names

def leg(points):
    return sum(norm(sub(points[b], points[a])) for a, b in LEG) / 2

def axes(rest):
    up = snap(sub(rest['head'], rest['pelvis']))
    left = snap(add(sub(rest['left_hip'], rest['right_hip']), sub(rest['left_shoulder'], rest['right_shoulder'])))
    return left, up, cross(left, up)

def to_world(axes_, v):
    left, up, fwd = axes_
    return [left[i] * v[0] + up[i] * v[1] + fwd[i] * v[2] for i in range(3)]

def angle(a, b):
    c = dot(a, b) / (norm(a) * norm(b))
    return math.degrees(math.acos(max(-1.0, min(1.0, c))))

def checked_bones(mapping):
    return [(a, b) for a, b in BONES if isinstance(mapping[a], str) and isinstance(mapping[b], str)]

def compare(rest, frames, ref, mapping):
    """rest: joint -> point of the original character; frames: per reference sample, joint ->
    point of the export. Returns the figures as a dict."""
    ax = axes(rest)
    first_ref = ref['samples'][0]['joints']
    s = leg(rest) / leg(first_ref)
    worst, worst_at = 0.0, ''
    travel_ref = travel_got = miss = 0.0
    up = ax[1]
    flat = lambda v: sub(v, scale(up, dot(v, up)))
    for sample, got in zip(ref['samples'], frames):
        want = sample['joints']
        for a, b in checked_bones(mapping):
            d = angle(sub(got[b], got[a]), to_world(ax, sub(want[b], want[a])))
            if d > worst:
                worst, worst_at = d, '%s-%s@%d' % (a, b, sample['frame'])
        path_ref = flat(to_world(ax, scale(sub(want['pelvis'], first_ref['pelvis']), s)))
        path_got = flat(sub(got['pelvis'], frames[0]['pelvis']))
        miss = max(miss, norm(sub(path_got, path_ref)))
        travel_ref, travel_got = norm(path_ref), norm(path_got)
    return {'bones': len(checked_bones(mapping)), 'worst': worst, 'worst_at': worst_at, 'travel_ratio': travel_got / travel_ref if travel_ref else 0.0,
            'travel_legs': travel_got / leg(rest), 'miss_legs': miss / leg(rest)}

def line(consumer, path, figures, frames, duration):
    return ('RESULT %s %s: %d bones max %.3f deg at %s; root travel %.2f legs, ratio %.4f, path miss %.4f legs; '
            '%d frames, %.4f s' % (consumer, path.rsplit('/', 1)[-1], figures['bones'], figures['worst'], figures['worst_at'],
                                     figures['travel_legs'], figures['travel_ratio'], figures['miss_legs'], frames, duration))
