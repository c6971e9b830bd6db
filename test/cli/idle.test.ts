/**
 * `untilIdle` (behind `heaters work --until-idle`) on the memory adapters: it returns only after
 * every grace period — approvals AND deferred merges — has ended and its work has run, and it
 * returns at once when nothing is open. Live clock: the waiting is real.
 */
import * as Memory from "@heaters/adapters/memory"
import { describe, expect, it } from "@effect/vitest"
import { Heaters, PipelineConfig } from "@heaters/core"
import { Effect, Layer, Option } from "effect"
import { nextGraceEnd, untilIdle } from "../../packages/examples/src/cli/idle.js"

const graceMs = 400
const live = Heaters.layer.pipe(Layer.provideMerge(Layer.mergeAll(Memory.layer(), PipelineConfig.layer({ commitDelay: graceMs }))))

const ingest = Effect.gen(function* () {
  const heaters = yield* Heaters.Heaters
  const files = yield* Memory.MemoryFiles.Files
  files.write("/v.mp4", Memory.videoBytes({ fps: 30, width: 640, height: 360, scenes: [{ seconds: 3, look: 1 }, { seconds: 3, look: 2 }, { seconds: 3, look: 3 }] }))
  const video = yield* heaters.submit("/v.mp4")
  yield* heaters.drain
  return (yield* heaters.clips(video.id)).map((c) => c.id).sort((a, b) => a - b)
})

describe("untilIdle", () => {
  it.live("waits out approvals and a merge, then runs their stages", () =>
    Effect.gen(function* () {
      const heaters = yield* Heaters.Heaters
      const [a, b, c] = yield* ingest
      yield* heaters.review.act(a!, { action: "approve" })
      yield* heaters.review.act(c!, { action: "merge", targetClipId: b! })
      expect(Option.isSome(yield* nextGraceEnd)).toBe(true)
      const started = Date.now()
      const result = yield* untilIdle(heaters.drain)
      expect(Date.now() - started).toBeGreaterThanOrEqual(graceMs - 50)
      expect(result.stuck).toBe(0)
      const status = yield* heaters.status
      // a: keyframed and embedded; b and c: superseded by one new clip that waits for review.
      expect(status.clips).toEqual({ embedded: 1, merged: 2, pending_review: 1 })
      expect(Option.isNone(yield* nextGraceEnd)).toBe(true)
    }).pipe(Effect.provide(live)))

  it.live("returns at once when no grace period is open", () =>
    Effect.gen(function* () {
      const heaters = yield* Heaters.Heaters
      yield* ingest
      const started = Date.now()
      const result = yield* untilIdle(heaters.drain)
      expect(Date.now() - started).toBeLessThan(graceMs)
      expect(result).toEqual({ jobs: 0, stuck: 0 })
    }).pipe(Effect.provide(live)))
})
