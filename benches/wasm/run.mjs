// node benches/wasm/run.mjs FILE.wasm LABEL: median time of a whole output.
import { readFileSync } from 'node:fs';
const [file, label] = process.argv.slice(2);
const module = await WebAssembly.compile(readFileSync(file));
// Linked-in crates may declare wasm-bindgen imports; the engine calls none.
const imports = {};
for (const { module: m, name } of WebAssembly.Module.imports(module)) {
  (imports[m] ??= {})[name] = () => { throw new Error(`unexpected call to ${m}.${name}`); };
}
const instance = await WebAssembly.instantiate(module, imports);
const run = instance.exports.run;
for (const [which, name, reps] of [[1, '1x3x256x256->16 3x3', 60], [0, '1x3x64x64->8 3x3', 1500]]) {
  for (const [scalar, how] of [[0, 'build vectors'], [1, 'scalar']]) {
    for (let i = 0; i < reps / 5; i++) run(which, scalar);
    const t = [];
    for (let i = 0; i < reps; i++) {
      const a = performance.now();
      run(which, scalar);
      t.push(performance.now() - a);
    }
    t.sort((a, b) => a - b);
    console.log(`${label} ${name} ${how}: median ${(t[t.length >> 1] * 1000).toFixed(1)} us`);
  }
}
