// node gltf_validate.mjs FILE...: the Khronos glTF-Validator on each file: error, warning, info
// and hint counts and the issue codes.
import fs from 'fs';
import path from 'path';
import validator from 'gltf-validator';
for (const file of process.argv.slice(2)) {
  const data = new Uint8Array(fs.readFileSync(file));
  const report = await validator.validateBytes(data, {
    uri: file,
    externalResourceFunction: (uri) => new Promise((ok, bad) => {
      try { ok(new Uint8Array(fs.readFileSync(path.join(path.dirname(file), decodeURIComponent(uri))))); } catch (e) { bad(e.toString()); }
    }),
  });
  const codes = report.issues.messages.map(m => `${m.severity}:${m.code}`);
  console.log(`VALIDATOR ${path.basename(file)} errors ${report.issues.numErrors} warnings ${report.issues.numWarnings} infos ${report.issues.numInfos} hints ${report.issues.numHints} ${[...new Set(codes)].join(' ')}`);
}
