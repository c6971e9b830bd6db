/**
 * Sprite sheets. Two ways to the same image: `sheetFromTiles` assembles a clip's sheet from the
 * tiles the shared pass decoded (cheap: raw or JPEG tiles in, one `tile` filter, one JPEG encode;
 * see `tiles.ts`); `renderSprite` seeks into
 * the source for one clip (after a merge/split, or when the shared pass is gone). Either way tiles
 * are scaled to the plan's exact tile size and the sheet's real size is read back from the JPEG.
 *
 * @since 0.1.0
 */
import { copyFile, link, readFile } from "node:fs/promises"
import { availableParallelism } from "node:os"
import { join } from "node:path"
import type { SpritePlan } from "@heaters/core/pipeline"
import { Media } from "@heaters/core"
import { Array as Arr, Effect } from "effect"
import type { Runtime } from "./context.js"
import { quiet } from "./context.js"
import { jpegSize } from "./jpeg.js"
import { probe } from "./probe.js"
import { collect, render, scratchDir } from "./process.js"
import { checkSpritePlan } from "./requests.js"
import type { TileStore } from "./tiles.js"
import { rawFrames, tileCount } from "./tiles.js"

const grid = (plan: SpritePlan.SpritePlan) => `scale=${plan.tileWidth}:${plan.tileHeight}:flags=bilinear,setsar=1,tile=${plan.cols}x${plan.rows}`
/**
 * The sheet encoder's settings: quality 3, and the standard Huffman tables instead of ffmpeg's
 * default per-image optimal ones, whose extra pass over the coefficients cost 15–25 % of the
 * encode on detailed, noisy footage (≈ 5 % on the benchmark's flat test patterns) to save ≈ 5 % of
 * the bytes.
 */
const jpegEncoder = ["-frames:v", "1", "-q:v", "3", "-huffman", "default", "-c:v", "mjpeg"]
const jpegOut = [...jpegEncoder, "-f", "image2pipe", "pipe:1"]

/** Checks the bytes are a JPEG of exactly the planned size; anything else is a failed render. */
const verified = (operation: string, bin: string, args: ReadonlyArray<string>, plan: SpritePlan.SpritePlan, bytes: Uint8Array) => {
  const size = jpegSize(bytes)
  const want = { width: plan.cols * plan.tileWidth, height: plan.rows * plan.tileHeight }
  if (size === undefined || size.width !== want.width || size.height !== want.height) {
    const got = size === undefined ? "no JPEG" : `${size.width}x${size.height}`
    return Effect.fail(new Media.MediaFailed({ operation, command: render(bin, args), exitCode: 0, stderr: `expected a ${want.width}x${want.height} sheet, got ${got}` }))
  }
  return Effect.succeed<Media.SpriteImage>({ bytes, width: size.width, height: size.height, plan })
}

/**
 * Which tile shows time `t`: tile k of the shared pass was sampled at k / spriteFps. Chosen by time,
 * so a plan whose fps was lowered (long clips) still picks evenly spaced tiles.
 *
 * @since 0.1.0
 */
export const tileIndexes = (plan: SpritePlan.SpritePlan, spriteFps: number, tileCount: number): Array<number> =>
  Array.from({ length: plan.frames }, (_, i) => {
    const t = plan.start + i / plan.fps
    return Math.min(tileCount - 1, Math.max(0, Math.round(t * spriteFps + 1e-6)))
  })

/** Sheet from JPEG tiles: the chosen files are hard-linked as 1…n so the image2 demuxer reads exactly them. */
const fromJpegTiles = (rt: Runtime, plan: SpritePlan.SpritePlan, files: ReadonlyArray<string>, indexes: ReadonlyArray<number>) =>
  Effect.scoped(
    Effect.gen(function*() {
      const bins = yield* rt.binaries
      const dir = yield* scratchDir(rt.tempRoot, "heaters-sheet-", "renderSprite")
      yield* Effect.promise(() =>
        Promise.all(indexes.map((k, i) => {
          const to = join(dir, `${String(i + 1).padStart(6, "0")}.jpg`)
          return link(files[k]!, to).catch(() => copyFile(files[k]!, to))
        }))
      )
      const args = [...quiet, "-framerate", "25", "-i", join(dir, "%06d.jpg"), "-vf", grid(plan), ...jpegOut]
      const { stdout } = yield* collect(bins.ffmpeg, args, "sheet")
      return yield* verified("sheet", bins.ffmpeg, args, plan, stdout)
    })
  )

/** Whether tile indexes are consecutive (one run of the tile file). */
const isRun = (indexes: ReadonlyArray<number>) => indexes.every((k, i) => k === indexes[0]! + i)

/** ffmpeg input options describing the raw tile file's frames. */
const rawInput = (store: Extract<TileStore, { _tag: "raw" }>) =>
  ["-f", "rawvideo", "-pix_fmt", "yuvj420p", "-video_size", `${store.width}x${store.height}`, "-framerate", "25"]

/**
 * Sheet from raw tiles. When the chosen tiles are consecutive — the usual case: the plan samples at
 * the pass's sprite fps — ffmpeg reads them from the tile file itself, starting at the first one's
 * byte offset; otherwise (long clips sampled more sparsely) they are streamed to it from Node.
 * Reading in ffmpeg saves copying every tile through Node (≈ 0.3 s of CPU per 20 s of 1080p).
 */
const fromRawTiles = (rt: Runtime, plan: SpritePlan.SpritePlan, store: Extract<TileStore, { _tag: "raw" }>, indexes: ReadonlyArray<number>) =>
  Effect.gen(function*() {
    const bins = yield* rt.binaries
    const first = indexes[0] ?? 0
    const consecutive = isRun(indexes)
    const raw = rawInput(store)
    const args = [
      ...quiet,
      ...(consecutive ? ["-skip_initial_bytes", String(first * store.frameBytes), ...raw, "-i", store.file] : [...raw, "-i", "pipe:0"]),
      // Tiles already have the plan's size (the usual case), so the grid's scale is a plain copy;
      // `trim` ends the input after the plan's tiles so the grid is flushed even when not full.
      "-vf", `trim=end_frame=${indexes.length},${grid(plan)}`, ...jpegOut
    ]
    const { stdout } = yield* collect(bins.ffmpeg, args, "sheet", consecutive ? undefined : rawFrames(store, indexes))
    return yield* verified("sheet", bins.ffmpeg, args, plan, stdout)
  })

/** A clip's sheet from the shared pass's tiles (raw or JPEG, see `tiles.ts`). @since 0.1.0 */
export const sheetFromTiles = (
  rt: Runtime,
  info: Media.MediaInfo,
  plan: SpritePlan.SpritePlan,
  store: TileStore,
  spriteFps: number
): Effect.Effect<Media.SpriteImage, Media.MediaError> =>
  Effect.gen(function*() {
    yield* checkSpritePlan("sheet", info, plan)
    const indexes = tileIndexes(plan, spriteFps, tileCount(store))
    return yield* (store._tag === "raw" ? fromRawTiles(rt, plan, store, indexes) : fromJpegTiles(rt, plan, store.files, indexes))
  })

/**
 * Several clips' sheets in one ffmpeg run, in the order of `plans`. Each clip whose tiles are
 * consecutive in a raw tile file becomes one branch of a single filter graph — `trim` to its tiles,
 * then the grid — written to its own file: ONE process start instead of one per clip (Debian's
 * ffmpeg links 200+ libraries; each start costs ≈ 0.09 s of CPU, ≈ 2 s over the two dozen clips of
 * two minutes of video). Any other clip gets `sheetFromTiles`.
 *
 * @since 0.1.0
 */
export const sheetsFromTiles = (
  rt: Runtime,
  info: Media.MediaInfo,
  plans: ReadonlyArray<SpritePlan.SpritePlan>,
  store: TileStore,
  spriteFps: number
): Effect.Effect<ReadonlyArray<Media.SpriteImage>, Media.MediaError> =>
  Effect.gen(function*() {
    yield* Effect.forEach(plans, (plan) => checkSpritePlan("sheet", info, plan), { discard: true })
    const runs = plans.map((plan) => tileIndexes(plan, spriteFps, tileCount(store)))
    const batched = store._tag === "raw" ? plans.flatMap((_, i) => (isRun(runs[i]!) ? [i] : [])) : []
    const images: Array<Media.SpriteImage | undefined> = plans.map(() => undefined)
    if (store._tag === "raw" && batched.length > 1) {
      // Two runs side by side, each encoding its sheets on one thread, rather than one run whose
      // encoders each start slice threads (every thread keeps its own copy of the encoder's
      // per-frame tables, which at sheet size costs page faults): the 24 sheets of 2 min of 1080p
      // took 2.35 s wall instead of 2.63 s on 2 cores, for the same CPU.
      const halves = Arr.chunksOf(batched, Math.ceil(batched.length / Math.min(2, availableParallelism())))
      yield* Effect.forEach(halves, (half) =>
        Effect.map(
          fromRawTilesBatch(rt, half.map((i) => plans[i]!), store, half.map((i) => runs[i]![0]!)),
          (batch) => half.forEach((i, k) => (images[i] = batch[k]))
        ), { concurrency: "unbounded", discard: true })
    }
    return yield* Effect.forEach(plans, (plan, i) => {
      const done = images[i]
      return done !== undefined ? Effect.succeed(done) : sheetFromTiles(rt, info, plan, store, spriteFps)
    })
  })

/** The batch of `sheetsFromTiles`: clip i's tiles are `firsts[i]` … `firsts[i] + plans[i].frames − 1`. */
const fromRawTilesBatch = (
  rt: Runtime,
  plans: ReadonlyArray<SpritePlan.SpritePlan>,
  store: Extract<TileStore, { _tag: "raw" }>,
  firsts: ReadonlyArray<number>
) =>
  Effect.scoped(
    Effect.gen(function*() {
      const bins = yield* rt.binaries
      const dir = yield* scratchDir(rt.tempRoot, "heaters-sheets-", "sheet")
      const base = Math.min(...firsts)
      const end = Math.max(...plans.map((p, i) => firsts[i]! + p.frames))
      const branches = plans.map((p, i) =>
        `[in${i}]trim=start_frame=${firsts[i]! - base}:end_frame=${firsts[i]! - base + p.frames},setpts=PTS-STARTPTS,${grid(p)}[out${i}]`
      )
      const graph = `[0:v]trim=end_frame=${end - base},split=${plans.length}${plans.map((_, i) => `[in${i}]`).join("")};${branches.join(";")}`
      const files = plans.map((_, i) => join(dir, `${i}.jpg`))
      const args = [
        ...quiet,
        "-skip_initial_bytes", String(base * store.frameBytes),
        ...rawInput(store), "-i", store.file,
        "-filter_complex", graph,
        ...files.flatMap((file, i) => ["-map", `[out${i}]`, ...jpegEncoder, "-threads", "1", "-f", "image2", file])
      ]
      yield* collect(bins.ffmpeg, args, "sheet")
      return yield* Effect.forEach(files, (file, i) =>
        Effect.flatMap(
          Effect.promise(() => readFile(file).then((b) => new Uint8Array(b), () => new Uint8Array())),
          (bytes) => verified("sheet", bins.ffmpeg, args, plans[i]!, bytes)
        ))
    })
  )

/**
 * One clip's sheet by input-side seeking (`-ss` before `-i`: only the clip's GOPs are decoded).
 * Ranges longer than `keyframeModeSeconds` decode keyframes only (`-skip_frame nokey`), which is
 * what makes a 10-minute sheet cheap; its tiles then repeat the nearest keyframe.
 *
 * @since 0.1.0
 */
export const renderSprite = (rt: Runtime, path: string, plan: SpritePlan.SpritePlan): Effect.Effect<Media.SpriteImage, Media.MediaError> =>
  Effect.gen(function*() {
    const bins = yield* rt.binaries
    const info = yield* probe(bins, path, rt)
    yield* checkSpritePlan("renderSprite", info, plan)
    const duration = plan.end - plan.start
    const fast = duration > rt.keyframeModeSeconds
    const args = [
      ...quiet,
      ...(fast ? ["-skip_frame", "nokey"] : []),
      "-ss", plan.start.toFixed(6), "-t", duration.toFixed(6), "-i", path,
      "-map", "0:v:0",
      // trim: never more tiles than planned, or the grid would show a stray tile after the last.
      "-vf", `fps=${plan.fps},trim=end_frame=${plan.frames},${grid(plan)}`,
      ...jpegOut
    ]
    const { stdout } = yield* collect(bins.ffmpeg, args, "renderSprite")
    return yield* verified("renderSprite", bins.ffmpeg, args, plan, stdout)
  })
