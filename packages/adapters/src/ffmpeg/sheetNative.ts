/**
 * Sprite sheets encoded by libjpeg-turbo through the optional `@heaters/sheet-jpeg` addon
 * (docs/media.md, "Sprite sheets from the shared pass"). The addon reads a sheet's tiles from the
 * tile file a few tile rows at a time, lays each band of 16 lines out in a small buffer and
 * compresses it straight from the YUV planes: ≈ 40–50 ms of CPU for a 2400×6480 sheet, where
 * ffmpeg's mjpeg encoder with the slice threads that the strips need takes ≈ 75 ms, and no process
 * to start. Without the addon (not installed, or built without libjpeg-turbo's headers) sheets take
 * the ffmpeg path.
 *
 * @since 0.1.0
 */
import type { Media } from "@heaters/core"
import { Effect } from "effect"
import type { SheetJob } from "./sheetStrips.js"
import { fileStep } from "./process.js"
import type { TileStore } from "./tiles.js"

/**
 * The addon's `encodeSheet`: the tiles numbered `tiles` of the tile file (YUV 4:2:0, one after
 * another) → one JPEG of the grid.
 *
 * @since 0.1.0
 */
export type SheetEncoder = (
  file: string,
  tiles: ReadonlyArray<number>,
  tileWidth: number,
  tileHeight: number,
  cols: number,
  rows: number,
  quality: number,
  chromaQuality: number
) => Promise<Uint8Array>

const importAddon = (): Promise<{ readonly encodeSheet: SheetEncoder }> => import("@heaters/sheet-jpeg")

/** The addon's encoder, or undefined when `@heaters/sheet-jpeg` is missing or unbuilt. @since 0.1.0 */
export const loadSheetEncoder: Effect.Effect<SheetEncoder | undefined> = Effect.promise(() =>
  importAddon().then((m) => m.encodeSheet, () => undefined)
)

/**
 * Who will encode the sheets, and why not libjpeg-turbo when it is not (for `heaters doctor`):
 * e.g. `libjpeg-turbo (@heaters/sheet-jpeg)` or `ffmpeg (@heaters/sheet-jpeg is not installed)`.
 *
 * @since 0.1.0
 */
export const describeSheetEncoder: Effect.Effect<string> = Effect.promise(() =>
  importAddon().then(
    () => "libjpeg-turbo (@heaters/sheet-jpeg)",
    (e: NodeJS.ErrnoException) =>
      e.code === "ERR_MODULE_NOT_FOUND" || e.code === "MODULE_NOT_FOUND"
        ? "ffmpeg (@heaters/sheet-jpeg is not installed)"
        : `ffmpeg (${e.message.split("\n")[0]})`
  )
)

/**
 * libjpeg's qualities (luma / chroma) for the sheets, chosen to match ffmpeg's quality 3. ffmpeg
 * zeroes small coefficients that libjpeg rounds, so no setting matches both its bytes and its
 * PSNR; measured against ffmpeg's sheets, 84 / 90 gives 0.97× the bytes and 0.7–1.0 dB less PSNR on
 * noisy tiles (a panned photograph, a test pattern), and 1.23× the bytes at the same luma PSNR on
 * a grid of twelve different photographs.
 */
const nativeQuality = { quality: 84, chromaQuality: 90 } as const

type RawTiles = Extract<TileStore, { _tag: "raw" }>

/**
 * The JPEG bytes of each job's sheet, in order, and the command to name in errors; every job must
 * pass `storedAtPlanSize`. Two at a time:
 * each encode runs on a thread of libuv's pool, so two cores share the sheets.
 *
 * @since 0.1.0
 */
export const encodeNatively = (
  encode: SheetEncoder,
  store: RawTiles,
  jobs: ReadonlyArray<SheetJob>
): Effect.Effect<{ readonly command: string; readonly sheets: ReadonlyArray<Uint8Array> }, Media.MediaFailed> => {
  const command = `@heaters/sheet-jpeg encodeSheet (libjpeg-turbo) on ${store.file}`
  const { quality, chromaQuality } = nativeQuality
  return Effect.map(
    Effect.forEach(jobs, ({ indexes, plan }) =>
      fileStep("sheet", command, () => encode(store.file, indexes, store.width, store.height, plan.cols, plan.rows, quality, chromaQuality)), { concurrency: 2 }),
    (sheets) => ({ command, sheets })
  )
}
