import { Heaters, JobQueue } from "@heaters/core"
import * as Memory from "@heaters/adapters/memory"
import { describe, expect, it } from "@effect/vitest"
import { Deferred, Effect, Fiber, TestClock } from "effect"
import { ingest, layer, place, scenes } from "./support.js"

describe("failures and retries", () => {
  it.effect("a failing stage is retried with back-off, then left failed with last_error after MAX_RETRIES", () =>
    Effect.gen(function* () {
      const heaters = yield* Heaters.Heaters
      const { video, clips } = yield* ingest("/in/broken-sprites.mp4", scenes([2, 2], { faults: ["sprite"] }))
      expect(video.state).toBe("spliced")
      expect(clips.map((c) => [c.state, c.retryCount])).toEqual([
        ["sprite_failed", 1],
        ["sprite_failed", 1]
      ])
      expect(clips[0]!.lastError).toContain("synthetic sprite fault")
      // back-off after the first failure: 2^1 × 30 s
      yield* TestClock.adjust("59 seconds")
      yield* heaters.drain
      expect((yield* heaters.clip(clips[0]!.id)).retryCount).toBe(1)
      for (let i = 0; i < 6; i++) {
        yield* TestClock.adjust("30 minutes")
        yield* heaters.drain
      }
      const final = yield* heaters.clip(clips[0]!.id)
      expect(final).toMatchObject({ state: "sprite_failed", retryCount: 3 })
      expect(final.lastError).toContain("synthetic sprite fault")
      expect((yield* heaters.status).clips).toEqual({ sprite_failed: 2 })
    }).pipe(Effect.provide(layer())))

  it.effect("a manual retry resets the counter and the dispatcher tries again", () =>
    Effect.gen(function* () {
      const heaters = yield* Heaters.Heaters
      const { clips } = yield* ingest("/in/b.mp4", scenes([2], { faults: ["sprite"] }))
      for (let i = 0; i < 5; i++) {
        yield* TestClock.adjust("30 minutes")
        yield* heaters.drain
      }
      expect((yield* heaters.clip(clips[0]!.id)).retryCount).toBe(3)
      yield* heaters.retry.clip(clips[0]!.id)
      yield* TestClock.adjust("1 second")
      yield* heaters.drain
      expect((yield* heaters.clip(clips[0]!.id)).retryCount).toBe(1)
    }).pipe(Effect.provide(layer())))

  it.effect("bad input marks only its own video failed with the reason; the worker keeps going", () =>
    Effect.gen(function* () {
      const heaters = yield* Heaters.Heaters
      const files = yield* Memory.MemoryFiles.Files
      files.write("/in/notes.mp4", new TextEncoder().encode("just some text"))
      const bad = yield* heaters.submit("/in/notes.mp4")
      const missing = yield* heaters.submit("/in/missing.mp4")
      yield* place("/in/good.mp4", scenes([2, 2]))
      const good = yield* heaters.submit("/in/good.mp4")
      yield* heaters.drain
      expect(yield* heaters.video(bad.id)).toMatchObject({ state: "ingestion_failed", retryCount: 1 })
      expect((yield* heaters.video(bad.id)).lastError).toContain("Invalid data found when processing input")
      expect((yield* heaters.video(missing.id)).lastError).toContain("No such file or directory")
      expect((yield* heaters.video(good.id)).state).toBe("spliced")
      expect((yield* heaters.clips(good.id)).map((c) => c.state)).toEqual(["pending_review", "pending_review"])
      expect(yield* heaters.clips(bad.id)).toEqual([])
    }).pipe(Effect.provide(layer())))

  it.effect("an embedder failure leaves the clip embedding_failed and the rest of the pipeline intact", () =>
    Effect.gen(function* () {
      const heaters = yield* Heaters.Heaters
      const { clips } = yield* ingest("/in/e.mp4", scenes([2, 2]))
      yield* heaters.review.act(clips[0]!.id, { action: "approve" })
      yield* TestClock.adjust("61 seconds")
      yield* heaters.drain
      expect(yield* heaters.clip(clips[0]!.id)).toMatchObject({ state: "embedding_failed", lastError: "embedding with openai/clip-vit-base-patch32 failed: synthetic embedder fault" })
      expect((yield* heaters.clip(clips[1]!.id)).state).toBe("pending_review")
    }).pipe(Effect.provide(layer({}, { embedder: { failing: true } }))))

  it.effect("a stale in-progress row (crashed worker) is resumed by the dispatcher", () =>
    Effect.gen(function* () {
      const heaters = yield* Heaters.Heaters
      const { clips } = yield* ingest("/in/s.mp4", scenes([2]))
      yield* heaters.review.act(clips[0]!.id, { action: "approve" })
      yield* TestClock.adjust("61 seconds")
      // Simulate a worker that claimed the keyframe stage and died.
      const { transitionClip } = yield* Effect.promise(() => import("../src/pipeline/rows.js"))
      yield* transitionClip(clips[0]!.id, "start_keyframe")
      yield* heaters.drain
      expect((yield* heaters.clip(clips[0]!.id)).state).toBe("keyframing")
      yield* TestClock.adjust("31 minutes")
      yield* heaters.drain
      expect((yield* heaters.clip(clips[0]!.id)).state).toBe("embedded")
    }).pipe(Effect.provide(layer())))
})

describe("jobs", () => {
  it.effect("a second worker never claims a job the first holds", () =>
    Effect.gen(function* () {
      const queue = yield* JobQueue.JobQueue
      const job = new JobQueue.Archive({ clipId: 1 as never, version: 1 })
      expect(yield* queue.offer("light", job)).toBe(true)
      expect(yield* queue.offer("light", job)).toBe(false)
      const holding = yield* Deferred.make<void>()
      const release = yield* Deferred.make<void>()
      const first = yield* Effect.fork(queue.take("light", () => Deferred.succeed(holding, undefined).pipe(Effect.zipRight(Deferred.await(release)), Effect.as("first"))))
      yield* Deferred.await(holding)
      const second = yield* Effect.fork(queue.take("light", () => Effect.succeed("second")))
      yield* Effect.yieldNow()
      expect(second.unsafePoll()).toBeNull()
      yield* Deferred.succeed(release, undefined)
      expect(yield* Fiber.join(first)).toBe("first")
      expect(yield* queue.size("light")).toBe(0)
      yield* Fiber.interrupt(second)
    }).pipe(Effect.provide(layer())))

  it.effect("two deliveries of one job run the stage once: the second loses the claim", () =>
    Effect.gen(function* () {
      const heaters = yield* Heaters.Heaters
      const { clips } = yield* ingest("/in/d.mp4", scenes([2], { faults: ["sprite"] }))
      const clip = yield* heaters.clip(clips[0]!.id)
      const Sprite = yield* Effect.promise(() => import("../src/pipeline/sprite.js"))
      const runs = yield* Effect.all([Sprite.run(clip.id, clip.version), Sprite.run(clip.id, clip.version)], { concurrency: 2 })
      expect(runs.filter((r) => r._tag === "None")).toHaveLength(2)
      expect((yield* heaters.clip(clip.id)).retryCount).toBe(2)
    }).pipe(Effect.provide(layer())))

  it.scoped("runWorkers processes submissions in the background until the scope closes", () =>
    Effect.gen(function* () {
      const heaters = yield* Heaters.Heaters
      yield* heaters.runWorkers
      yield* place("/in/bg.mp4", scenes([2, 2, 2]))
      const video = yield* heaters.submit("/in/bg.mp4")
      for (let i = 0; i < 50 && (yield* heaters.review.pending) < 3; i++) yield* Effect.yieldNow()
      expect((yield* heaters.video(video.id)).state).toBe("spliced")
      expect(yield* heaters.review.pending).toBe(3)
    }).pipe(Effect.provide(layer())))
})
