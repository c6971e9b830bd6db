/**
 * Real-world video, pixel formats, sizes and containers: see `realworld.ts` for what each variant
 * must pass. And a recording damaged in the middle: the rest is still ingested, to its end.
 */
import { expect } from "@effect/vitest"
import { Media } from "@heaters/core"
import { Cuts } from "@heaters/core/pipeline"
import { Effect } from "effect"
import { corpus, corruptedInTheMiddle } from "../support/realworld.js"
import { suite } from "./realworld.js"

suite("real-world video: pixel formats, sizes and containers", corpus.formats, (it) => {
  it.scoped("a stream corrupt in the middle: no failure and no silent truncation — clips to the end, the cuts around the damage found", () =>
    Effect.gen(function*() {
      const media = yield* Media.Media
      const { path, intact } = yield* Effect.promise(() => corruptedInTheMiddle())
      const master = yield* media.normalize(path)
      const analysis = yield* media.analyze(master.path, { detection: { detector: "default" }, sprite: { maxFps: 24, tileWidth: 160 } })
      const ranges = Cuts.plan(analysis.candidates, analysis.info, 1)
      const frame = 1 / intact.fps + 1e-3
      expect(Math.abs(ranges.at(-1)!.endTime - intact.endTime), "clips reach the end").toBeLessThanOrEqual(frame)
      const starts = ranges.slice(1).map((r) => r.startTime)
      for (const t of [intact.cutTimes[0]!, intact.cutTimes.at(-1)!]) {
        expect(starts.some((s) => Math.abs(s - t) <= frame), `the cut at ${t} s in ${starts}`).toBe(true)
      }
      for (const range of ranges) expect((yield* analysis.sheet(
        { start: range.startTime, end: range.endTime, fps: 4, cols: 4, rows: 3, frames: 4, tileWidth: 160, tileHeight: 90, videoFps: analysis.info.fps }
      )).bytes.length).toBeGreaterThan(0)
    }), 120_000)
})
