/**
 * Media benchmark: on a generated 1080p30 2-minute video with known cuts, time a bare decode, our
 * single-pass detection, ffmpeg's scdet and select=scene, the shared pass with sprite tiles plus
 * every clip's sheet, and a whole ingest (normalise + pass + sheets) of the file as generated
 * (already laid out as a master) and of a copy with its index last (which needs a remux), each
 * paired with the bare decode of the same round; then score the detectors' accuracy on generated
 * files — lavfi patterns and photographs filmed by a virtual camera (pans, zooms, whip pans, shake,
 * a walker, exposure and lighting changes, noise, flashes) joined by cuts, fades, dissolves, wipes
 * and fades through white.
 * Writes bench/RESULTS.md.
 *
 * `npm run bench -- media [--quick]` (--quick: 20 s instead of 2 minutes, one round, fewer files).
 * With `PYSCENEDETECT_SRC=<dir holding PySceneDetect's scenedetect/ package>` (it runs on Debian's
 * python3-opencv, python3-click, python3-platformdirs, python3-tqdm) its `detect-adaptive` gets a
 * column too; without it the column is skipped.
 */
import { execFileSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { writeFile } from "node:fs/promises"
import { cpus, loadavg, tmpdir } from "node:os"
import { join } from "node:path"
import { performance } from "node:perf_hooks"
import { FfmpegMedia } from "@heaters/adapters/ffmpeg"
import { Media } from "@heaters/core"
import { Cuts, SpritePlan } from "@heaters/core/pipeline"
import { Effect } from "effect"
import { execa } from "execa"
import { type Property, realWorld } from "../test/support/realworld.js"
import type { GeneratedVideo, Shot, Transition, VideoSpec } from "../test/support/videos.js"
import { generateVideo, photos, presets } from "../test/support/videos.js"

const TOLERANCE = 2 // frames

/** The real-world rows of the accuracy table: a phone's dropped frames and rotation, a starved bit rate. */
const realWorldRows: ReadonlyArray<readonly [string, Property]> = [
  ["real-world: VFR (1 frame in 7 dropped)", "vfr"],
  ["real-world: rotated 90° (display matrix)", "rotate90"],
  ["real-world: 50 kb/s (blocky)", "lowbitrate"]
]
const MIN_CLIP = 1 // seconds, the pipeline default

/** The long benchmark video: hard cuts (some between look-alike shots), flashes, a fade, a dissolve, a pan. */
const longSpec = (seconds: number, w: number, h: number): VideoSpec => {
  const cycle: Array<Shot> = [
    { source: "testsrc2", seconds: 6 },
    { source: "smptebars", seconds: 5 },
    { source: "testsrc2", seconds: 5, flip: "h" },
    { source: "color:0x336699", seconds: 4 },
    { source: "color:0x3d70a3", seconds: 4 },
    { source: "rgbtestsrc", seconds: 5, transition: "fade" },
    { source: "testsrc2", seconds: 6, scroll: 0.03 },
    { source: "smptebars", seconds: 5, hue: 35, transition: "dissolve" },
    { source: "cellauto", seconds: 5 }
  ]
  const shots: Array<Shot> = []
  let total = 0
  for (let i = 0; total < seconds - 1e-9; i++) {
    const s = cycle[i % cycle.length]!
    const left = seconds - total
    const len = left < s.seconds + 2 ? left : s.seconds // the last shot takes the remainder (never a sliver)
    shots.push({ ...s, seconds: len })
    total += len - (s.transition === "dissolve" && i > 0 ? 1 : 0)
  }
  const flashes = Array.from({ length: Math.floor(seconds / 20) }, (_, i) => ({ atSeconds: 10 + i * 20 + 1.3, frames: 1 + (i % 3) }))
  // veryfast (CABAC, deblocking, B-frames) decodes like ordinary web video; ultrafast streams decode
  // ~2.5× faster than that, which would make every ratio to "bare decode" look worse than real.
  return { shots, flashes, width: w, height: h, fps: 30, noise: 4, preset: "veryfast" }
}

const accuracySet = (quick: boolean): Array<[string, VideoSpec]> => {
  const small = { width: 320, height: 180 }
  const natural = { width: 320, height: 180, fps: 30 }
  const photo: Array<[string, VideoSpec]> = [
    ...(["pan", "zoom", "whip", "shake", "walker", "exposure", "lighting"] as const).map((c): [string, VideoSpec] => [`photo ${c}`, presets.camera(c, c === "zoom" ? "dune" : "garden", natural)]),
    ["photo noise", presets.camera("still", "flower", { ...natural, noise: 24 })],
    ["photo flash in pan", { ...presets.camera("pan", "dune", natural), flashes: [{ atSeconds: 2, frames: 2 }] }],
    ...(quick ? [0.3, 2] : [0.3, 0.6, 1, 2]).flatMap((sec) => (["different", "similar"] as const).flatMap((look) =>
      (["dissolve", "wipe", "fadewhite"] as const).map((k): [string, VideoSpec] => [`${k} ${sec}s ${look}`, presets.transition(k, sec, look, natural)]))),
    ["dissolve 1s panning shots", presets.transition("dissolve", 1, "different", natural, "pan")],
    // A figure walks through both shots while they dissolve: the picture is never still as a whole.
    ...([0.6, 1, 2] as const).map((sec): [string, VideoSpec] => [`dissolve ${sec}s, a figure walking through`, presets.transition("dissolve", sec, "different", natural, "walker")]),
    ["dissolve 1s zooming shots", presets.transition("dissolve", 1, "different", natural, "zoom")],
    ["dissolve 1s shaking shots", presets.transition("dissolve", 1, "different", natural, "shake")],
    // Classes real material has (test/media/classes.test.ts): a jump cut, a dip to a colour, a black
    // title card, 3 s dissolves; and a strobe and typed text, which must cost no cut.
    ["jump cut (3 % shift, 8 % zoom)", { ...natural, shots: [{ source: `image:${photos.garden}`, seconds: 3 }, { source: `image:${photos.garden}`, seconds: 3, reframe: { x: 0.03, y: 0.02, zoom: 1.08 } }] }],
    ["jump cut (1.5 % shift, 4 % zoom)", { ...natural, shots: [{ source: `image:${photos.storm}`, seconds: 3 }, { source: `image:${photos.storm}`, seconds: 3, reframe: { x: 0.015, y: 0, zoom: 1.04 } }] }],
    ["dip to red, panning shots", { ...natural, shots: [{ source: `image:${photos.meadow}`, seconds: 3, camera: "pan" }, { source: `image:${photos.storm}`, seconds: 3, camera: "pan", transition: "fade", fadeColor: "0xcc2222" }] }],
    ["black title card", { ...natural, shots: [{ source: `image:${photos.garden}`, seconds: 3, camera: "pan" }, { source: "color:black", seconds: 2, text: "CHAPTER ONE" }, { source: `image:${photos.dune}`, seconds: 3 }] }],
    ...(["still", "walker", "pan"] as const).map((camera): [string, VideoSpec] => [`dissolve 3s, ${camera} shots`, {
      ...natural,
      shots: [{ source: `image:${photos.storm}`, seconds: 5, camera }, { source: `image:${photos.meadow}`, seconds: 5, camera, transition: "dissolve", transitionSeconds: 3 }]
    }]),
    ["strobe (3 flashes in 1 s)", { ...natural, flashes: [{ atSeconds: 1, frames: 2 }, { atSeconds: 1.33, frames: 2 }, { atSeconds: 1.66, frames: 2 }], shots: [{ source: `image:${photos.garden}`, seconds: 4 }] }],
    ["text typed onto a photo", { ...natural, shots: [{ source: `image:${photos.dune}`, seconds: 4, typing: "HELLO WORLD" }] }]
  ]
  return [
    ...photo,
    ["mixed", presets.mixed(small)],
    ["similar", presets.similar(small)],
    ["motion", presets.motion(small)],
    ["hardCuts", presets.hardCuts(small)],
    ["flash×3", presets.flash(small, 3)],
    ["dissolve", presets.dissolve(small)],
    ["fadeBlack", presets.fadeBlack(small)],
    ["long-cycle", longSpec(90, 320, 180)]
  ]
}

// ---- scoring ---------------------------------------------------------------------------------

interface Counts { tp: number; fp: number; fn: number }

/**
 * TRECVID-style: greedy one-to-one matching of detections to transitions within ±TOLERANCE frames
 * of the transition's window (a fade's or dissolve's window spans its whole ramp). Every
 * transition, gradual ones included, must be found once; a second detection is a false alarm.
 */
export const score = (truth: ReadonlyArray<Transition>, detections: ReadonlyArray<number>, tol = TOLERANCE): Counts => {
  const required = truth
  const gap = (t: Transition, d: number) => (d < t.from ? t.from - d : d >= t.to ? d - (t.to - 1) : 0)
  const pairs: Array<[number, number, number]> = []
  required.forEach((t, i) => detections.forEach((d, j) => gap(t, d) <= tol && pairs.push([gap(t, d), i, j])))
  pairs.sort((a, b) => a[0] - b[0])
  const usedT = new Set<number>()
  const usedD = new Set<number>()
  for (const [, i, j] of pairs) {
    if (usedT.has(i) || usedD.has(j)) continue
    usedT.add(i)
    usedD.add(j)
  }
  const fp = detections.filter((_, j) => !usedD.has(j)).length
  return { tp: usedT.size, fp, fn: required.length - usedT.size }
}

const prf = (c: Counts) => {
  const p = c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp)
  const r = c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn)
  return { p, r, f1: p + r === 0 ? 0 : (2 * p * r) / (p + r) }
}

// ---- runners ---------------------------------------------------------------------------------

const media = await Effect.runPromise(FfmpegMedia.make())
const run = <A>(e: Effect.Effect<A, unknown, import("effect").Scope.Scope>) => Effect.runPromise(Effect.scoped(e))
/** CPU seconds of this process plus its finished children (/proc/self/stat cutime+cstime): robust to a busy machine. */
const cpuSeconds = (): number => {
  const own = process.cpuUsage()
  let children = 0
  try {
    const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ")
    children = (Number(fields[13]) + Number(fields[14])) / 100 // cutime, cstime in clock ticks (USER_HZ = 100)
  } catch {
    // not Linux: children's CPU is not counted
  }
  return (own.user + own.system) / 1e6 + children
}
const timed = async <A>(f: () => Promise<A>): Promise<[A, number, number]> => {
  const t0 = performance.now()
  const c0 = cpuSeconds()
  const a = await f()
  return [a, (performance.now() - t0) / 1000, cpuSeconds() - c0]
}

/** What scoring needs of a video: its path, its transitions on its frame grid, and that grid. */
type Scored = Pick<GeneratedVideo, "path" | "transitions" | "fps" | "frames">

const detect = (v: Pick<GeneratedVideo, "path">, detector: string) =>
  run(Effect.map(media.analyze(v.path, { detection: { detector }, sprite: null }), (a) => ({ raw: a.candidates, info: a.info })))

/** ffmpeg's own detectors; frames from the logged times. */
const ffmpegDetect = async (path: string, fps: number, kind: "scdet" | "select"): Promise<Array<number>> => {
  const vf = kind === "scdet" ? "scdet=threshold=10" : "select='gt(scene,0.3)',showinfo"
  const { stderr } = await execa("ffmpeg", ["-hide_banner", "-nostdin", "-i", path, "-map", "0:v:0", "-vf", vf, "-f", "null", "-"])
  const re = kind === "scdet" ? /lavfi\.scd\.time: ([\d.]+)/g : /pts_time:([\d.]+)/g
  return Array.from(stderr.matchAll(re), (m) => Math.round(Number(m[1]) * fps))
}

/**
 * PySceneDetect 0.7.1 (`detect-adaptive`), when `PYSCENEDETECT_SRC` names a directory holding its
 * `scenedetect` package (run with Debian's python3-opencv under /usr/bin/python3). Cut frames are
 * the scenes' start frames (its list is 1-based).
 */
const psdSource = process.env.PYSCENEDETECT_SRC
const pySceneDetect = async (path: string, fps: number): Promise<Array<number>> => {
  const { stdout } = await execa("/usr/bin/python3", ["-m", "scenedetect", "-i", path, "detect-adaptive", "list-scenes", "-n"], { cwd: psdSource!, env: { PYTHONPATH: psdSource! } })
  // Its rows: | scene | start frame | start time (HH:MM:SS.mmm) | end frame | end time |. The time is
  // read, not the frame: its frame numbers count decoded frames, which a variable frame rate or a
  // late stream moves off the timeline.
  const starts = Array.from(stdout.matchAll(/^\s*\|\s*\d+\s*\|\s*\d+\s*\|\s*(\d+):(\d+):([\d.]+)\s*\|/gm), (m) =>
    Math.round((Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3])) * fps))
  return starts.filter((f) => f > 0)
}
const psdAvailable = async (): Promise<boolean> => {
  if (psdSource === undefined) return false
  try {
    await execa("/usr/bin/python3", ["-c", "import scenedetect"], { cwd: psdSource, env: { PYTHONPATH: psdSource } })
    return true
  } catch {
    return false
  }
}

const suppress = (raw: ReadonlyArray<number>, v: Scored) => Cuts.suppress(raw, { fps: v.fps, frameCount: v.frames }, MIN_CLIP)

// ---- main ------------------------------------------------------------------------------------

export const main = async (args: ReadonlyArray<string>): Promise<void> => {
  const load0 = loadavg()[0]!
  const quick = args.includes("--quick")
  const seconds = quick ? 20 : 120
  const log = (s: string) => process.stderr.write(`${s}\n`)
  log(`generating the ${seconds} s 1080p30 video (cached after the first run)…`)
  const big = await generateVideo(longSpec(seconds, 1920, 1080))
  // The same video with its index after the media data (as cameras and phones write it): normalise
  // must remux it, where the generated file is already a master and is taken as it is.
  const lateDir = mkdtempSync(join(tmpdir(), "heaters-bench-"))
  const lateIndex = join(lateDir, "index-last.mp4")
  execFileSync("ffmpeg", ["-v", "error", "-i", big.path, "-c", "copy", lateIndex])
  // The same video as a phone writes it: one frame in seven dropped (timestamps kept), and stored
  // sideways with a rotation matrix. Each is paired with a bare decode of its own file.
  log("making its real-world copies (cached after the first run)…")
  const phone = { vfr: await realWorld("vfr", longSpec(seconds, 1920, 1080)), rotated: await realWorld("rotate90", longSpec(seconds, 1920, 1080)) }
  for (const file of [big.path, lateIndex, phone.vfr.path, phone.rotated.path]) execFileSync("cat", [file], { stdio: "ignore", maxBuffer: 1 << 30 }) // warm the page cache

  const sheets = (path: string) =>
    Effect.gen(function*() {
      const a = yield* media.analyze(path, { detection: { detector: "default" }, sprite: { maxFps: 24, tileWidth: 480 } })
      const clips = Cuts.plan(a.candidates, a.info, MIN_CLIP)
      // As the splice stage does: the clips' sheets in batches of at most `SpritePlan.batchPixels`.
      const plans = clips.map((c) => SpritePlan.plan({ start: c.startTime, end: c.endTime, videoFps: a.info.fps, videoWidth: a.info.width, videoHeight: a.info.height }))
      for (const batch of SpritePlan.batches(plans, SpritePlan.pixels)) yield* a.sheets(batch)
      return clips.length
    })

  // The machine is shared and its load drifts within a minute: every step runs `rounds` times, each
  // time next to a bare decode of its own (before it in rounds 1, 3, 5, after it in the others, so
  // a load that rises or falls favours neither), and is reported as the median of (step ÷ decode).
  const rounds = quick ? 1 : 5
  const bare = (path = big.path) => execa("ffmpeg", ["-hide_banner", "-nostdin", "-i", path, "-f", "null", "-"])
  /** The file a step's bare decodes read, where it is not the 1080p video itself. */
  const bareFile: Record<string, string> = { ingestVfr: phone.vfr.path, ingestRotated: phone.rotated.path }
  const steps = {
    adaptive: () => detect(big, "adaptive"),
    histogram: () => detect(big, "histogram"),
    scdet: () => ffmpegDetect(big.path, big.fps, "scdet"),
    select: () => ffmpegDetect(big.path, big.fps, "select"),
    sprites: () => run(sheets(big.path)),
    ingest: () => run(Effect.flatMap(media.normalize(big.path), (m) => sheets(m.path))),
    ingestRemux: () => run(Effect.flatMap(media.normalize(lateIndex), (m) => sheets(m.path))),
    ingestVfr: () => run(Effect.flatMap(media.normalize(phone.vfr.path), (m) => sheets(m.path))),
    ingestRotated: () => run(Effect.flatMap(media.normalize(phone.rotated.path), (m) => sheets(m.path)))
  }
  /** Seconds per run, by step; `bareWall` and `bareCpu` hold, by step, the decodes paired with its runs. */
  const wall: Record<string, Array<number>> = {}
  const cpu: Record<string, Array<number>> = {}
  const bareWall: Record<string, Array<number>> = {}
  const bareCpu: Record<string, Array<number>> = {}
  const results: Record<string, unknown> = {}
  const measure = async (name: string, label: string, f: () => Promise<unknown>, w: typeof wall, c: typeof cpu) => {
    const [value, t, s] = await timed(f)
    ;(w[name] ??= []).push(t)
    ;(c[name] ??= []).push(s)
    log(`${label} ${t.toFixed(2)} s wall, ${s.toFixed(2)} s CPU`)
    return value
  }
  await bare()
  for (let r = 0; r < rounds; r++) {
    for (const [name, step] of Object.entries(steps)) {
      const pairedBare = () => measure(name, `round ${r + 1}: bare (for ${name})`, () => bare(bareFile[name]), bareWall, bareCpu)
      if (r % 2 === 0) await pairedBare()
      results[name] = await measure(name, `round ${r + 1}: ${name}`, step, wall, cpu)
      if (r % 2 === 1) await pairedBare()
    }
  }
  const median = (xs: ReadonlyArray<number>) => {
    const v = [...xs].sort((x, y) => x - y)
    const m = v.length >> 1
    return v.length % 2 === 1 ? v[m]! : (v[m - 1]! + v[m]!) / 2
  }
  /** Ratios of a step's runs to their paired bare decodes: median and range. */
  const ratios = (xs: Record<string, Array<number>>, bares: Record<string, Array<number>>, k: string) => {
    const rs = xs[k]!.map((t, i) => t / bares[k]![i]!)
    return { median: median(rs), min: Math.min(...rs), max: Math.max(...rs) }
  }
  const adaptive = results.adaptive as Awaited<ReturnType<typeof detect>>
  const histogram = results.histogram as Awaited<ReturnType<typeof detect>>
  const scdet = results.scdet as Array<number>
  const select = results.select as Array<number>
  const clips = results.sprites as number
  const rss = process.resourceUsage().maxRSS / 1024
  rmSync(lateDir, { recursive: true, force: true })

  // Accuracy over the generated set plus the big file.
  const withPsd = await psdAvailable()
  log(withPsd ? `PySceneDetect from ${psdSource}` : "PySceneDetect: not available (set PYSCENEDETECT_SRC), column skipped")
  const rows: Array<{ file: string; counts: Record<string, Counts> }> = []
  const detectors = ["adaptive", "histogram", "scdet", "select=scene", ...(withPsd ? ["PySceneDetect"] : [])]
  const total: Record<string, Counts> = Object.fromEntries(detectors.map((d) => [d, { tp: 0, fp: 0, fn: 0 }]))
  const add = (file: string, v: Scored, found: Record<string, ReadonlyArray<number>>) => {
    const counts = Object.fromEntries(detectors.map((d) => [d, score(v.transitions, suppress(found[d]!, v))])) as Record<string, Counts>
    for (const d of detectors) for (const k of ["tp", "fp", "fn"] as const) total[d]![k] += counts[d]![k]
    rows.push({ file, counts })
  }
  const psdBig = withPsd ? await pySceneDetect(big.path, big.fps) : []
  add(`1080p ${seconds}s`, big, { adaptive: adaptive.raw, histogram: histogram.raw, scdet, "select=scene": select, PySceneDetect: psdBig })
  const runAll = async (name: string, v: Scored) => {
    log(`accuracy: ${name}`)
    add(name, v, {
      adaptive: (await detect(v, "adaptive")).raw,
      histogram: (await detect(v, "histogram")).raw,
      scdet: await ffmpegDetect(v.path, v.fps, "scdet"),
      "select=scene": await ffmpegDetect(v.path, v.fps, "select"),
      PySceneDetect: withPsd ? await pySceneDetect(v.path, v.fps) : []
    })
  }
  for (const [name, spec] of accuracySet(quick)) await runAll(name, await generateVideo(spec))
  // Real-world files (test/support/realworld.ts) made from the 90 s cycle at 640×360: truth and
  // detections on the presentation timeline's frames.
  for (const [name, property] of realWorldRows) {
    const rw = await realWorld(property, longSpec(quick ? 30 : 90, 640, 360))
    await runAll(name, { path: rw.path, transitions: rw.transitions, fps: rw.fps, frames: Math.round(rw.endTime * rw.fps) })
  }

  const bitrate = Number(execFileSync("ffprobe", ["-v", "error", "-show_entries", "format=bit_rate", "-of", "csv=p=0", big.path], { encoding: "utf8" }).trim())
  const ffmpegVersion = execFileSync("ffmpeg", ["-version"], { encoding: "utf8" }).split("\n")[0]
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`
  const cell = (xs: Record<string, Array<number>>, bares: Record<string, Array<number>>, k: string) => {
    const r = ratios(xs, bares, k)
    return `${median(xs[k]!).toFixed(2)} | ${r.median.toFixed(2)}× (${r.min.toFixed(2)}–${r.max.toFixed(2)})`
  }
  const row = (label: string, k: string, goal = "") => `| ${label} | ${cell(wall, bareWall, k)} | ${cell(cpu, bareCpu, k)} | ${goal} |`
  const ofBig = (runs: Record<string, Array<number>>) => Object.entries(runs).flatMap(([k, xs]) => (k in bareFile ? [] : xs))
  const bareRuns = { wall: ofBig(bareWall), cpu: ofBig(bareCpu) }
  const md = [
    "# Media benchmark results",
    "",
    `Run: ${new Date().toISOString()} · ${cpus().length} × ${cpus()[0]?.model ?? "cpu"} · Node ${process.version} · ${ffmpegVersion}`,
    "",
    `Video: generated ${seconds} s, 1920×1080, 30 fps, H.264 (x264 veryfast, CRF 26) — ${big.frames} frames, ${big.transitions.length} transitions (${big.cuts.length} hard cuts), ${big.flashes.length} flashes.`,
    "",
    `## Speed (${rounds} round${rounds === 1 ? "" : "s"}, page cache warm; load average at start ${load0.toFixed(1)})`,
    "",
    "Each run of a step is paired with a bare decode run right before it (odd rounds) or right after it",
    "(even rounds): × bare is the median of the per-pair ratios, with their range in brackets. Seconds are",
    "medians over the rounds.",
    "",
    "| step | wall s | × bare (range) | CPU s | × bare (range) | goal |",
    "|---|---:|---:|---:|---:|---|",
    `| bare \`ffmpeg -i F -f null -\` (all ${bareRuns.wall.length} runs) | ${median(bareRuns.wall).toFixed(2)} | 1 | ${median(bareRuns.cpu).toFixed(2)} | 1 | |`,
    row("our detection (`adaptive` incl. gradual transitions, 64×36 RGB piped to Node)", "adaptive", "≤ 1.2×"),
    row("our detection (`histogram` baseline)", "histogram"),
    row("ffmpeg `scdet=threshold=10`", "scdet"),
    row("ffmpeg `select='gt(scene,0.3)'`", "select"),
    row(`one pass with 480 px sprite tiles (raw) + ${clips} clip sheets`, "sprites"),
    row("ingest → all clips review-ready (normalise: already a master, linked + pass + sheets)", "ingest", "≤ 1.5× (wall and CPU)"),
    row("the same with the index last (normalise: remux + pass + sheets)", "ingestRemux"),
    row("the same on a phone's VFR copy, 1 frame in 7 dropped (× a bare decode of that copy)", "ingestVfr", "no second pass"),
    row("the same on a copy stored sideways with a rotation matrix (× a bare decode of that copy)", "ingestRotated", "no second pass"),
    "",
    `Peak RSS of the Node process (whole run, incl. scores of ${big.frames} frames): ${rss.toFixed(0)} MiB. Bit rate of the video: ${(bitrate / 1e6).toFixed(1)} Mb/s.`,
    "",
    `## Accuracy (F1 per file; cuts after \`Cuts.suppress\` with ${MIN_CLIP} s minimum, matched within ±${TOLERANCE} frames of each transition's window)`,
    "",
    "Every transition counts — hard cuts, fades through black, dissolves, wipes, fades through white — and must be found once;",
    "\"photo …\" files are photographs (Debian's mate-backgrounds) filmed by a virtual camera with no transition at all.",
    withPsd ? "PySceneDetect 0.7.1: `python3 -m scenedetect -i F detect-adaptive list-scenes` (defaults)." : "PySceneDetect: not run (set PYSCENEDETECT_SRC to its source directory).",
    "",
    `| file | ${detectors.join(" | ")} |`,
    `|---|${detectors.map(() => "---:").join("|")}|`,
    ...rows.map((r) => `| ${r.file} | ${detectors.map((d) => { const c = r.counts[d]!; return `${prf(c).f1.toFixed(2)} (${c.tp}/${c.fp}/${c.fn})` }).join(" | ")} |`),
    "",
    "Cells: F1 (true positives / false positives / misses). A file without transitions scores 1.00 when nothing is reported.",
    "",
    "| detector | precision | recall | F1 |",
    "|---|---:|---:|---:|",
    ...detectors.map((d) => { const s = prf(total[d]!); return `| ${d} | ${pct(s.p)} | ${pct(s.r)} | ${s.f1.toFixed(3)} |` }),
    ""
  ].join("\n")
  await writeFile(new URL("./RESULTS.md", import.meta.url), md)
  process.stdout.write(md)
}
