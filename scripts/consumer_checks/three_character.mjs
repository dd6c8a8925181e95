// node three_character.mjs CHARACTER EXPORT MAPPING.json REF.json: three.js's FBXLoader /
// GLTFLoader / BVHLoader read the original character and StepMotion's export onto it; the
// AnimationMixer plays the export at the reference times and the same figures as
// character_frame.py are printed (bone directions against the motion's, root path, frames).
import fs from 'fs';
import path from 'path';
import * as THREE from 'three';
import { FBXLoader } from 'three/examples/jsm/loaders/FBXLoader.js';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { BVHLoader } from 'three/examples/jsm/loaders/BVHLoader.js';

const [characterPath, exportPath, mappingPath, refPath] = process.argv.slice(2);
const mapping = JSON.parse(fs.readFileSync(mappingPath)).joints;
const ref = JSON.parse(fs.readFileSync(refPath));
// three's FileLoader reports progress with the browser's ProgressEvent, which node lacks.
globalThis.ProgressEvent ??= class ProgressEvent extends Event {
  constructor(type, init = {}) { super(type); Object.assign(this, init); }
};
const arrayBuffer = (b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);

async function load(file) {
  const ext = file.toLowerCase().split('.').pop();
  if (ext === 'fbx') {
    const root = new FBXLoader().parse(arrayBuffer(fs.readFileSync(file)), '');
    return { root, clip: root.animations[0] };
  }
  if (ext === 'glb' || ext === 'gltf') {
    let data = arrayBuffer(fs.readFileSync(file));
    if (ext === 'gltf') { // node has no file:// fetch: the buffers go in as data URIs
      const json = JSON.parse(fs.readFileSync(file, 'utf8'));
      for (const b of json.buffers || []) {
        if (b.uri && !b.uri.startsWith('data:'))
          b.uri = 'data:application/octet-stream;base64,' + fs.readFileSync(path.join(path.dirname(file), decodeURIComponent(b.uri))).toString('base64');
      }
      data = JSON.stringify(json);
    }
    const gltf = await new Promise((ok, bad) => new GLTFLoader().parse(data, '', ok, bad));
    return { root: gltf.scene, clip: gltf.animations[0] };
  }
  const r = new BVHLoader().parse(fs.readFileSync(file, 'utf8'));
  const root = new THREE.Group(); root.add(r.skeleton.bones[0]);
  return { root, clip: r.clip.duration > 0 ? r.clip : undefined };
}

function pointOf(root) {
  const v = new THREE.Vector3();
  const find = (name) => root.getObjectByName(name) || root.getObjectByName(THREE.PropertyBinding.sanitizeNodeName(name));
  return (name) => { // "NODE/end": a BVH End Site, BVHLoader's ENDSITE child of NODE
    const o = name.endsWith('/end') ? find(name.slice(0, -4))?.children.find((c) => c.name === 'ENDSITE') : find(name);
    if (!o) throw new Error(`no node ${name}`);
    o.getWorldPosition(v);
    return [v.x, v.y, v.z];
  };
}
function jointPoints(at) {
  const out = {};
  for (const [j, m] of Object.entries(mapping)) {
    if (typeof m === 'string') { out[j] = at(m); continue; }
    const a = at(m.from), b = at(m.to);
    out[j] = a.map((x, i) => x + (b[i] - x) * m.t);
  }
  return out;
}

const sub = (a, b) => a.map((x, i) => x - b[i]);
const add = (a, b) => a.map((x, i) => x + b[i]);
const scale = (a, s) => a.map((x) => x * s);
const dot = (a, b) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const norm = (a) => Math.sqrt(dot(a, a));
const cross = (a, b) => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const snap = (v) => { const k = [0, 1, 2].reduce((m, i) => (Math.abs(v[i]) > Math.abs(v[m]) ? i : m), 0); const o = [0, 0, 0]; o[k] = Math.sign(v[k]); return o; };
const BONES = [['left_hip', 'left_knee'], ['left_knee', 'left_ankle'], ['left_ankle', 'left_foot'], ['right_hip', 'right_knee'],
  ['right_knee', 'right_ankle'], ['right_ankle', 'right_foot'], ['spine1', 'spine2'], ['spine2', 'spine3'], ['spine3', 'neck'],
  ['neck', 'head'], ['left_collar', 'left_shoulder'], ['left_shoulder', 'left_elbow'], ['left_elbow', 'left_wrist'],
  ['right_collar', 'right_shoulder'], ['right_shoulder', 'right_elbow'], ['right_elbow', 'right_wrist']];
const LEG = [['left_hip', 'left_knee'], ['left_knee', 'left_ankle'], ['right_hip', 'right_knee'], ['right_knee', 'right_ankle']];
const leg = (p) => LEG.reduce((s, [a, b]) => s + norm(sub(p[b], p[a])), 0) / 2;
const angle = (a, b) => (Math.acos(Math.max(-1, Math.min(1, dot(a, b) / (norm(a) * norm(b))))) * 180) / Math.PI;

const character = await load(characterPath);
if (character.clip) { // a BVH character stands in its first frame (Bandai's zero pose lies down)
  const m = new THREE.AnimationMixer(character.root); m.clipAction(character.clip).play(); m.setTime(0);
}
character.root.updateMatrixWorld(true);
const rest = jointPoints(pointOf(character.root));
const exp = await load(exportPath);
const mixer = new THREE.AnimationMixer(exp.root);
const action = mixer.clipAction(exp.clip); action.setLoop(THREE.LoopOnce); action.clampWhenFinished = true; action.play();
const at = pointOf(exp.root);
const frames = ref.samples.map((s) => { mixer.setTime(s.time); exp.root.updateMatrixWorld(true); return jointPoints(at); });

const up = snap(sub(rest.head, rest.pelvis));
const left = snap(add(sub(rest.left_hip, rest.right_hip), sub(rest.left_shoulder, rest.right_shoulder)));
const fwd = cross(left, up);
const toWorld = (v) => [0, 1, 2].map((i) => left[i] * v[0] + up[i] * v[1] + fwd[i] * v[2]);
const flat = (v) => sub(v, scale(up, dot(v, up)));
const firstRef = ref.samples[0].joints;
const s = leg(rest) / leg(firstRef);
// As character_frame.py: no bone ending at a point the mapping puts along a character's bone.
const checked = BONES.filter(([a, b]) => typeof mapping[a] === 'string' && typeof mapping[b] === 'string');
let worst = 0, worstAt = '', miss = 0, travelRef = 0, travelGot = 0;
ref.samples.forEach((sample, k) => {
  const want = sample.joints, got = frames[k];
  for (const [a, b] of checked) {
    const d = angle(sub(got[b], got[a]), toWorld(sub(want[b], want[a])));
    if (d > worst) { worst = d; worstAt = `${a}-${b}@${sample.frame}`; }
  }
  const pathRef = flat(toWorld(scale(sub(want.pelvis, firstRef.pelvis), s)));
  const pathGot = flat(sub(got.pelvis, frames[0].pelvis));
  miss = Math.max(miss, norm(sub(pathGot, pathRef)));
  travelRef = norm(pathRef); travelGot = norm(pathGot);
});
const keys = Math.max(...exp.clip.tracks.map((t) => t.times.length));
console.log(`RESULT three ${exportPath.split('/').pop()}: ${checked.length} bones max ${worst.toFixed(3)} deg at ${worstAt}; root travel ` +
  `${(travelGot / leg(rest)).toFixed(2)} legs, ratio ${(travelGot / travelRef).toFixed(4)}, path miss ${(miss / leg(rest)).toFixed(4)} legs; ` +
  `${keys} frames, ${exp.clip.duration.toFixed(4)} s`);
