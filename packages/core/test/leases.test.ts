/**
 * Leases on in-progress rows, on the memory adapters with TestClock: a dead worker's row resumes
 * once its lease runs out (not after `staleAfter`), a live worker's heartbeat keeps it, a worker
 * that lost its row stops (fencing), and a worker known to be gone is resumed at once.
 */
import { Catalog, Errors, Heaters } from "@heaters/core"
import { Lease } from "@heaters/core/pipeline"
import { Dispatcher, Worker } from "@heaters/core/pipeline"
import { JobQueue } from "@heaters/core"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Fiber, Option, TestClock } from "effect"
import { transitionClip } from "../src/pipeline/rows.js"
import { ingest, layer, scenes } from "./support.js"

/** A clip approved and past its grace period, claimed for keyframing by `owner` — who then dies. */
const claimedBy = (owner: string) =>
  Effect.gen(function* () {
    const heaters = yield* Heaters.Heaters
    const { clips } = yield* ingest("/in/lease.mp4", scenes([2]))
    yield* heaters.review.act(clips[0]!.id, { action: "approve" })
    yield* TestClock.adjust("61 seconds")
    const claimed = yield* Effect.flatMap(Lease.claimPatch, (lease) => transitionClip(clips[0]!.id, "start_keyframe", { lastError: null, ...lease })).pipe(
      Effect.provideService(Lease.Holder, { owner })
    )
    return Option.getOrThrow(claimed)
  })

describe("leases", () => {
  it.effect("a claim records its worker and lease; a dead worker's row resumes once the lease runs out", () =>
    Effect.gen(function* () {
      const heaters = yield* Heaters.Heaters
      const row = yield* claimedBy("dead-worker")
      expect(row.leaseOwner).toBe("dead-worker")
      expect(row.leaseExpiresAt!.getTime() - row.updatedAt.getTime()).toBe(30_000)
      expect(yield* Dispatcher.recover).toBe(0)
      expect((yield* heaters.status).expiredLeases).toEqual({ videos: 0, clips: 0 })
      yield* TestClock.adjust("30 seconds")
      expect((yield* heaters.status).expiredLeases).toEqual({ videos: 0, clips: 1 })
      expect(yield* Dispatcher.recover).toBe(1)
      yield* heaters.drain
      const done = yield* heaters.clip(row.id)
      expect(done.state).toBe("embedded")
      expect([done.leaseOwner, done.leaseExpiresAt]).toEqual([null, null])
      expect((yield* heaters.status).expiredLeases).toEqual({ videos: 0, clips: 0 })
    }).pipe(Effect.provide(layer())))

  it.effect("the live worker's heartbeat renews its lease, so its row is never taken from it", () =>
    Effect.gen(function* () {
      const catalog = yield* Catalog.Catalog
      const row = yield* claimedBy("live-worker")
      const work = yield* Effect.fork(Lease.holding("clip", row, Effect.never).pipe(Effect.provideService(Lease.Holder, { owner: "live-worker" })))
      for (let i = 0; i < 10; i++) {
        yield* TestClock.adjust("10 seconds")
        expect(yield* Dispatcher.recover).toBe(0)
      }
      const held = yield* catalog.getClip(row.id)
      expect(held.version).toBe(row.version)
      expect(held.leaseExpiresAt!.getTime()).toBeGreaterThan(row.leaseExpiresAt!.getTime() + 90_000)
      yield* Fiber.interrupt(work)
    }).pipe(Effect.provide(layer())))

  it.effect("fencing: a worker whose row was resumed by another cannot renew, and stops its work", () =>
    Effect.gen(function* () {
      const catalog = yield* Catalog.Catalog
      const row = yield* claimedBy("slow-worker")
      const work = yield* Effect.fork(Lease.holding("clip", row, Effect.never).pipe(Effect.provideService(Lease.Holder, { owner: "slow-worker" })))
      // Another worker resumes the row (as after the lease ran out during a long pause).
      const taken = yield* Effect.flatMap(Lease.claimPatch, (lease) => transitionClip(row.id, "start_keyframe", { lastError: null, ...lease }, row.version)).pipe(
        Effect.provideService(Lease.Holder, { owner: "new-worker" })
      )
      expect(Option.isSome(taken)).toBe(true)
      yield* TestClock.adjust("10 seconds")
      const exit = yield* Fiber.await(work)
      expect(Exit.isFailure(exit) && String(exit.cause)).toContain("held by another worker")
      // The old worker's renewal changed nothing: the row is the new owner's.
      const now = yield* catalog.getClip(row.id)
      expect([now.leaseOwner, now.version]).toEqual(["new-worker", row.version + 1])
      expect(yield* catalog.renewLease("clip", row.id, { owner: "slow-worker", version: row.version, expiresAt: new Date(9e15) })).toBe(false)
    }).pipe(Effect.provide(layer())))

  it.effect("a worker that cannot renew before its lease runs out stops its work", () =>
    Effect.gen(function* () {
      const catalog = yield* Catalog.Catalog
      const row = yield* claimedBy("cut-off-worker")
      // The database is unreachable for the heartbeat from now on.
      const down = Catalog.Catalog.of({
        ...catalog,
        renewLease: () => Effect.fail(new Errors.CatalogError({ operation: "renewLease", reason: "connection refused" }))
      })
      const work = yield* Effect.fork(
        Lease.holding("clip", row, Effect.never).pipe(Effect.provideService(Lease.Holder, { owner: "cut-off-worker" }), Effect.provideService(Catalog.Catalog, down))
      )
      yield* TestClock.adjust("20 seconds")
      expect(work.unsafePoll()).toBeNull()
      yield* TestClock.adjust("20 seconds")
      const exit = yield* Fiber.await(work)
      expect(Exit.isFailure(exit) && String(exit.cause)).toContain("could not renew before it ran out")
    }).pipe(Effect.provide(layer())))

  it.effect("a row whose owner is known to be gone is resumed at once, without waiting for its lease", () =>
    Effect.gen(function* () {
      const row = yield* claimedBy("crashed-process")
      const holder = { owner: "restarted-process", isGone: (owner: string) => Effect.succeed(owner === "crashed-process") }
      expect(yield* Dispatcher.recover.pipe(Effect.provideService(Lease.Holder, { owner: "other" }))).toBe(0)
      expect(yield* Dispatcher.recover.pipe(Effect.provideService(Lease.Holder, holder))).toBe(1)
    }).pipe(Effect.provide(layer())))

  it.effect("a starting worker resumes a gone owner's row itself, ahead of its queue, and the queued copy then ends quietly", () =>
    Effect.gen(function* () {
      const heaters = yield* Heaters.Heaters
      const queue = yield* JobQueue.JobQueue
      const row = yield* claimedBy("crashed-process")
      const holder = { owner: "restarted-process", isGone: (owner: string) => Effect.succeed(owner === "crashed-process") }
      const before = yield* queue.size("media")
      // No queue taker runs here: the row is keyframed by the resume itself.
      expect(yield* Worker.resumeAbandoned.pipe(Effect.provideService(Lease.Holder, holder))).toBe(1)
      const resumed = yield* heaters.clip(row.id)
      expect(resumed.state).toBe("keyframed")
      expect(resumed.leaseOwner).toBeNull()
      // Its job was offered as well (another worker takes it if this one dies first) …
      expect(yield* queue.size("media")).toBe(before + 1)
      // … and finds its claim lost: nothing runs twice, the clip moves on once.
      yield* heaters.drain
      const done = yield* heaters.clip(row.id)
      expect(done.state).toBe("embedded")
      expect(done.version).toBeGreaterThan(resumed.version)
      expect((yield* heaters.status).expiredLeases).toEqual({ videos: 0, clips: 0 })
    }).pipe(Effect.provide(layer())))
})
