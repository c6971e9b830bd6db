/**
 * The sprite-sheet plan (docs/pipeline.md#sprite): 480 px tiles at ≤ 24 fps, columns chosen so the
 * sheet stays within `maxSheetPx` in both directions, the sprite fps lowered only when even the
 * widest sheet cannot hold every tile. Plain data in, plain data out.
 *
 * @since 0.1.0
 */
import type { SpriteMeta } from "../domain/Artifact.js"

/**
 * Limits of a sprite sheet: tile width (px), frames per second sampled at most, and the largest side
 * of the sheet (px).
 *
 * @since 0.1.0
 */
export interface SpriteSettings {
  readonly tileWidth: number
  readonly maxFps: number
  readonly maxSheetPx: number
}

/** The default sprite settings: 480 px tiles, at most 24 fps, sheets at most 16 000 px a side. @since 0.1.0 */
export const defaults: SpriteSettings = { tileWidth: 480, maxFps: 24, maxSheetPx: 16_000 }

/** What a Media adapter needs to render one clip's sheet. Times are absolute seconds in the master. @since 0.1.0 */
export interface SpritePlan {
  readonly start: number
  readonly end: number
  readonly fps: number
  readonly cols: number
  readonly rows: number
  readonly frames: number
  readonly tileWidth: number
  readonly tileHeight: number
  readonly videoFps: number
}

/** The clip a sheet is rendered for: its absolute range in the master and the master's fps and size. @since 0.1.0 */
export interface SpriteInput {
  readonly start: number
  readonly end: number
  readonly videoFps: number
  readonly videoWidth: number
  readonly videoHeight: number
}

/** Tile height keeping the aspect ratio, rounded down to an even number, at least 2. @since 0.1.0 */
export const tileHeightFor = (tileWidth: number, width: number, height: number): number =>
  Math.max(2, Math.floor(Math.round((tileWidth * height) / width) / 2) * 2)

/** The July defaults: wider sheets for longer clips. */
const preferredCols = (duration: number): number => (duration <= 10 ? 5 : duration <= 20 ? 8 : duration <= 30 ? 10 : 12)

/**
 * Plans one clip's sprite sheet: tile size, sampling fps, grid (more columns for longer clips) and
 * frame count, sampling fewer frames when even the largest sheet would not hold them all.
 *
 * @since 0.1.0
 */
export const plan = (input: SpriteInput, settings: SpriteSettings = defaults): SpritePlan => {
  const duration = Math.max(0, input.end - input.start)
  const tileWidth = Math.min(settings.tileWidth, settings.maxSheetPx)
  const tileHeight = Math.min(tileHeightFor(tileWidth, input.videoWidth, input.videoHeight), settings.maxSheetPx)
  const maxCols = Math.max(1, Math.floor(settings.maxSheetPx / tileWidth))
  const maxRows = Math.max(1, Math.floor(settings.maxSheetPx / tileHeight))
  let fps = Math.min(input.videoFps, settings.maxFps)
  let frames = Math.max(1, Math.ceil(duration * fps - 1e-9))
  if (frames > maxCols * maxRows) {
    // Even the widest sheet is too small: sample fewer frames per second (the fps used is stored).
    frames = maxCols * maxRows
    fps = frames / duration
  }
  const cols = Math.min(frames, Math.max(preferredCols(duration), Math.ceil(frames / maxRows)), maxCols)
  const rows = Math.ceil(frames / cols)
  return { start: input.start, end: input.end, fps, cols, rows, frames, tileWidth, tileHeight, videoFps: input.videoFps }
}

/** Pixels of a plan's tiles: what its sheet costs to encode and, as JPEG, to hold. @since 0.1.0 */
export const pixels = (p: SpritePlan): number => p.frames * p.tileWidth * p.tileHeight

/**
 * Pixels of tiles rendered together at most (400 Mpx: 3000 tiles of 480×270 — a little over 2 min
 * of video at 24 tiles a second — and ≈ 100 MB of JPEG held at once). Each render pays
 * ≈ 0.15–0.45 s of CPU and of wall time on its own (an ffmpeg start, its encoder, its files); the
 * peak RSS of an ingest measured the same with half this budget.
 *
 * @since 0.1.0
 */
export const batchPixels = 400_000_000

/**
 * Splits `items`, in order, into batches whose pixels (`pixelsOf`) stay within `maxPixels`; an
 * item bigger than that is a batch of its own.
 *
 * @since 0.1.0
 */
export const batches = <A>(items: ReadonlyArray<A>, pixelsOf: (item: A) => number, maxPixels: number = batchPixels): Array<Array<A>> => {
  const out: Array<Array<A>> = []
  let batch: Array<A> = []
  let sum = 0
  for (const item of items) {
    const p = pixelsOf(item)
    if (batch.length > 0 && sum + p > maxPixels) {
      out.push(batch)
      batch = []
      sum = 0
    }
    batch.push(item)
    sum += p
  }
  if (batch.length > 0) out.push(batch)
  return out
}

/** The player metadata of docs/data-model.md#json-payloads for a rendered sheet. @since 0.1.0 */
export const meta = (p: SpritePlan, file: { readonly size: number; readonly filename: string; readonly vttKey?: string }): SpriteMeta => ({
  cols: p.cols,
  rows: p.rows,
  tile_width: p.tileWidth,
  tile_height_calculated: p.tileHeight,
  total_sprite_frames: p.frames,
  clip_fps: p.fps,
  clip_fps_source: p.videoFps,
  clip_total_frames_source: Math.ceil((p.end - p.start) * p.videoFps - 1e-9),
  video_duration: Math.round((p.end - p.start) * 1000) / 1000,
  grid_dimensions: `${p.cols}x${p.rows}`,
  file_size: file.size,
  filename: file.filename,
  ...(file.vttKey === undefined ? {} : { vtt_key: file.vttKey })
}) as SpriteMeta

/**
 * A WebVTT thumbnails manifest: one cue per tile pointing at its `#xywh=` region of the sheet.
 *
 * @since 0.1.0
 */
export const webVtt = (p: SpritePlan, sheetUrl: string): string => {
  const stamp = (t: number) => {
    const ms = Math.round(t * 1000)
    const h = Math.floor(ms / 3_600_000)
    const m = Math.floor((ms % 3_600_000) / 60_000)
    const s = Math.floor((ms % 60_000) / 1000)
    const pad = (n: number, w = 2) => String(n).padStart(w, "0")
    return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`
  }
  const duration = p.end - p.start
  const cues: Array<string> = []
  for (let i = 0; i < p.frames; i++) {
    const from = Math.min(duration, i / p.fps)
    const to = Math.min(duration, (i + 1) / p.fps)
    const x = (i % p.cols) * p.tileWidth
    const y = Math.floor(i / p.cols) * p.tileHeight
    cues.push(`${stamp(from)} --> ${stamp(to)}\n${sheetUrl}#xywh=${x},${y},${p.tileWidth},${p.tileHeight}`)
  }
  return `WEBVTT\n\n${cues.join("\n\n")}\n`
}
