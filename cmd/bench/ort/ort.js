#!/usr/bin/env node
// ONNX Runtime (onnxruntime-node, CPU) as an inference peer of cmd/bench,
// and the reference runner of the ONNX round-trip tests.
//
//   node ort.js bench MODEL.onnx THREADS SAMPLES ROWSIZE [BATCH]
//     runs the model on SAMPLES random rows of ROWSIZE values in batches
//     of BATCH (256), in whole passes for at least a second after one
//     warm-up pass, with THREADS intra-op threads,
//     and prints {"threads","samples","batch","infer_samples_per_s",
//     "peak_rss_mb","ort_version"} as one JSON line.
//   node ort.js run MODEL.onnx IN.f32 OUT.f32 ROWSIZE
//     runs the model on the rows of ROWSIZE values of IN.f32 (little-endian
//     float32) at 1 thread and writes its output to OUT.f32.
//
// onnxruntime-node is looked up in $ORT_DIR/node_modules, else in
// ~/.cache/go-autoencoders/ort/node_modules, where .ci/run installs it.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

function ortDir() {
  const dirs = ortPaths();
  for (const d of dirs) {
    const p = path.join(d, 'onnxruntime-node');
    if (fs.existsSync(p)) return p;
  }
  throw new Error('onnxruntime-node not found in ' + dirs.join(' or ') + ' (npm install --ignore-scripts onnxruntime-node@1.30.0)');
}

function loadORT() { return require(ortDir()); }

async function session(ort, model, threads) {
  return ort.InferenceSession.create(model, {
    intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential',
    graphOptimizationLevel: 'all', logSeverityLevel: 3,
  });
}

async function bench(ort, model, threads, samples, batch, rowSize) {
  const s = await session(ort, model, threads);
  const x = new Float32Array(samples * rowSize);
  for (let i = 0; i < x.length; i++) x[i] = Math.random();
  const feeds = [];
  for (let start = 0; start < samples; start += batch) {
    const n = Math.min(batch, samples - start);
    const f = {}; f[s.inputNames[0]] = new ort.Tensor('float32', x.subarray(start * rowSize, (start + n) * rowSize), [n, rowSize]);
    feeds.push(f);
  }
  const pass = async () => { for (const f of feeds) await s.run(f); };
  await pass(); // warm-up
  const t0 = process.hrtime.bigint();
  let reps = 0, secs = 0;
  while (reps === 0 || secs < 1) { // whole passes, for at least a second, as cmd/bench times Go
    await pass();
    reps++;
    secs = Number(process.hrtime.bigint() - t0) / 1e9;
  }
  const rss = process.resourceUsage().maxRSS / 1024; // kB to MB
  const version = require(path.join(ortDir(), 'package.json')).version;
  console.log(JSON.stringify({threads, samples, batch, infer_samples_per_s: reps * samples / secs, peak_rss_mb: rss, ort_version: version}));
}

function ortPaths() {
  const p = [];
  if (process.env.ORT_DIR) p.push(path.join(process.env.ORT_DIR, 'node_modules'));
  p.push(path.join(os.homedir(), '.cache', 'go-autoencoders', 'ort', 'node_modules'));
  return p;
}

async function run(ort, model, inFile, outFile, rowSize) {
  const s = await session(ort, model, 1);
  const buf = fs.readFileSync(inFile);
  const x = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length));
  if (x.length % rowSize !== 0) throw new Error(`${inFile}: ${x.length} values are not rows of ${rowSize}`);
  const feed = {}; feed[s.inputNames[0]] = new ort.Tensor('float32', x, [x.length / rowSize, rowSize]);
  const out = await s.run(feed);
  const y = out[s.outputNames[0]].data;
  fs.writeFileSync(outFile, Buffer.from(y.buffer, y.byteOffset, y.byteLength));
}

async function main() {
  const a = process.argv.slice(2);
  const ort = loadORT();
  if (a[0] === 'bench' && a.length >= 5) {
    return bench(ort, a[1], +a[2], +a[3], +(a[5] || 256), +a[4]);
  }
  if (a[0] === 'run' && a.length === 5) {
    return run(ort, a[1], a[2], a[3], +a[4]);
  }
  throw new Error('usage: ort.js bench MODEL.onnx THREADS SAMPLES ROWSIZE [BATCH] | ort.js run MODEL.onnx IN.f32 OUT.f32 ROWSIZE');
}

main().catch((e) => { console.error('ort.js: ' + (e && e.message || e)); process.exit(1); });
