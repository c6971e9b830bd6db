/**
 * The JobQueue conformance suite: ids unique while waiting, running or done, exclusive deliveries,
 * retries up to the adapter's cap (the layer under test must be built with `maxAttempts` and a
 * `reviveAfter` of 1 s), a dropped job offered again later starts over, queues kept apart.
 */
import { it } from "@effect/vitest"
import { Ids, JobQueue } from "@heaters/core"
import type { Layer, Scope } from "effect"
import { Deferred, Effect, Option, Ref } from "effect"
import { describe, expect } from "vitest"

const sprite = (clip: number, version = 1) => new JobQueue.Sprite({ clipId: Ids.unsafe.clip(clip), version })

/** Takes one job unless none arrives within `ms`. */
const takeWithin = <A, E, R>(
  queue: JobQueue.QueueName,
  ms: number,
  handle: (job: JobQueue.Job, delivery: JobQueue.Delivery) => Effect.Effect<A, E, R>
) => Effect.flatMap(JobQueue.JobQueue, (q) => q.take(queue, handle).pipe(Effect.timeoutOption(ms)))

export const queueSuite = (
  name: string,
  makeLayer: () => Layer.Layer<JobQueue.JobQueue, unknown>,
  options: { readonly maxAttempts: number }
) =>
  describe(`JobQueue conformance: ${name}`, () => {
    const test = (title: string, body: Effect.Effect<void, unknown, JobQueue.JobQueue | Scope.Scope>) =>
      it.live(title, () => Effect.scoped(Effect.provide(body, makeLayer())) as Effect.Effect<void, unknown>)

    test("offer is unique for ever: twice, on another queue, and after completion", Effect.gen(function*() {
      const q = yield* JobQueue.JobQueue
      const job = new JobQueue.Embed({ clipId: Ids.unsafe.clip(7), modelName: "openai/clip-vit-base-patch32", generationStrategy: "keyframe_multi_avg", version: 3 })
      expect(yield* q.offer("ml", job)).toBe(true)
      expect(yield* q.offer("ml", job)).toBe(false)
      expect(yield* q.offer("light", job)).toBe(false)
      expect(yield* q.size("ml")).toBe(1)
      const got = yield* takeWithin("ml", 5000, (j, d) => Effect.succeed([j, d] as const))
      const [taken, delivery] = Option.getOrThrow(got)
      expect(taken).toEqual(job)
      expect(delivery).toEqual({ id: JobQueue.idOf(job), attempts: 0 })
      expect(yield* q.size("ml")).toBe(0)
      expect(yield* q.offer("ml", job)).toBe(false)
      expect(yield* q.offer("ml", new JobQueue.Embed({ ...job, version: 4 }))).toBe(true)
      expect(yield* q.size("ml")).toBe(1)
    }))

    test("a failure or a defect releases the job for another delivery with attempts counted", Effect.gen(function*() {
      const q = yield* JobQueue.JobQueue
      yield* q.offer("media", sprite(1))
      const first = yield* Effect.either(q.take("media", (_, d) => Effect.fail(`failed at ${d.attempts}`)))
      expect(first).toMatchObject({ _tag: "Left", left: "failed at 0" })
      const second = yield* Effect.exit(q.take("media", (_, d) => Effect.die(`defect at ${d.attempts}`)))
      expect(second._tag).toBe("Failure")
      const third = yield* takeWithin("media", 5000, (job, d) => Effect.succeed([job, d.attempts] as const))
      expect(Option.getOrThrow(third)).toEqual([sprite(1), 2])
      expect(yield* q.size("media")).toBe(0)
      expect(Option.isNone(yield* takeWithin("media", 300, () => Effect.void))).toBe(true)
    }))

    test(`a job that always fails is delivered ${options.maxAttempts} times, then dropped`, Effect.gen(function*() {
      const q = yield* JobQueue.JobQueue
      yield* q.offer("light", new JobQueue.Archive({ clipId: Ids.unsafe.clip(3), version: 1 }))
      const seen: Array<number> = []
      for (let i = 0; i < options.maxAttempts; i++) {
        const failed = yield* Effect.either(
          takeWithin("light", 5000, (_, d) => Effect.sync(() => seen.push(d.attempts)).pipe(Effect.zipRight(Effect.fail("no" as const))))
        )
        expect(failed).toMatchObject({ _tag: "Left", left: "no" })
      }
      expect(seen).toEqual(Array.from({ length: options.maxAttempts }, (_, i) => i))
      expect(Option.isNone(yield* takeWithin("light", 400, () => Effect.void))).toBe(true)
      expect(yield* q.size("light")).toBe(0)
      // Offered again at once it stays dropped (a tick must not spin on it); offered again later
      // (its row never moved: the dispatcher still wants it), it starts over. SQLite's clock
      // counts whole seconds, hence the wait of 2 s for a delay of 1 s.
      const job = new JobQueue.Archive({ clipId: Ids.unsafe.clip(3), version: 1 })
      expect(yield* q.offer("light", job)).toBe(false)
      yield* Effect.sleep("2100 millis")
      expect(yield* q.offer("light", job)).toBe(true)
      expect(yield* q.size("light")).toBe(1)
      const again = yield* takeWithin("light", 5000, (job, d) => Effect.succeed([job._tag, d.attempts] as const))
      expect(Option.getOrThrow(again)).toEqual(["archive", 0])
      expect(yield* q.offer("light", job)).toBe(false)
    }))

    test("two concurrent takers: every job handled exactly once, never by both", Effect.gen(function*() {
      const q = yield* JobQueue.JobQueue
      const n = 12
      for (let i = 1; i <= n; i++) yield* q.offer("media", sprite(100 + i))
      const handled = yield* Ref.make<Array<string>>([])
      const inFlight = new Set<string>()
      let overlap = 0
      let maxParallel = 0
      const done = yield* Deferred.make<void>()
      const worker = Effect.forever(
        q.take("media", (job, d) =>
          Effect.gen(function*() {
            if (inFlight.has(d.id)) overlap++
            inFlight.add(d.id)
            maxParallel = Math.max(maxParallel, inFlight.size)
            yield* Effect.sleep("15 millis")
            inFlight.delete(d.id)
            const all = yield* Ref.updateAndGet(handled, (xs) => [...xs, JobQueue.idOf(job)])
            if (all.length === n) yield* Deferred.succeed(done, undefined)
          }))
      )
      yield* Effect.forkScoped(worker)
      yield* Effect.forkScoped(worker)
      yield* Deferred.await(done).pipe(Effect.timeout("20 seconds"))
      yield* Effect.sleep("200 millis")
      const ids = yield* Ref.get(handled)
      expect(ids.length).toBe(n)
      expect(new Set(ids).size).toBe(n)
      expect(overlap).toBe(0)
      expect(maxParallel).toBe(2)
      expect(yield* q.size("media")).toBe(0)
    }))

    test("queues are separate", Effect.gen(function*() {
      const q = yield* JobQueue.JobQueue
      yield* q.offer("download", new JobQueue.Ingest({ videoId: Ids.unsafe.video(1), version: 1 }))
      expect(Option.isNone(yield* takeWithin("media", 300, () => Effect.void))).toBe(true)
      expect(yield* q.size("media")).toBe(0)
      expect(yield* q.size("download")).toBe(1)
      const got = yield* takeWithin("download", 5000, (job) => Effect.succeed(job._tag))
      expect(Option.getOrThrow(got)).toBe("ingest")
    }))
  })
