// node three_joints.mjs FILE REF.json [SCALE]: three.js FBXLoader / GLTFLoader (GLB) / BVHLoader,
// AnimationMixer at the reference times, largest joint distance in metres (positions times SCALE).
import fs from 'fs';
import * as THREE from 'three';
import { FBXLoader } from 'three/examples/jsm/loaders/FBXLoader.js';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { BVHLoader } from 'three/examples/jsm/loaders/BVHLoader.js';
const [path, refPath, scaleText] = process.argv.slice(2);
const ref = JSON.parse(fs.readFileSync(refPath));
const scale = Number(scaleText || 1);
const ext = path.toLowerCase().split('.').pop();
let root, clip;
if (ext === 'fbx') {
  const b = fs.readFileSync(path);
  root = new FBXLoader().parse(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength), '');
  clip = root.animations[0];
} else if (ext === 'glb') {
  const b = fs.readFileSync(path);
  const gltf = await new Promise((ok, bad) => new GLTFLoader().parse(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength), '', ok, bad));
  root = gltf.scene; clip = gltf.animations[0];
} else {
  const r = new BVHLoader().parse(fs.readFileSync(path, 'utf8'));
  root = new THREE.Group(); root.add(r.skeleton.bones[0]); clip = r.clip;
}
const mixer = new THREE.AnimationMixer(root);
const action = mixer.clipAction(clip); action.setLoop(THREE.LoopOnce); action.clampWhenFinished = true; action.play();
let worst = 0, at = '';
const v = new THREE.Vector3();
for (const s of ref.samples) {
  mixer.setTime(s.time);
  root.updateMatrixWorld(true);
  for (const [name, want] of Object.entries(s.joints)) {
    const o = root.getObjectByName(name);
    if (!o) { console.log('missing', name); continue; }
    o.getWorldPosition(v);
    const d = Math.hypot(v.x * scale - want[0], v.y * scale - want[1], v.z * scale - want[2]);
    if (d > worst) { worst = d; at = `${name}@${s.frame}`; }
  }
}
console.log(`RESULT three ${path.split('/').pop()} max ${worst.toFixed(6)} m at ${at}`);
