/** The pass's timeline from ffmpeg's framecrc side output: timestamps, not frame counts. */
import { describe, expect, it } from "vitest"
import { parseFrameCrc, timeline } from "../../packages/adapters/src/ffmpeg/timeline.js"

const crc = (base: string, rows: ReadonlyArray<readonly [number, number]>) =>
  [`#software: Lavf59.27.100`, `#tb 0: ${base}`, "#media_type 0: video", ...rows.map(([pts, dur]) => `0, ${pts}, ${pts}, ${dur}, 6912, 0x4795e2c0`)].join("\n")

describe("timeline", () => {
  it("a variable frame rate: the i-th decoded frame is the frame of its timestamp, and the grid runs to the last frame's end", () => {
    // 30 fps timeline in a 1/15360 time base, frames 6 and 13 never written.
    const kept = Array.from({ length: 20 }, (_, f) => f).filter((f) => f % 7 !== 6)
    const times = parseFrameCrc(crc("1/15360", kept.map((f) => [f * 512, 512])))
    expect(times.starts).toHaveLength(kept.length)
    const grid = timeline(times, kept.length, 30)
    expect(kept.map((_, i) => grid.frameOf(i))).toEqual(kept)
    expect(grid.frameCount).toBe(20)
    // A point halfway between the 7th and 8th decoded frames (frames 7 and 8 of the grid).
    expect(grid.frameOf(6.5)).toBe(8)
  })

  it("a video stream that starts 1 s late counts from the file's start", () => {
    const grid = timeline(parseFrameCrc(crc("1/90000", Array.from({ length: 30 }, (_, i) => [90000 + i * 3000, 3000] as const))), 30, 30)
    expect(grid.frameOf(0)).toBe(30)
    expect(grid.frameCount).toBe(60)
  })

  it("without timestamps (or past the last one) frames continue at the nominal rate", () => {
    expect(parseFrameCrc("garbage")).toEqual({ starts: [], end: 0 })
    const none = timeline({ starts: [], end: 0 }, 50, 25)
    expect([none.frameOf(10), none.frameCount]).toEqual([10, 50])
    const short = timeline(parseFrameCrc(crc("1/25", [[0, 1], [1, 1]])), 4, 25)
    expect([short.frameOf(3), short.frameCount]).toEqual([3, 4])
  })
})
