/**
 * Embedding benchmark (issue #8): the ONNX CLIP adapter against a bare onnxruntime loop on the
 * same model and images, batch 1 / 8 / 16, plus concurrent clips sharing batches through the
 * adapter's queue. The model is generated at run time with ViT-B/32's parameter count and FLOPs
 * (test/support/onnx-models.ts `vitB32Like`, ≈ 340 MB in a temp dir, removed afterwards).
 * Writes the "embed" section of bench/RESULTS-search.md (other sections are kept).
 *
 * `npm run bench -- embed [--quick] [--images N] [--rounds R] [--threads N] [--inference main]` (--quick: 16 images,
 * one round; default 24 images, 4 rounds, the median of the rounds reported; threads:
 * onnxruntime's intra-op threads for both sides, default 1 — on a shared machine one thread per
 * session keeps spin-waiting out of the numbers).
 *
 * Wall time is reported, and CPU time (user + system of this process: onnxruntime's and sharp's
 * threads included), which moves much less than wall time when other work shares the machine.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { cpus, loadavg, tmpdir } from "node:os"
import { join } from "node:path"
import { performance } from "node:perf_hooks"
import * as Onnx from "@heaters/adapters/onnx"
import { Effect } from "effect"
import * as ort from "onnxruntime-node"
import sharp from "sharp"
import { vitB32Like } from "../test/support/onnx-models.js"

const RESULTS = new URL("./RESULTS-search.md", import.meta.url)

/** A 640×360 JPEG of smooth gradients plus noise (keyframe-like size and entropy). */
const keyframe = async (seed: number) => {
  const w = 640
  const h = 360
  const px = Buffer.alloc(w * h * 3)
  let s = seed
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      s = (s * 1103515245 + 12345) & 0x7fffffff
      const n = (s >> 16) & 31
      const i = (y * w + x) * 3
      px[i] = ((x + seed * 40) % 256) ^ n
      px[i + 1] = ((y * 2 + seed * 17) % 256) ^ n
      px[i + 2] = ((x + y + seed * 5) % 256) ^ n
    }
  }
  return new Uint8Array(await sharp(px, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 85 }).toBuffer())
}

const chunks = <A>(xs: ReadonlyArray<A>, n: number) => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n))

/** Wall and CPU seconds of one run. */
const time = async (f: () => Promise<unknown>) => {
  const t0 = performance.now()
  const c0 = process.cpuUsage()
  await f()
  const c = process.cpuUsage(c0)
  return { wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 }
}
type Time = Awaited<ReturnType<typeof time>>
const medianOf = (xs: ReadonlyArray<number>) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}
/** The median wall and the median CPU time of the rounds (each on its own). */
const median = (ts: ReadonlyArray<Time>): Time => ({ wall: medianOf(ts.map((t) => t.wall)), cpu: medianOf(ts.map((t) => t.cpu)) })

export const main = async (args: ReadonlyArray<string>) => {
  const quick = args.includes("--quick")
  const option = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback)
  const count = option("--images", quick ? 16 : 24)
  const rounds = option("--rounds", quick ? 1 : 4)
  const threadsArg = args.indexOf("--threads")
  const threads = threadsArg === -1 ? 1 : Number(args[threadsArg + 1])
  const inference = args.includes("--inference") && args[args.indexOf("--inference") + 1] === "main" ? "main" : "worker"
  const work = mkdtempSync(join(tmpdir(), "heaters-bench-embed-"))
  try {
    process.stderr.write("generating a ViT-B/32-sized model… ")
    const t0 = performance.now()
    const bytes = vitB32Like()
    mkdirSync(join(work, "vit-b-32-like", "visual"), { recursive: true })
    const modelPath = join(work, "vit-b-32-like", "visual", "model.onnx")
    writeFileSync(modelPath, bytes)
    process.stderr.write(`${(bytes.length / 1e6).toFixed(0)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`)
    const images = await Promise.all(Array.from({ length: count }, (_, i) => keyframe(i)))

    // The bare loop gets its pixels ready-made (our own preprocessing, done once up front):
    // everything the adapter does per image — decoding, resizing, queueing — counts against it.
    const pixels = await Promise.all(images.map((img) => Effect.runPromise(Onnx.pixels(sharp, img, Onnx.clipDefaults, "bench", "img"))))
    const plane = 3 * 224 * 224
    const bare = await ort.InferenceSession.create(modelPath, { graphOptimizationLevel: "all", logSeverityLevel: 3, intraOpNumThreads: threads })
    const bareRun = async (batch: number) => {
      for (const part of chunks(pixels, batch)) {
        const data = new Float32Array(part.length * plane)
        part.forEach((p, i) => data.set(p, i * plane))
        await bare.run({ pixel_values: new ort.Tensor("float32", data, [part.length, 3, 224, 224]) })
      }
    }

    // The same loop that also preprocesses the JPEGs (the same sharp code, all images of a batch at
    // once): what the adapter adds beyond this is its own orchestration (Effect, queue, L2 norm).
    const bareDecodeRun = async (batch: number) => {
      for (const part of chunks(images, batch)) {
        const decoded = await Promise.all(part.map((img) => Effect.runPromise(Onnx.pixels(sharp, img, Onnx.clipDefaults, "bench", "img"))))
        const data = new Float32Array(part.length * plane)
        decoded.forEach((p, i) => data.set(p, i * plane))
        await bare.run({ pixel_values: new ort.Tensor("float32", data, [part.length, 3, 224, 224]) })
      }
    }

    const results: Array<{ batch: number; bare: Time; bareDecode: Time; ours: Time }> = []
    const clipsAloneTimes: Array<Time> = []
    const clipsSharedTimes: Array<Time> = []
    let sharedRuns = 0
    await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const embedders = new Map<number, Onnx.OnnxEmbedder>()
          for (const batch of [1, 8, 16]) embedders.set(batch, yield* Onnx.make({ modelDir: join(work, "vit-b-32-like"), batchSize: batch, intraOpThreads: threads, inference }))
          const ours = (batch: number) => Effect.forEach(chunks(images, batch), (part) => embedders.get(batch)!.embed(part), { discard: true })
          // warm-up: one batch each
          yield* Effect.promise(() => bareRun(16).then(() => undefined))
          for (const batch of [1, 8, 16]) yield* embedders.get(batch)!.embed(images.slice(0, batch))
          const times = new Map<number, { bare: Array<Time>; bareDecode: Array<Time>; ours: Array<Time> }>()
          for (let round = 0; round < rounds; round++) {
            for (const batch of [1, 8, 16]) {
              const b = yield* Effect.promise(() => time(() => bareRun(batch)))
              const o = yield* Effect.promise(() => time(() => Effect.runPromise(ours(batch))))
              const d = yield* Effect.promise(() => time(() => bareDecodeRun(batch)))
              const t = times.get(batch) ?? { bare: [], bareDecode: [], ours: [] }
              t.bare.push(b)
              t.bareDecode.push(d)
              t.ours.push(o)
              times.set(batch, t)
              process.stderr.write(`round ${round + 1} batch ${batch}: bare ${(count / b.wall).toFixed(2)} img/s (cpu ${b.cpu.toFixed(1)} s), bare+decode ${(count / d.wall).toFixed(2)} img/s (cpu ${d.cpu.toFixed(1)} s), ours ${(count / o.wall).toFixed(2)} img/s (cpu ${o.cpu.toFixed(1)} s)\n`)
            }
          }
          for (const [batch, t] of times) results.push({ batch, bare: median(t.bare), bareDecode: median(t.bareDecode), ours: median(t.ours) })

          // Clips of 3 keyframes each: one at a time (batches of 3) vs 4 jobs at once sharing batches of up to 16.
          const clips = chunks(images, 3)
          const e16 = embedders.get(16)!
          for (let round = 0; round < rounds; round++) {
            clipsAloneTimes.push(yield* Effect.promise(() => time(() => Effect.runPromise(Effect.forEach(clips, (c) => e16.embed(c), { discard: true })))))
            const before = e16.details.batchStats().runs
            clipsSharedTimes.push(yield* Effect.promise(() => time(() => Effect.runPromise(Effect.forEach(clips, (c) => e16.embed(c), { concurrency: 4, discard: true })))))
            sharedRuns = e16.details.batchStats().runs - before
          }
        })
      )
    )
    await bare.release()

    const machine = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, load average ${loadavg()[0]!.toFixed(2)} at the end; onnxruntime-node ${ort.env.versions.common}, sharp ${sharp.versions.sharp}`
    const ips = (t: Time) => `${(count / t.wall).toFixed(2)} / ${(count / t.cpu).toFixed(2)}`
    const ratio = (base: Time, t: Time) => `${(base.wall / t.wall).toFixed(2)}× / ${(base.cpu / t.cpu).toFixed(2)}×`
    const rows = results.map((r) => `| ${r.batch} | ${ips(r.bare)} | ${ips(r.bareDecode)} | ${ips(r.ours)} | ${ratio(r.bare, r.ours)} | ${ratio(r.bareDecode, r.ours)} |`)
    const clipCount = Math.ceil(count / 3)
    const section = [
      "## embed",
      "",
      `\`npm run bench -- embed${quick ? " --quick" : ""}\` — ${new Date().toISOString().slice(0, 10)}, ${machine}.`,
      "",
      `onnxruntime intra-op threads: ${threads} on both sides; the adapter's inference on the ${inference === "worker" ? "worker thread (default)" : "main thread (`inference: \"main\"`)"}. Model: generated with ViT-B/32's shape and cost (32×32 patch conv to 768, 12 blocks of 768×768 ×4 and 768→3072→768, ≈ 85 M parameters, ≈ 4.2 G multiply-adds per 224×224 image; ${(readFileSync(modelPath).length / 1e6).toFixed(0)} MB), ${count} keyframe-like 640×360 JPEGs, median of ${rounds} interleaved round(s).`,
      "\"bare\" feeds ready-made float32 tensors to `session.run` (its ratio charges all of the adapter's work, JPEG decoding included, against it); \"bare + decode\" is the same loop that also decodes and preprocesses each batch's JPEGs with the same sharp code; ours takes the JPEG bytes (decode, CLIP resize/crop/normalise, queue, L2 norm).",
      "",
      "Throughput in images per wall second / per CPU second (CPU: user + system of the process, all threads); ratios are ours ÷ baseline, wall / CPU.",
      "",
      "| batch | bare | bare + decode | `@heaters/adapters/onnx` | ours ÷ bare | ours ÷ bare + decode |",
      "|---:|---:|---:|---:|---:|---:|",
      ...rows,
      "",
      `Clips of 3 keyframes (${clipCount} clips): one embed job at a time ${ips(median(clipsAloneTimes))} img/s (batches of 3); four concurrent jobs sharing the queue ${ips(median(clipsSharedTimes))} img/s in ${sharedRuns} inference runs (${(count / sharedRuns).toFixed(1)} images per run).`,
      ""
    ].join("\n")
    const header = "# Search and embedding benchmarks\n\nWritten by `npm run bench -- embed` (section \"embed\") and the search benchmark (its own section); each run replaces only its section.\n"
    const existing = existsSync(RESULTS) ? readFileSync(RESULTS, "utf8") : header
    const start = existing.indexOf("## embed\n")
    const next = start === -1 ? -1 : existing.indexOf("\n## ", start + 1)
    const updated =
      start === -1 ? `${existing.trimEnd()}\n\n${section}` : `${existing.slice(0, start)}${section}${next === -1 ? "" : existing.slice(next + 1)}`
    writeFileSync(RESULTS, updated.endsWith("\n") ? updated : `${updated}\n`)
    process.stdout.write(`${section}\n`)
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}
