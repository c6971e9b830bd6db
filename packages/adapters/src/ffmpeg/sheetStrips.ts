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
 * ffmpeg reads each sheet's tiles straight from the tile file — a list of byte ranges (`concatf`
 * of `subfile`s), so no tile passes through Node — and then the tiles that fill the sheet's last
 * strip from a small file Node writes: blank cells, then rows repeating the bottom line of the tiles
 * above, as an encoder pads a picture's edge, so the sheet's last MCU row is coded exactly as in a
 * sheet encoded on its own. The strips come back as one file each, not through a pipe: for 24
 * sheets of 2 min of 1080p, ≈ 0.4 s less CPU in Node, and only one sheet's strips in memory.
 *
 * @since 0.1.0
 */
import { open, readdir, readFile, writeFile } from "node:fs/promises"
import { join } from "node:path"
import type { SpritePlan } from "@heaters/core/pipeline"
import { Media } from "@heaters/core"
import { Effect } from "effect"
import type { Runtime } from "./context.js"
import { quiet } from "./context.js"
import type { Strip } from "./jpeg.js"
import { joinStrips, splitStrips } from "./jpeg.js"
import { collect, fileStep, render, scratchDir } from "./process.js"
import type { TileStore } from "./tiles.js"
import { rawFrames, rawTileInput, storedAtPlanSize } from "./tiles.js"

type RawTiles = Extract<TileStore, { _tag: "raw" }>

/** One sheet to encode: its plan and the tiles it shows, in order. @since 0.1.0 */
export interface SheetJob {
  readonly plan: SpritePlan.SpritePlan
  readonly indexes: ReadonlyArray<number>
}

/**
 * Whether the sheet can be encoded in strips: its tiles are the stored ones (`storedAtPlanSize`),
 * and the ffmpeg reads byte ranges of files (`concatf` and `subfile`, ffmpeg 5.0+) from a
 * line-based list (so no line break in the temp path).
 *
 * @since 0.1.0
 */
export const canStrip = (plan: SpritePlan.SpritePlan, store: RawTiles, protocols: ReadonlySet<string>): boolean =>
  storedAtPlanSize(plan, store) && protocols.has("concatf") && protocols.has("subfile") && !/[\r\n]/.test(store.file)

/** Tile rows per strip: the fewest whose pixel rows are a whole number of 16-row MCUs. */
const tileRowsPerStrip = (tileHeight: number): number => {
  let k = 1
  while ((k * tileHeight) % 16 !== 0) k++
  return k
}

/** Runs of consecutive tile indexes, as [first, end) pairs. */
const runs = (indexes: ReadonlyArray<number>): Array<[number, number]> => {
  const out: Array<[number, number]> = []
  for (const k of indexes) {
    const last = out[out.length - 1]
    if (last !== undefined && last[1] === k) last[1] = k + 1
    else out.push([k, k + 1])
  }
  return out
}

/**
 * Writes to `file` the tiles that complete each job's last strip — blank cells of its last tile row
 * (as the `tile` filter leaves them), then rows repeating the bottom line of the tiles above — and
 * returns where each job's part of the file starts and ends.
 */
const writeFillers = async (store: RawTiles, jobs: ReadonlyArray<SheetJob>, k: number, file: string): Promise<Array<[number, number]>> => {
  const { width, height, frameBytes } = store
  const filler = Buffer.allocUnsafe(frameBytes)
  const out = await open(file, "w")
  let at = 0
  const put = async (b: Buffer) => {
    await out.write(b, 0, frameBytes, at)
    at += frameBytes
  }
  try {
    const parts: Array<[number, number]> = []
    for (const { indexes, plan } of jobs) {
      const start = at
      // The bottom line of each plane of the last tile row, per column: what the filler repeats.
      const edges: Array<Buffer> = []
      for await (const tile of rawFrames(store, indexes.slice((plan.rows - 1) * plan.cols))) edges.push(bottomLines(tile, width, height))
      for (let slot = indexes.length; slot < plan.rows * plan.cols; slot++) {
        filler.fill(0, 0, width * height).fill(128, width * height)
        edges.push(bottomLines(filler, width, height))
        await put(filler)
      }
      for (let row = plan.rows; row % k !== 0; row++) {
        for (const edge of edges) {
          repeatLines(filler, edge, width, height)
          await put(filler)
        }
      }
      parts.push([start, at])
    }
    return parts
  } finally {
    await out.close()
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
  // One line, then the filled part doubled until the plane is full: a dozen copies, not hundreds.
  const plane = (at: number, bytes: number, line: number, lineBytes: number) => {
    lines.copy(tile, at, line, line + lineBytes)
    for (let filled = lineBytes; filled < bytes; filled *= 2) tile.copyWithin(at + filled, at, at + Math.min(filled, bytes - filled))
  }
  plane(0, luma, 0, width)
  plane(luma, luma / 4, width, cw)
  plane(luma * 1.25, luma / 4, width + cw, cw)
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
  Effect.scoped(Effect.gen(function*() {
    const bins = yield* rt.binaries
    const k = tileRowsPerStrip(store.height)
    const dir = yield* scratchDir(rt.tempRoot, "heaters-sheets-", "sheet")
    const fillerFile = join(dir, "fillers.yuv")
    const list = join(dir, "tiles.txt")
    // `file:` keeps a path with a colon in it from being read as a protocol name.
    const byteRange = ([from, to]: readonly [number, number], file: string) => `subfile,,start,${from},end,${to},,:file:${file}`
    yield* fileStep("sheet", `write ${list}`, async () => {
      const fillers = await writeFillers(store, jobs, k, fillerFile)
      const lines = jobs.flatMap((job, i) => [
        ...runs(job.indexes).map(([a, b]) => byteRange([a * store.frameBytes, b * store.frameBytes], store.file)),
        ...(fillers[i]![0] < fillers[i]![1] ? [byteRange(fillers[i]!, fillerFile)] : [])
      ])
      await writeFile(list, `${lines.join("\n")}\n`)
    })
    const args = [
      ...quiet,
      ...rawTileInput(store), "-i", `concatf:file:${list}`,
      "-vf", `setsar=1,tile=${jobs[0]!.plan.cols}x${k}`,
      // Slice threads are what make the encoder write a restart marker after every MCU row.
      // One file per strip: each sheet is joined from its own strips, read once it is its turn, so
      // a batch holds its sheets and one sheet's strips rather than every strip besides.
      ...encoder, "-threads", "2", "-thread_type", "slice", "-f", "image2", "-start_number", "0", join(dir, "strip-%06d.jpg")
    ]
    const command = render(bins.ffmpeg, args)
    yield* collect(bins.ffmpeg, args, "sheet")
    const cannotJoin = (reason: string) => new Media.MediaFailed({ operation: "sheet", command, exitCode: 0, stderr: `cannot join the sheet strips: ${reason}` })
    const stripsOf = (job: SheetJob) => Math.ceil(job.plan.rows / k)
    const want = jobs.reduce((n, job) => n + stripsOf(job), 0)
    const attempt = <A>(f: () => Promise<A>) => Effect.tryPromise({ try: f, catch: (e) => cannotJoin(e instanceof Error ? e.message : String(e)) })
    const written = (yield* attempt(() => readdir(dir))).filter((name) => name.startsWith("strip-")).length
    if (written !== want) return yield* Effect.fail(cannotJoin(`${written} strips of ${want}`))
    let next = 0
    const sheets: Array<Uint8Array> = []
    for (const job of jobs) {
      const strips: Array<Strip> = []
      for (let i = 0; i < stripsOf(job); i++, next++) {
        const file = join(dir, `strip-${String(next).padStart(6, "0")}.jpg`)
        const bytes = yield* attempt(() => readFile(file))
        const split = splitStrips(bytes, (k * store.height) / 16)
        if (typeof split === "string" || split.length !== 1) return yield* Effect.fail(cannotJoin(typeof split === "string" ? split : `${split.length} images in ${file}`))
        strips.push(split[0]!)
      }
      sheets.push(joinStrips(strips, job.plan.rows * store.height))
    }
    return { command, sheets }
  }))
