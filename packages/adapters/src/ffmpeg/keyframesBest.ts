/**
 * `best` keyframes (docs/media.md, "Keyframes"): ONE ffmpeg run seeks to a short window around
 * each planned time, samples every few frames (≈ `CANDIDATE_FPS` candidates a second), and writes each candidate twice — a
 * small grey image piped to Node for scoring, and a full-size JPEG to a temp directory. Node keeps,
 * per shot, the sharpest candidate (variance of the Laplacian) that is neither near-black,
 * near-white nor a transition frame (one that lies between its neighbours while they differ: the
 * inside of a dissolve).
 *
 * @since 0.1.0
 */
import { readdir, readFile } from "node:fs/promises"
import { join } from "node:path"
import type { KeyframePlan } from "@heaters/core/pipeline"
import { Media } from "@heaters/core"
import { Effect } from "effect"
import type { Runtime } from "./context.js"
import { quiet } from "./context.js"
import { jpegSize } from "./jpeg.js"
import { collect, render, scratchDir } from "./process.js"

const CANDIDATE_FPS = 8
const GW = 160
const GH = 90

/** Variance of the 4-neighbour Laplacian of an 8-bit grey image: high when edges are crisp. @since 0.1.0 */
export const sharpness = (g: Uint8Array, w: number, h: number): number => {
  let sum = 0
  let sq = 0
  let n = 0
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x
      const l = g[i - 1]! + g[i + 1]! + g[i - w]! + g[i + w]! - 4 * g[i]!
      sum += l
      sq += l * l
      n++
    }
  }
  return n === 0 ? 0 : sq / n - (sum / n) ** 2
}

const mean = (g: Uint8Array) => g.reduce((a, v) => a + v, 0) / g.length
const meanAbs = (a: Uint8Array, b: Uint8Array) => {
  let s = 0
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]! - b[i]!)
  return s / a.length
}

/** Near-black or near-white (a fade's black, a flash, a blown-out frame). @since 0.1.0 */
export const nearBlackOrWhite = (g: Uint8Array): boolean => {
  const m = mean(g)
  return m < 30 || m > 225
}

/** Frame `cur` lies between `prev` and `next` while they differ: the inside of a dissolve or fade. @since 0.1.0 */
export const inTransition = (prev: Uint8Array | undefined, cur: Uint8Array, next: Uint8Array | undefined): boolean => {
  if (prev === undefined || next === undefined) return false
  const apart = meanAbs(prev, next)
  if (apart < 12) return false
  let off = 0
  for (let i = 0; i < cur.length; i++) off += Math.abs(cur[i]! - (prev[i]! + next[i]!) / 2)
  return off / cur.length < 0.25 * apart
}

/** Index of the candidate to keep: the sharpest usable one, else the usable one nearest the planned time, else the planned one. @since 0.1.0 */
export const pick = (greys: ReadonlyArray<Uint8Array>, planned: number): number => {
  const usable = greys.map((g, k) => !nearBlackOrWhite(g) && !inTransition(greys[k - 1], g, greys[k + 1]))
  let best = -1
  let bestScore = -1
  greys.forEach((g, k) => {
    if (!usable[k]) return
    const s = sharpness(g, GW, GH)
    if (s > bestScore) {
      best = k
      bestScore = s
    }
  })
  if (best >= 0) return best
  const visible = greys.map((g, k) => [k, nearBlackOrWhite(g) ? Infinity : Math.abs(k - planned)] as const).sort((a, b) => a[1] - b[1])
  return visible[0]![1] === Infinity ? Math.min(planned, greys.length - 1) : visible[0]![0]
}

/** The `best` shots of `plan`; `view` heads each candidate's filter chain (`picture.ts`). @since 0.1.0 */
export const bestKeyframes = (rt: Runtime, path: string, plan: KeyframePlan.KeyframePlan, info: Media.MediaInfo, view = ""): Effect.Effect<ReadonlyArray<Media.KeyframeImage>, Media.MediaError> =>
  Effect.scoped(Effect.gen(function*() {
    const bins = yield* rt.binaries
    const dir = yield* scratchDir(rt.tempRoot, "heaters-keyframes-", "extractKeyframes")
    const last = Math.min(plan.end, info.durationSeconds) - 1 / info.fps
    const reach = plan.searchSeconds ?? 0.5
    const windows = plan.shots.map((shot) => {
      const from = Math.max(plan.start, Math.min(last, shot.time - reach))
      const to = Math.max(from, Math.min(last, shot.time + reach))
      return { shot, from, length: to - from + 1 / info.fps }
    })
    // Every `step`-th decoded frame: exact times (input seeking is frame-accurate), ≈ CANDIDATE_FPS.
    const step = Math.max(1, Math.round(info.fps / CANDIDATE_FPS))
    const inputs = windows.flatMap((w) => ["-ss", w.from.toFixed(6), "-t", w.length.toFixed(6), "-i", path])
    const graph = windows.map((_, i) =>
      `[${i}:v:0]${view}select='not(mod(n,${step}))',split=2[j${i}][c${i}];[c${i}]scale=${GW}:${GH}:flags=area,format=gray[g${i}]`
    ).join(";") + `;${windows.map((_, i) => `[g${i}]`).join("")}concat=n=${windows.length}:v=1:a=0[grey]`
    const args = [
      ...quiet, ...inputs,
      "-filter_complex", graph,
      "-map", "[grey]", "-fps_mode", "passthrough", "-f", "rawvideo", "pipe:1",
      ...windows.flatMap((_, i) => ["-map", `[j${i}]`, "-fps_mode", "passthrough", "-q:v", "2", "-f", "image2", join(dir, `s${i}_%03d.jpg`)])
    ]
    const { stdout } = yield* collect(bins.ffmpeg, args, "extractKeyframes")
    const files = yield* Effect.promise(() => readdir(dir))
    const size = GW * GH
    const images: Array<Media.KeyframeImage> = []
    let offset = 0
    for (const [i, w] of windows.entries()) {
      const mine = files.filter((f) => f.startsWith(`s${i}_`)).sort()
      const greys = mine.map((_, k) => stdout.subarray((offset + k) * size, (offset + k + 1) * size))
      offset += mine.length
      if (mine.length === 0 || greys.some((g) => g.length < size)) {
        return yield* Effect.fail(new Media.MediaFailed({ operation: "extractKeyframes", command: render(bins.ffmpeg, args), exitCode: 0, stderr: `no frame around ${w.shot.time} s` }))
      }
      const k = pick(greys, Math.round(((w.shot.time - w.from) * info.fps) / step))
      const bytes = new Uint8Array(yield* Effect.promise(() => readFile(join(dir, mine[k]!))))
      const dims = jpegSize(bytes)
      if (dims === undefined) {
        return yield* Effect.fail(new Media.MediaFailed({ operation: "extractKeyframes", command: render(bins.ffmpeg, args), exitCode: 0, stderr: `candidate ${mine[k]} is not a JPEG` }))
      }
      const time = w.from + (k * step) / info.fps
      images.push({
        tag: w.shot.tag,
        bytes,
        time: Math.round(time * 1000) / 1000,
        frameIndex: Math.floor((time - plan.start) * plan.fps + 1e-6),
        width: dims.width,
        height: dims.height
      })
    }
    return images
  }))
