/**
 * Sheets encoded by libjpeg-turbo (`@heaters/sheet-jpeg`, built at `npm ci` from libjpeg-turbo's
 * headers that scripts/setup-debian.sh installs): the sheet's size and layout are the `tile`
 * filter's, its pixels within JPEG's error of the tiles, its bytes close to ffmpeg's; the adapter
 * uses it by default and ffmpeg when told to; bad arguments and a truncated tile file are errors.
 */
import { execFileSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "@effect/vitest"
import { FfmpegMedia } from "@heaters/adapters/ffmpeg"
import { SpritePlan } from "@heaters/core/pipeline"
import { Effect } from "effect"
import { resolve } from "../../packages/adapters/src/ffmpeg/binaries.js"
import type { Runtime } from "../../packages/adapters/src/ffmpeg/context.js"
import { jpegSize } from "../../packages/adapters/src/ffmpeg/jpeg.js"
import { sheetsFromTiles, tileIndexes } from "../../packages/adapters/src/ffmpeg/sheet.js"
import { encodeNatively, loadSheetEncoder } from "../../packages/adapters/src/ffmpeg/sheetNative.js"
import { yuv420Bytes } from "../../packages/adapters/src/ffmpeg/tiles.js"
import { generate, photos } from "../support/videos.js"

const root = mkdtempSync(join(tmpdir(), "heaters-native-sheet-test-"))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const ffmpeg = (args: ReadonlyArray<string>, input?: Buffer) =>
  execFileSync("ffmpeg", ["-hide_banner", "-nostdin", "-v", "error", "-y", ...args], { input, maxBuffer: 1 << 30 })

/** Raw full-range YUV 4:2:0 tiles from a lavfi source or a photograph panned across. */
const tiles = (name: string, input: ReadonlyArray<string>, camera: string, width: number, height: number, count: number) => {
  const file = join(root, `${name}-${width}x${height}.yuv`)
  ffmpeg([...input, "-vf", `${camera}scale=${width}:${height},noise=alls=8:allf=t,format=yuvj420p`, "-frames:v", String(count), "-f", "rawvideo", file])
  return { _tag: "raw" as const, file, width, height, frameBytes: yuv420Bytes(width, height), count }
}
const pattern = (width: number, height: number, count: number) => tiles("pattern", ["-f", "lavfi", "-i", `testsrc2=s=${width}x${height}:r=24`], "", width, height, count)
const photo = (width: number, height: number, count: number) =>
  tiles("photo", ["-loop", "1", "-framerate", "24", "-i", photos.meadow], "crop=iw/2:ih/2:t*60:t*30,", width, height, count)

const decode = (jpeg: Uint8Array) => ffmpeg(["-f", "image2pipe", "-i", "pipe:0", "-f", "rawvideo", "-pix_fmt", "yuvj420p", "pipe:1"], Buffer.from(jpeg))

/** The sheet's pixels as the `tile` filter lays them out (blank cells black), uncompressed. */
const grid = (store: ReturnType<typeof pattern>, plan: SpritePlan.SpritePlan, indexes: ReadonlyArray<number>) => {
  const all = readFileSync(store.file)
  const file = join(root, "grid.yuv")
  writeFileSync(file, Buffer.concat(indexes.map((k) => all.subarray(k * store.frameBytes, (k + 1) * store.frameBytes))))
  return ffmpeg([
    "-f", "rawvideo", "-pix_fmt", "yuvj420p", "-video_size", `${store.width}x${store.height}`, "-framerate", "25", "-i", file,
    "-vf", `setsar=1,tile=${plan.cols}x${plan.rows}`, "-frames:v", "1", "-f", "rawvideo", "pipe:1"
  ])
}

/** PSNR of each plane of two YUV 4:2:0 pictures of `width` × `height`. */
const psnr = (a: Uint8Array, b: Uint8Array, width: number, height: number) => {
  const luma = width * height
  const plane = (from: number, to: number) => {
    let sum = 0
    for (let i = from; i < to; i++) sum += (a[i]! - b[i]!) ** 2
    return 10 * Math.log10((255 * 255) / Math.max(sum / (to - from), 1e-9))
  }
  return { y: plane(0, luma), u: plane(luma, luma * 1.25), v: plane(luma * 1.25, luma * 1.5) }
}

const planFor = (seconds: number, width = 1920, height = 1080, tileWidth = 480) =>
  SpritePlan.plan({ start: 0, end: seconds, videoFps: 24, videoWidth: width, videoHeight: height }, { ...SpritePlan.defaults, tileWidth })
const encoder = Effect.flatMap(loadSheetEncoder, (encode) => (encode === undefined ? Effect.die("@heaters/sheet-jpeg is not built") : Effect.succeed(encode)))
const info = (count: number) => ({ width: 1920, height: 1080, fps: 24, durationSeconds: count / 24, frameCount: count }) as Parameters<typeof sheetsFromTiles>[1]
const base = { binaries: resolve(), tempRoot: root } as Runtime
const protocols: ReadonlySet<string> = new Set(["file", "concatf", "subfile"])
const rt = (sheetEncoder: Runtime["sheetEncoder"]) => ({ ...base, protocols: Effect.succeed(protocols), sheetEncoder }) as Runtime
/** ffmpeg's encoder signs its JPEGs with a comment ("Lavc…"); libjpeg writes none. */
const byFfmpeg = (jpeg: Uint8Array) => Buffer.from(jpeg).includes("Lavc")

describe("sheets encoded by libjpeg-turbo", () => {
  it.effect("the addon is built here (libjpeg-turbo's headers at install), so the adapter uses it", () =>
    Effect.map(loadSheetEncoder, (encode) => expect(typeof encode, "npm ci did not build @heaters/sheet-jpeg: run scripts/setup-debian.sh, then npm rebuild @heaters/sheet-jpeg").toBe("function")))

  it.effect("lay the tiles out as the tile filter does, within JPEG's error (blank cells, partial MCU rows, sparse and wide sheets)", () =>
    Effect.gen(function*() {
      const encode = yield* encoder
      const wide = pattern(320, 240, 300)
      const store = pattern(480, 270, 130)
      const short = planFor(1) // 24 tiles in 5 × 5: one blank cell; 1350 rows, not a multiple of 16
      const sparse = planFor(3)
      const eight = planFor(12, 640, 480, 320) // 8 columns of 320 × 240
      expect(eight.cols).toBe(8)
      const cases = [
        { store, plan: short, indexes: Array.from({ length: short.frames }, (_, i) => 3 + i) },
        { store, plan: sparse, indexes: Array.from({ length: sparse.frames }, (_, i) => Math.min(129, i * 2)) },
        { store: wide, plan: eight, indexes: Array.from({ length: eight.frames }, (_, i) => i) },
        // Tiles shorter than a 16-line band: each band crosses up to three tile rows.
        { store: pattern(32, 10, 60), plan: { ...short, cols: 6, rows: 7, tileWidth: 32, tileHeight: 10 }, indexes: Array.from({ length: 40 }, (_, i) => i + 5) }
      ]
      for (const { store, plan, indexes } of cases) {
        const { sheets } = yield* encodeNatively(encode, store, [{ plan, indexes }])
        const width = plan.cols * plan.tileWidth
        const height = plan.rows * plan.tileHeight
        expect(jpegSize(sheets[0]!)).toEqual({ width, height })
        // A tile out of place would score ≈ 10–15 dB; these noisy tiles score 32–37 dB in place.
        const quality = psnr(decode(sheets[0]!), grid(store, plan, indexes), width, height)
        expect(Math.min(quality.y, quality.u, quality.v), JSON.stringify(quality)).toBeGreaterThan(30)
      }
      // The blank cell (row 5, column 5 of the short sheet) is black: Y 0, U and V 128.
      const { sheets } = yield* encodeNatively(encode, store, [{ plan: short, indexes: cases[0]!.indexes }])
      const pixels = decode(sheets[0]!)
      const [x, y] = [4 * 480 + 240, 4 * 270 + 134]
      const luma = 2400 * 1350
      const chroma = luma + (y / 2) * 1200 + x / 2
      expect([pixels[y * 2400 + x], pixels[chroma], pixels[chroma + luma / 4]]).toEqual([0, 128, 128])
    }))

  it.effect("give ffmpeg's sheets: same size and metadata, within 1.5 dB of its PSNR, bytes within a third", () =>
    Effect.gen(function*() {
      const encode = yield* encoder
      for (const store of [photo(480, 270, 130), pattern(480, 270, 130)]) {
        const plans = [planFor(1), planFor(4.2), planFor(3)]
        const native = yield* sheetsFromTiles(rt(Effect.succeed(encode)), info(130), plans, store, 24)
        const viaFfmpeg = yield* sheetsFromTiles(rt(Effect.succeed(undefined)), info(130), plans, store, 24)
        for (const [i, sheet] of native.entries()) {
          const other = viaFfmpeg[i]!
          expect([byFfmpeg(sheet.bytes), byFfmpeg(other.bytes)]).toEqual([false, true])
          expect({ ...sheet, bytes: null }).toEqual({ ...other, bytes: null })
          const tiles = grid(store, plans[i]!, tileIndexes(plans[i]!, 24, 130))
          const ours = psnr(decode(sheet.bytes), tiles, sheet.width, sheet.height)
          const theirs = psnr(decode(other.bytes), tiles, sheet.width, sheet.height)
          // libjpeg rounds small coefficients where ffmpeg zeroes them: ≈ 1 dB less for the same bytes.
          const versus = `${JSON.stringify(ours)} vs ffmpeg's ${JSON.stringify(theirs)}`
          expect(ours.y, versus).toBeGreaterThan(theirs.y - 1.5)
          expect(Math.min(ours.u, ours.v), versus).toBeGreaterThan(Math.min(theirs.u, theirs.v) - 2.5)
          expect(sheet.bytes.length / other.bytes.length).toBeGreaterThan(0.75)
          expect(sheet.bytes.length / other.bytes.length).toBeLessThan(1.33)
        }
      }
    }))

  it.scoped("the adapter encodes the pass's sheets with it by default, with ffmpeg when told to", () =>
    Effect.gen(function*() {
      const video = yield* generate({ width: 640, height: 360, shots: [{ source: "testsrc2", seconds: 2 }, { source: "smptebars", seconds: 2 }] })
      const sheetBy = (options: FfmpegMedia.FfmpegOptions) =>
        Effect.gen(function*() {
          const media = yield* FfmpegMedia.make({ ...options, tempDir: root })
          const a = yield* media.analyze(video.path, { detection: { detector: "default" }, sprite: { maxFps: 24, tileWidth: 480 } })
          return yield* a.sheet(SpritePlan.plan({ start: 0, end: 2, videoFps: 24, videoWidth: 640, videoHeight: 360 }))
        })
      expect(byFfmpeg((yield* sheetBy({})).bytes)).toBe(false)
      expect(byFfmpeg((yield* sheetBy({ sheetEncoder: "ffmpeg" })).bytes)).toBe(true)
    }))

  it.effect("bad arguments are TypeErrors; a missing or truncated tile file is the sheet's MediaFailed", () =>
    Effect.gen(function*() {
      const encode = yield* encoder
      const store = pattern(480, 270, 30)
      const call = (...args: Array<unknown>) => () => (encode as (...a: Array<unknown>) => unknown)(...args)
      expect(call(store.file, [0], 481, 270, 5, 1, 84, 90)).toThrow(TypeError)
      expect(call(store.file, [0, 1], 480, 270, 1, 1, 84, 90)).toThrow(/at most cols × rows/)
      expect(call(store.file, [0, -1], 480, 270, 5, 1, 84, 90)).toThrow(/tile numbers/)
      expect(call(store.file, [0.5], 480, 270, 5, 1, 84, 90)).toThrow(/tile numbers/)
      expect(call(store.file, [0], 480, 270, 5, 1, 0, 90)).toThrow(TypeError)
      expect(call(42, [0], 480, 270, 5, 1, 84, 90)).toThrow(/file must be a string/)
      const sheet = (file: string) => encodeNatively(encode, { ...store, file }, [{ plan: planFor(1), indexes: Array.from({ length: 24 }, (_, i) => i) }])
      const missing = yield* Effect.flip(sheet(join(root, "missing.yuv")))
      expect(missing).toMatchObject({ _tag: "MediaFailed", operation: "sheet" })
      expect(missing.stderr).toMatch(/cannot open the tile file/)
      truncateSync(store.file, store.frameBytes * 20 + 100)
      const truncated = yield* Effect.flip(sheet(store.file))
      expect(truncated).toMatchObject({ _tag: "MediaFailed", operation: "sheet" })
      expect(truncated.stderr).toMatch(/tile 20 is truncated/)
    }))
})
