/**
 * Lease conformance (docs/RELIABILITY.md, "Leases"): every catalog stores a row's lease with its
 * guarded updates, renews it only for the same owner at the same version without a state change,
 * and finds rows by lease (held or not, run out by a time).
 */
import { it } from "@effect/vitest"
import { Catalog } from "@heaters/core"
import type { Layer } from "effect"
import { Effect, Option, TestClock } from "effect"
import { describe, expect } from "vitest"
import { clips, setState, video } from "./fixtures.js"

export const leaseSuite = (name: string, makeLayer: () => Layer.Layer<Catalog.Catalog, unknown>) =>
  describe(`Lease conformance: ${name}`, () => {
    const test = (title: string, body: Effect.Effect<void, unknown, Catalog.Catalog>) =>
      it.effect(title, () => Effect.provide(body, makeLayer()) as Effect.Effect<void, unknown>)

    test("a claim stores owner and expiry; renewal is fenced by owner and version and keeps the version", Effect.gen(function*() {
      const catalog = yield* Catalog.Catalog
      yield* TestClock.adjust("100 seconds")
      const [clip] = yield* clips(1)
      const claimed = yield* setState(clip!, "generating_sprite", { leaseOwner: "w1", leaseExpiresAt: new Date(130_000) })
      expect([claimed.leaseOwner, claimed.leaseExpiresAt?.getTime()]).toEqual(["w1", 130_000])
      expect(yield* catalog.renewLease("clip", clip!.id, { owner: "w2", version: claimed.version, expiresAt: new Date(160_000) })).toBe(false)
      expect(yield* catalog.renewLease("clip", clip!.id, { owner: "w1", version: claimed.version - 1, expiresAt: new Date(160_000) })).toBe(false)
      yield* TestClock.adjust("10 seconds")
      expect(yield* catalog.renewLease("clip", clip!.id, { owner: "w1", version: claimed.version, expiresAt: new Date(160_000) })).toBe(true)
      const renewed = yield* catalog.getClip(clip!.id)
      expect([renewed.state, renewed.version, renewed.leaseOwner, renewed.leaseExpiresAt?.getTime()]).toEqual(["generating_sprite", claimed.version, "w1", 160_000])
      // Another worker takes the row over: the first owner's renewals are refused from now on.
      const taken = Option.getOrThrow(yield* catalog.updateClip(clip!.id, { states: ["generating_sprite"], version: claimed.version }, {
        state: "generating_sprite", leaseOwner: "w2", leaseExpiresAt: new Date(200_000)
      }))
      expect(yield* catalog.renewLease("clip", clip!.id, { owner: "w1", version: claimed.version, expiresAt: new Date(999_000) })).toBe(false)
      expect((yield* catalog.getClip(clip!.id)).leaseExpiresAt?.getTime()).toBe(200_000)
      // Completing clears the lease.
      const done = yield* setState(taken, "pending_review", { leaseOwner: null, leaseExpiresAt: null })
      expect([done.leaseOwner, done.leaseExpiresAt]).toEqual([null, null])
      expect(yield* catalog.renewLease("clip", clip!.id, { owner: "w2", version: done.version, expiresAt: new Date(999_000) })).toBe(false)
    }))

    test("videos: the same lease rules", Effect.gen(function*() {
      const catalog = yield* Catalog.Catalog
      const v = yield* video()
      const claimed = Option.getOrThrow(yield* catalog.updateVideo(v.id, { states: ["new"] }, { state: "downloading", leaseOwner: "w1", leaseExpiresAt: new Date(30_000) }))
      expect([claimed.leaseOwner, claimed.leaseExpiresAt?.getTime()]).toEqual(["w1", 30_000])
      expect(yield* catalog.renewLease("video", v.id, { owner: "w1", version: claimed.version, expiresAt: new Date(60_000) })).toBe(true)
      expect(yield* catalog.renewLease("video", v.id, { owner: "w9", version: claimed.version, expiresAt: new Date(90_000) })).toBe(false)
      const got = yield* catalog.getVideo(v.id)
      expect([got.version, got.leaseExpiresAt?.getTime()]).toEqual([claimed.version, 60_000])
      const listed = yield* catalog.listVideos({ states: ["downloading"], leaseExpiredBy: new Date(60_000) })
      expect(listed.map((x) => x.id)).toContain(v.id)
      expect((yield* catalog.listVideos({ states: ["downloading"], leaseExpiredBy: new Date(59_999) })).map((x) => x.id)).not.toContain(v.id)
    }))

    test("queries: held or not, and run out by a time", Effect.gen(function*() {
      const catalog = yield* Catalog.Catalog
      const [a, b, c] = yield* clips(3)
      yield* setState(a!, "generating_sprite", { leaseOwner: "w1", leaseExpiresAt: new Date(10_000) })
      yield* setState(b!, "generating_sprite", { leaseOwner: "w2", leaseExpiresAt: new Date(50_000) })
      yield* setState(c!, "generating_sprite")
      const ids = (rows: ReadonlyArray<{ id: number }>) => rows.map((r) => r.id).filter((id) => [a!.id, b!.id, c!.id].includes(id as never))
      const q = { states: ["generating_sprite"] as const, sourceVideoId: a!.sourceVideoId }
      expect(ids(yield* catalog.listClips({ ...q, leased: true }))).toEqual([a!.id, b!.id])
      expect(ids(yield* catalog.listClips({ ...q, leased: false }))).toEqual([c!.id])
      expect(ids(yield* catalog.listClips({ ...q, leaseExpiredBy: new Date(10_000) }))).toEqual([a!.id])
      expect(ids(yield* catalog.listClips({ ...q, leaseExpiredBy: new Date(50_000) }))).toEqual([a!.id, b!.id])
      expect(yield* catalog.countClips({ ...q, leaseExpiredBy: new Date(9_999) })).toBe(0)
    }))
  })
