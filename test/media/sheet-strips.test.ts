/**
 * Sheets encoded in strips (one encoder per sheet width, MCU rows joined under one header) must be
 * the very picture the `tile` filter gives when a sheet is encoded on its own: same size, and every
 * decoded pixel equal — blank cells, the padded last MCU row and sparse tiles included.
 */
import { execFileSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "@effect/vitest"
import { SpritePlan } from "@heaters/core/pipeline"
import { Effect } from "effect"
import { resolve } from "../../packages/adapters/src/ffmpeg/binaries.js"
import type { Runtime } from "../../packages/adapters/src/ffmpeg/context.js"
import { jpegSize, splitStrips } from "../../packages/adapters/src/ffmpeg/jpeg.js"
import { listProtocols, parseProtocols } from "../../packages/adapters/src/ffmpeg/filters.js"
import { sheetsFromTiles } from "../../packages/adapters/src/ffmpeg/sheet.js"
import { encodeStrips } from "../../packages/adapters/src/ffmpeg/sheetStrips.js"
import { yuv420Bytes } from "../../packages/adapters/src/ffmpeg/tiles.js"

const root = mkdtempSync(join(tmpdir(), "heaters-strips-test-"))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const rt = { binaries: resolve(), tempRoot: root } as Runtime
// The ffmpeg paths: without the libjpeg-turbo addon.
const withProtocols = (protocols: ReadonlySet<string>) => ({ ...rt, protocols: Effect.succeed(protocols), sheetEncoder: Effect.succeed(undefined) }) as Runtime
const quality = ["-q:v", "3", "-huffman", "default", "-c:v", "mjpeg"]
const ffmpeg = (args: ReadonlyArray<string>, input?: Buffer) =>
  execFileSync("ffmpeg", ["-hide_banner", "-nostdin", "-v", "error", "-y", ...args], { input, maxBuffer: 1 << 30 })

/** Raw full-range YUV 4:2:0 tiles of a busy, noisy picture (so the JPEG's blocks all differ). */
const tiles = (width: number, height: number, count: number) => {
  const file = join(root, `tiles-${width}x${height}.yuv`)
  ffmpeg(["-f", "lavfi", "-i", `testsrc2=s=${width}x${height}:r=24,noise=alls=10:allf=t`, "-frames:v", String(count), "-pix_fmt", "yuvj420p", "-f", "rawvideo", file])
  return { _tag: "raw" as const, file, width, height, frameBytes: yuv420Bytes(width, height), count }
}

const decode = (jpeg: Uint8Array) => ffmpeg(["-f", "image2pipe", "-i", "pipe:0", "-f", "rawvideo", "-pix_fmt", "yuvj420p", "pipe:1"], Buffer.from(jpeg))

/** The sheet as one encode of the `tile` filter over exactly its tiles. */
const reference = (store: ReturnType<typeof tiles>, plan: SpritePlan.SpritePlan, indexes: ReadonlyArray<number>) => {
  const all = readFileSync(store.file)
  const mine = Buffer.concat(indexes.map((k) => all.subarray(k * store.frameBytes, (k + 1) * store.frameBytes)))
  const file = join(root, "one.yuv")
  writeFileSync(file, mine)
  return ffmpeg([
    "-f", "rawvideo", "-pix_fmt", "yuvj420p", "-video_size", `${store.width}x${store.height}`, "-framerate", "25", "-i", file,
    "-vf", `setsar=1,tile=${plan.cols}x${plan.rows}`, "-frames:v", "1", ...quality, "-f", "image2pipe", "pipe:1"
  ])
}

const planFor = (seconds: number, width: number, height: number) =>
  SpritePlan.plan({ start: 0, end: seconds, videoFps: 24, videoWidth: width, videoHeight: height })

describe("sheets encoded in strips", () => {
  it.effect("decode to exactly the pixels of each sheet encoded whole (blank cells, partial MCU rows, sparse tiles)", () =>
    Effect.gen(function*() {
      const store = tiles(480, 270, 130)
      const consecutive = (plan: SpritePlan.SpritePlan, first: number) => Array.from({ length: plan.frames }, (_, i) => first + i)
      // 1 s: 24 tiles in 5 × 5 (one blank cell, 5 of 8 tile rows: the filler pads the MCU row);
      // 4.2 s: 101 tiles in 5 × 21; 3 s sampled sparsely from the same store.
      const short = planFor(1, 1920, 1080)
      const long = planFor(4.2, 1920, 1080)
      const sparse = planFor(3, 1920, 1080)
      const jobs = [
        { plan: short, indexes: consecutive(short, 3) },
        { plan: long, indexes: consecutive(long, 20) },
        { plan: sparse, indexes: Array.from({ length: sparse.frames }, (_, i) => Math.min(129, i * 2)) }
      ]
      const { sheets } = yield* encodeStrips(rt, store, jobs, quality)
      expect(sheets).toHaveLength(3)
      for (const [i, { plan, indexes }] of jobs.entries()) {
        const want = reference(store, plan, indexes)
        expect(jpegSize(sheets[i]!)).toEqual(jpegSize(want))
        expect(jpegSize(sheets[i]!)).toEqual({ width: plan.cols * 480, height: plan.rows * 270 })
        expect(decode(sheets[i]!).equals(decode(want)), `sheet ${i}`).toBe(true)
      }
    }))

  it.effect("tiles whose height is a multiple of 16 (one tile row per strip) and wide sheets", () =>
    Effect.gen(function*() {
      // 4:3 tiles of 320 × 240; a 12 s clip gets 8 columns.
      const store = tiles(320, 240, 300)
      const plan = SpritePlan.plan({ start: 0, end: 12, videoFps: 24, videoWidth: 640, videoHeight: 480 }, { ...SpritePlan.defaults, tileWidth: 320 })
      expect(plan.cols).toBe(8)
      const indexes = Array.from({ length: plan.frames }, (_, i) => i)
      const { sheets } = yield* encodeStrips(rt, store, [{ plan, indexes }], quality)
      expect(decode(sheets[0]!).equals(decode(reference(store, plan, indexes)))).toBe(true)
    }))

  it.effect("an ffmpeg without concatf/subfile gets the same sheets, each rendered on its own from tiles Node streams", () =>
    Effect.gen(function*() {
      const store = tiles(480, 270, 130)
      const plans = [planFor(1, 1920, 1080), planFor(2.5, 1920, 1080)]
      const info = { width: 1920, height: 1080, fps: 24, durationSeconds: 130 / 24, frameCount: 130 } as Parameters<typeof sheetsFromTiles>[1]
      const here = yield* listProtocols("ffmpeg")
      expect(here.has("concatf") && here.has("subfile")).toBe(true)
      const strips = yield* sheetsFromTiles(withProtocols(here), info, plans, store, 24)
      const alone = yield* sheetsFromTiles(withProtocols(new Set(["file", "pipe"])), info, plans, store, 24)
      for (const [i, sheet] of strips.entries()) {
        expect([sheet.width, sheet.height]).toEqual([alone[i]!.width, alone[i]!.height])
        expect(decode(sheet.bytes).equals(decode(alone[i]!.bytes)), `sheet ${i}`).toBe(true)
      }
    }))

  it("reads the input protocols from `ffmpeg -protocols`", () => {
    const listing = "Supported file protocols:\nInput:\n  async\n  concatf\n  file\n  subfile\nOutput:\n  file\n  icecast\n"
    expect([...parseProtocols(listing)]).toEqual(["async", "concatf", "file", "subfile"])
    expect(parseProtocols("garbage").size).toBe(0)
  })

  it("splits strips only at the number of MCU rows they have, and rejects a cut-off strip", () => {
    // Two 64 px tall JPEGs (4 MCU rows each) with a restart marker after every MCU row.
    const two = ffmpeg(["-f", "lavfi", "-i", "testsrc2=s=96x64,noise=alls=30:allf=t", "-frames:v", "2", ...quality, "-threads", "2", "-thread_type", "slice", "-f", "image2pipe", "pipe:1"])
    const strips = splitStrips(two, 4)
    expect(Array.isArray(strips) && strips.map((s) => s.rowEnds.length)).toEqual([4, 4])
    const [first] = strips as Exclude<typeof strips, string>
    // Each row ends at its restart marker RST0, RST1, RST2, and the last at the image's end.
    expect(first!.rowEnds.slice(0, 3).map((at) => [first!.data[at], first!.data[at + 1]])).toEqual([[0xff, 0xd0], [0xff, 0xd1], [0xff, 0xd2]])
    expect(first!.rowEnds[3]).toBe(first!.data.length)
    expect(splitStrips(two, 3)).toMatch(/more than 3 MCU rows/)
    expect(splitStrips(two, 5)).toMatch(/4 MCU rows, not 5/)
    expect(splitStrips(two.subarray(0, two.length - 2), 4)).toMatch(/without an end/)
  })
})
