/**
 * Where the shared pass keeps its sprite tiles until the clips' sheets are cut from them
 * (docs/media.md, "Sprite sheets from the shared pass").
 *
 * - **raw** (the default): every tile is appended, uncompressed (full-range YUV 4:2:0, already at
 *   the plan's tile size), to one file. Writing costs a copy; a sheet reads exactly its tiles by
 *   byte offset and streams them to one ffmpeg that tiles and JPEG-encodes them once. Encoding a
 *   JPEG per tile and decoding it again per sheet was half the cost of the pass.
 * - **jpeg**: one JPEG per tile (a tenth of the bytes). Used when the raw file would exceed the
 *   adapter's `rawTileBudgetBytes` (480×270 tiles at 24 fps take ≈ 280 MB per minute of video).
 *
 * @since 0.1.0
 */
import { open, readdir } from "node:fs/promises"
import { join } from "node:path"

/** @since 0.1.0 */
export type TileStore =
  | { readonly _tag: "raw"; readonly file: string; readonly width: number; readonly height: number; readonly frameBytes: number; readonly count: number }
  | { readonly _tag: "jpeg"; readonly files: ReadonlyArray<string> }

/** How tiles will be kept, before the pass: the file (raw) or directory (jpeg) ffmpeg writes to. @since 0.1.0 */
export type TileTarget =
  | { readonly _tag: "raw"; readonly file: string; readonly width: number; readonly height: number }
  | { readonly _tag: "jpeg"; readonly dir: string; readonly width: number; readonly height: number }

/** Bytes of one YUV 4:2:0 frame (chroma planes round up for odd sizes). @since 0.1.0 */
export const yuv420Bytes = (width: number, height: number): number => width * height + 2 * Math.ceil(width / 2) * Math.ceil(height / 2)

/** Picks raw unless the expected raw size exceeds `budget`. @since 0.1.0 */
export const chooseTarget = (dir: string, width: number, height: number, expectedTiles: number, budget: number): TileTarget =>
  expectedTiles * yuv420Bytes(width, height) <= budget
    ? { _tag: "raw", file: join(dir, "tiles.yuv"), width, height }
    : { _tag: "jpeg", dir, width, height }

/** ffmpeg output arguments for the sprite branch `[spr]` of the pass. @since 0.1.0 */
export const outputArgs = (target: TileTarget): ReadonlyArray<string> =>
  target._tag === "raw"
    ? ["-map", "[spr]", "-f", "rawvideo", target.file]
    : ["-map", "[spr]", "-q:v", "3", "-f", "image2", join(target.dir, "%06d.jpg")]

/** What the pass left behind, once it has finished. @since 0.1.0 */
export const collectTiles = async (target: TileTarget): Promise<TileStore> => {
  if (target._tag === "jpeg") {
    const files = (await readdir(target.dir)).filter((f) => f.endsWith(".jpg")).sort().map((f) => join(target.dir, f))
    return { _tag: "jpeg", files }
  }
  const frameBytes = yuv420Bytes(target.width, target.height)
  const handle = await open(target.file, "r").catch(() => undefined)
  const size = handle === undefined ? 0 : (await handle.stat()).size
  await handle?.close()
  return { _tag: "raw", file: target.file, width: target.width, height: target.height, frameBytes, count: Math.floor(size / frameBytes) }
}

/** ffmpeg input options that read raw tiles (from the file, a pipe or a list of byte ranges). @since 0.1.0 */
export const rawTileInput = (store: { readonly width: number; readonly height: number }): ReadonlyArray<string> =>
  ["-f", "rawvideo", "-pix_fmt", "yuvj420p", "-video_size", `${store.width}x${store.height}`, "-framerate", "25"]

/**
 * Whether a sheet of `plan` can be laid out from the stored raw tiles as they are: the plan's tile
 * size (no rescaling), with whole chroma samples. Both sheet encoders need it.
 *
 * @since 0.1.0
 */
export const storedAtPlanSize = (plan: { readonly tileWidth: number; readonly tileHeight: number }, store: Extract<TileStore, { _tag: "raw" }>): boolean =>
  plan.tileWidth === store.width && plan.tileHeight === store.height && store.width % 2 === 0 && store.height % 2 === 0

/** @since 0.1.0 */
export const tileCount = (store: TileStore): number => (store._tag === "raw" ? store.count : store.files.length)

/**
 * The chosen raw tiles, in order, one frame per chunk, all in one buffer: the process runner
 * writes a chunk out before it asks for the next.
 *
 * @since 0.1.0
 */
export async function* rawFrames(store: Extract<TileStore, { _tag: "raw" }>, indexes: ReadonlyArray<number>): AsyncGenerator<Uint8Array> {
  const handle = await open(store.file, "r")
  const buf = Buffer.allocUnsafe(store.frameBytes)
  try {
    for (const k of indexes) {
      const { bytesRead } = await handle.read(buf, 0, store.frameBytes, k * store.frameBytes)
      if (bytesRead !== store.frameBytes) throw new Error(`tile ${k} is truncated (${bytesRead} of ${store.frameBytes} bytes)`)
      yield buf
    }
  } finally {
    await handle.close()
  }
}
