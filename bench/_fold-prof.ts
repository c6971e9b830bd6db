import { readFileSync } from "node:fs"
import { adaptive } from "../packages/adapters/src/ffmpeg/detectors/adaptive.js"
const buf = readFileSync("/tmp/prof/frames.rgb")
const W = 64, H = 36, fb = W * H * 3
const n = Math.floor(buf.length / fb)
const runs = Number(process.argv[2] ?? 3)
for (let r = 0; r < runs; r++) {
  const t0 = process.cpuUsage()
  const fold = adaptive.fold({ threshold: adaptive.defaultThreshold, fps: 30 })
  let s = fold.init()
  for (let i = 0; i < n; i++) s = fold.step(s, { data: buf.subarray(i * fb, (i + 1) * fb), width: W, height: H })
  const res = fold.done(s)
  const c = process.cpuUsage(t0)
  console.log(`frames ${n} cuts ${res.candidates.length} cpu ${((c.user + c.system) / 1000).toFixed(0)} ms = ${((c.user + c.system) / 1000 / n).toFixed(3)} ms/frame`)
}
