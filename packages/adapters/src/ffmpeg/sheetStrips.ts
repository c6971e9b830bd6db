/**
 * Sprite sheets from raw tiles, encoded by ONE ffmpeg per sheet width (docs/media.md, "Sprite
 * sheets from the shared pass").
 *
 * An encoder takes frames of one size, and sheets differ in height; an encoder of their own for
 * each sheet cost ≈ 0.2 s of CPU apiece before it encoded a pixel (its frames and tables are fresh
 * memory, ≈ 60 MB for a 5 × 24 sheet of 480 px tiles), more than the encoding itself. So the sheets
 * of one width go through one `tile` filter in strips of `k` tile rows — the fewest whose height is
 * a multiple of the 16-row MCU (8 rows of 270 px tiles) — and one encoder writes a restart marker
 * after every row of MCUs. A sheet is then the MCU rows of its strips joined under one header
 * (`joinStrips`): the same pixels, decoded, as the sheet encoded whole.
 *
 * Node streams each sheet's tiles to that ffmpeg, then fills its last strip with tiles that repeat
 * the bottom line of the tiles above, as an encoder pads a picture's edge, so the sheet's last MCU
 * row is coded exactly as in a sheet encoded on its own.
 *
 * @since 0.1.0
 */
import type { SpritePlan } from "@heaters/core/pipeline"
import { Media } from "@heaters/core"
import { Effect } from "effect"
import type { Runtime } from "./context.js"
import { quiet } from "./context.js"
import { joinStrips, splitStrips } from "./jpeg.js"
import { collect, render } from "./process.js"
import type { TileStore } from "./tiles.js"
import { rawFrames } from "./tiles.js"

type RawTiles = Extract<TileStore, { _tag: "raw" }>

/** One sheet to encode: its plan and the tiles it shows, in order. @since 0.1.0 */
export interface SheetJob {
  readonly plan: SpritePlan.SpritePlan
  readonly indexes: ReadonlyArray<number>
}

/**
 * Whether the sheet can be encoded in strips: its tiles are the stored ones (no rescaling), with
 * whole chroma samples.
 *
 * @since 0.1.0
 */
export const canStrip = (plan: SpritePlan.SpritePlan, store: RawTiles): boolean =>
  plan.tileWidth === store.width && plan.tileHeight === store.height && store.width % 2 === 0 && store.height % 2 === 0

/** Tile rows per strip: the fewest whose pixel rows are a whole number of 16-row MCUs. */
const tileRowsPerStrip = (tileHeight: number): number => {
  let k = 1
  while ((k * tileHeight) % 16 !== 0) k++
  return k
}

/**
 * Every job's tiles in order, each job followed by the filler that completes its last strip, as raw
 * frames (the process runner writes a chunk out before it pulls the next, so buffers are reused).
 */
async function* tileStream(store: RawTiles, jobs: ReadonlyArray<SheetJob>, k: number): AsyncGenerator<Uint8Array> {
  const { width, height, frameBytes } = store
  const filler = Buffer.allocUnsafe(frameBytes)
  for (const { indexes, plan } of jobs) {
    // The bottom line of each plane of the last tile row, per column: what the filler repeats.
    const edges: Array<Buffer> = []
    const lastRow = (plan.rows - 1) * plan.cols
    let slot = 0
    for await (const tile of rawFrames(store, indexes)) {
      if (slot >= lastRow) edges.push(bottomLines(tile, width, height))
      slot++
      yield tile
    }
    // Unused cells of the last tile row are blank, as the `tile` filter leaves them.
    for (; slot < plan.rows * plan.cols; slot++) {
      filler.fill(0, 0, width * height).fill(128, width * height)
      edges.push(bottomLines(filler, width, height))
      yield filler
    }
    for (let row = plan.rows; row % k !== 0; row++) {
      for (const edge of edges) {
        repeatLines(filler, edge, width, height)
        yield filler
      }
    }
  }
}

/** The last line of the Y, U and V planes of a YUV 4:2:0 tile, one after another. */
const bottomLines = (tile: Uint8Array, width: number, height: number): Buffer => {
  const luma = width * height
  const cw = width / 2
  return Buffer.concat([
    tile.subarray(luma - width, luma),
    tile.subarray(luma + luma / 4 - cw, luma + luma / 4),
    tile.subarray(luma * 1.5 - cw, luma * 1.5)
  ])
}

/** Fills every line of each plane of `tile` with that plane's line from `lines`. */
const repeatLines = (tile: Buffer, lines: Buffer, width: number, height: number) => {
  const luma = width * height
  const cw = width / 2
  for (let y = 0; y < height; y++) lines.copy(tile, y * width, 0, width)
  for (let y = 0; y < height / 2; y++) {
    lines.copy(tile, luma + y * cw, width, width + cw)
    lines.copy(tile, luma * 1.25 + y * cw, width + cw, width + 2 * cw)
  }
}

/**
 * The JPEG bytes of each job's sheet, in order, and the command that encoded them; every job must
 * pass `canStrip` and have the same number of columns. Quality and Huffman tables are `encoder`'s.
 *
 * @since 0.1.0
 */
export const encodeStrips = (
  rt: Runtime,
  store: RawTiles,
  jobs: ReadonlyArray<SheetJob>,
  encoder: ReadonlyArray<string>
): Effect.Effect<{ readonly command: string; readonly sheets: ReadonlyArray<Uint8Array> }, Media.MediaError> =>
  Effect.gen(function*() {
    const bins = yield* rt.binaries
    const k = tileRowsPerStrip(store.height)
    const cols = jobs[0]!.plan.cols
    const args = [
      ...quiet,
      "-f", "rawvideo", "-pix_fmt", "yuvj420p", "-video_size", `${store.width}x${store.height}`, "-framerate", "25", "-i", "pipe:0",
      "-vf", `setsar=1,tile=${cols}x${k}`,
      // Slice threads are what make the encoder write a restart marker after every MCU row.
      ...encoder, "-threads", "2", "-thread_type", "slice", "-f", "image2pipe", "pipe:1"
    ]
    const command = render(bins.ffmpeg, args)
    const { stdout } = yield* collect(bins.ffmpeg, args, "sheet", tileStream(store, jobs, k))
    const strips = splitStrips(stdout, (k * store.height) / 16)
    const stripsOf = (job: SheetJob) => Math.ceil(job.plan.rows / k)
    const want = jobs.reduce((n, job) => n + stripsOf(job), 0)
    if (typeof strips === "string" || strips.length !== want) {
      const got = typeof strips === "string" ? strips : `${strips.length} strips of ${want}`
      return yield* Effect.fail(new Media.MediaFailed({ operation: "sheet", command, exitCode: 0, stderr: `cannot join the sheet strips: ${got}` }))
    }
    let next = 0
    const sheets = jobs.map((job) => {
      next += stripsOf(job)
      return joinStrips(strips.slice(next - stripsOf(job), next), job.plan.rows * store.height)
    })
    return { command, sheets }
  })
