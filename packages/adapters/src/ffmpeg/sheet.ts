/**
 * Sprite sheets. Two ways to the same image: `sheetFromTiles` / `sheetsFromTiles` assemble clips'
 * sheets from the tiles the shared pass decoded (raw tiles: one encoder per sheet width, see
 * `sheetStrips.ts`; JPEG tiles: one `tile` filter and encode per sheet; see `tiles.ts`);
 * `renderSprite` seeks into the source for one clip (after a merge/split, or when the shared pass is
 * gone). Either way tiles have the plan's exact tile size and the sheet's real size is read back
 * from the JPEG.
 *
 * @since 0.1.0
 */
import { copyFile, link } from "node:fs/promises"
import { join } from "node:path"
import type { SpritePlan } from "@heaters/core/pipeline"
import { Media } from "@heaters/core"
import { Array as Arr, Effect } from "effect"
import type { Runtime } from "./context.js"
import { quiet } from "./context.js"
import { jpegSize } from "./jpeg.js"
import { viewPrefix } from "./picture.js"
import { probe } from "./probe.js"
import { collect, render, scratchDir } from "./process.js"
import { checkSpritePlan, seekPoint } from "./requests.js"
import { encodeNatively } from "./sheetNative.js"
import { canStrip, encodeStrips } from "./sheetStrips.js"
import type { TileStore } from "./tiles.js"
import { rawFrames, rawTileInput, storedAtPlanSize, tileCount } from "./tiles.js"

const grid = (plan: SpritePlan.SpritePlan) => `scale=${plan.tileWidth}:${plan.tileHeight}:flags=bilinear,setsar=1,tile=${plan.cols}x${plan.rows}`
/**
 * The sheet encoder's settings: quality 3, and the standard Huffman tables instead of ffmpeg's
 * default per-image optimal ones, whose extra pass over the coefficients cost 15–25 % of the
 * encode on detailed, noisy footage (≈ 5 % on the benchmark's flat test patterns) to save ≈ 5 % of
 * the bytes.
 */
const jpegQuality = ["-q:v", "3", "-huffman", "default", "-c:v", "mjpeg"]
const jpegOut = ["-frames:v", "1", ...jpegQuality, "-f", "image2pipe", "pipe:1"]

/** Checks the bytes are a JPEG of exactly the planned size; anything else is a failed render. */
const verified = (operation: string, command: string, plan: SpritePlan.SpritePlan, bytes: Uint8Array) => {
  const size = jpegSize(bytes)
  const want = { width: plan.cols * plan.tileWidth, height: plan.rows * plan.tileHeight }
  if (size === undefined || size.width !== want.width || size.height !== want.height) {
    const got = size === undefined ? "no JPEG" : `${size.width}x${size.height}`
    return Effect.fail(new Media.MediaFailed({ operation, command, exitCode: 0, stderr: `expected a ${want.width}x${want.height} sheet, got ${got}` }))
  }
  return Effect.succeed<Media.SpriteImage>({ bytes, width: size.width, height: size.height, plan })
}

/**
 * Which tiles of the shared pass show a plan's times. Tile k shows the frame on screen at
 * k / spriteFps (the pass samples with `round=up`); each planned time takes the first tile at or
 * after it, kept inside the clip, so no tile shows a frame of a neighbouring clip. The clip's
 * stored times are rounded to milliseconds: they are put back on the video's frame grid first.
 * Chosen by time, so a plan whose fps was lowered (long clips) still picks evenly spaced tiles.
 *
 * @since 0.1.0
 */
export const tileIndexes = (plan: SpritePlan.SpritePlan, spriteFps: number, tileCount: number): Array<number> => {
  const onGrid = (t: number) => Math.round(t * plan.videoFps) / plan.videoFps
  const slot = (t: number) => Math.ceil(t * spriteFps - 1e-6)
  const first = slot(onGrid(plan.start))
  const last = Math.max(first, slot(onGrid(plan.end)) - 1)
  return Array.from({ length: plan.frames }, (_, i) =>
    Math.min(tileCount - 1, Math.max(0, Math.min(last, Math.max(first, slot(plan.start + i / plan.fps))))))
}

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
      return yield* verified("sheet", render(bins.ffmpeg, args), plan, stdout)
    })
  )

/**
 * Sheet from raw tiles of another size than the plan's (a caller's own sprite settings): Node
 * streams the chosen tiles to one ffmpeg that scales them with the grid and encodes the sheet.
 */
const fromRawTiles = (rt: Runtime, plan: SpritePlan.SpritePlan, store: Extract<TileStore, { _tag: "raw" }>, indexes: ReadonlyArray<number>) =>
  Effect.gen(function*() {
    const bins = yield* rt.binaries
    const args = [
      ...quiet,
      ...rawTileInput(store), "-i", "pipe:0",
      "-vf", grid(plan), ...jpegOut
    ]
    const { stdout } = yield* collect(bins.ffmpeg, args, "sheet", rawFrames(store, indexes))
    return yield* verified("sheet", render(bins.ffmpeg, args), plan, stdout)
  })

/** A clip's sheet from the shared pass's tiles (raw or JPEG, see `tiles.ts`). @since 0.1.0 */
export const sheetFromTiles = (
  rt: Runtime,
  info: Media.MediaInfo,
  plan: SpritePlan.SpritePlan,
  store: TileStore,
  spriteFps: number
): Effect.Effect<Media.SpriteImage, Media.MediaError> =>
  Effect.map(sheetsFromTiles(rt, info, [plan], store, spriteFps), (images) => images[0]!)

/**
 * Several clips' sheets, in the order of `plans`. From raw tiles of the plans' size, libjpeg-turbo
 * encodes them when `@heaters/sheet-jpeg` is there (`sheetNative.ts`); otherwise the sheets of each
 * width are encoded by one ffmpeg in strips (`sheetStrips.ts`): one process start and one
 * encoder's set-up per width instead of per sheet. Any other sheet is rendered on its own.
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
    const jobs = plans.map((plan) => ({ plan, indexes: tileIndexes(plan, spriteFps, tileCount(store)) }))
    if (store._tag === "jpeg") return yield* Effect.forEach(jobs, (job) => fromJpegTiles(rt, job.plan, store.files, job.indexes))
    const images: Array<Media.SpriteImage | undefined> = jobs.map(() => undefined)
    // Checks the sheets encoded for the jobs numbered `group` and keeps them in their places.
    const keep = (group: ReadonlyArray<number>) => ({ command, sheets }: { readonly command: string; readonly sheets: ReadonlyArray<Uint8Array> }) =>
      Effect.forEach(group, (i, k) => Effect.map(verified("sheet", command, plans[i]!, sheets[k]!), (image) => (images[i] = image)), { discard: true })
    const encode = yield* rt.sheetEncoder
    if (encode !== undefined) {
      const native = jobs.flatMap((job, i) => (storedAtPlanSize(job.plan, store) ? [i] : []))
      yield* Effect.flatMap(encodeNatively(encode, store, native.map((i) => jobs[i]!)), keep(native))
    }
    const protocols = yield* rt.protocols
    const strippable = jobs.flatMap((job, i) => (images[i] === undefined && canStrip(job.plan, store, protocols) ? [i] : []))
    const byCols = Arr.groupBy(strippable, (i) => String(plans[i]!.cols))
    yield* Effect.forEach(Object.values(byCols), (group) => Effect.flatMap(encodeStrips(rt, store, group.map((i) => jobs[i]!), jpegQuality), keep(group)), { discard: true })
    return yield* Effect.forEach(jobs, (job, i) => {
      const done = images[i]
      return done !== undefined ? Effect.succeed(done) : fromRawTiles(rt, job.plan, store, job.indexes)
    })
  })

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
      "-ss", seekPoint(plan.start, info.fps).toFixed(6), "-t", duration.toFixed(6), "-i", path,
      "-map", "0:v:0",
      // Time 0 is the clip's first frame; tiles sampled as in the shared pass (`analyze.ts`).
      // trim: never more tiles than planned, or the grid would show a stray tile after the last.
      "-vf", `${viewPrefix(info, yield* rt.filters)}setpts=PTS-STARTPTS,fps=${plan.fps}:start_time=0:round=up,trim=end_frame=${plan.frames},${grid(plan)}`,
      ...jpegOut
    ]
    const { stdout } = yield* collect(bins.ffmpeg, args, "renderSprite")
    return yield* verified("renderSprite", render(bins.ffmpeg, args), plan, stdout)
  })
