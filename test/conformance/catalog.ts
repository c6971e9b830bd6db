/**
 * The Catalog conformance suite: every adapter must pass it unchanged.
 * `catalogSuite(name, makeLayer)` registers the tests; `makeLayer` gives a fresh store per test.
 */
import { it } from "@effect/vitest"
import type { Errors } from "@heaters/core"
import { Catalog, ReviewEvent } from "@heaters/core"
import type { Layer } from "effect"
import { Effect, Either, Option, TestClock } from "effect"
import { describe, expect } from "vitest"
import { clips, setState, unique, video } from "./fixtures.js"

export const catalogSuite = (name: string, makeLayer: () => Layer.Layer<Catalog.Catalog, unknown>) =>
  describe(`Catalog conformance: ${name}`, () => {
    const test = (title: string, body: Effect.Effect<void, unknown, Catalog.Catalog>) =>
      it.effect(title, () => Effect.provide(body, makeLayer()) as Effect.Effect<void, unknown>)

    test("videos: insert, get, find by source, list by state, NotFound", Effect.gen(function*() {
      const catalog = yield* Catalog.Catalog
      yield* TestClock.adjust("10 seconds")
      const uri = unique("https://example.com/watch")
      const v = yield* catalog.insertVideo({ title: "example.com", sourceUri: uri, webScraped: true })
      expect(v).toMatchObject({ title: "example.com", sourceUri: uri, webScraped: true, state: "new", retryCount: 0, masterKey: null })
      expect(v.insertedAt.getTime()).toBe(10_000)
      expect(yield* catalog.getVideo(v.id)).toEqual(v)
      expect(Option.getOrThrow(yield* catalog.findVideoBySource(uri)).id).toBe(v.id)
      expect(Option.isNone(yield* catalog.findVideoBySource(unique("nope")))).toBe(true)
      const other = yield* video()
      const listed = yield* catalog.listVideos({ states: ["new"], afterId: v.id - 1 })
      expect(listed.map((x) => x.id)).toEqual([v.id, other.id])
      expect((yield* catalog.listVideos({ states: ["spliced"] })).length).toBe(0)
      expect((yield* catalog.listVideos({ afterId: v.id - 1, limit: 1 })).map((x) => x.id)).toEqual([v.id])
      const missing = yield* Effect.either(catalog.getVideo((v.id + 1000) as never))
      expect(Either.isLeft(missing) && missing.left._tag).toBe("NotFound")
    }))

    test("videos: guarded update bumps version, stamps Clock time, persists the patch", Effect.gen(function*() {
      const catalog = yield* Catalog.Catalog
      const v = yield* video()
      yield* TestClock.adjust("1 minute")
      const wrong = yield* catalog.updateVideo(v.id, { states: ["downloaded"] }, { state: "splicing" })
      expect(Option.isNone(wrong)).toBe(true)
      const staleVersion = yield* catalog.updateVideo(v.id, { states: ["new"], version: v.version + 1 }, { state: "downloading" })
      expect(Option.isNone(staleVersion)).toBe(true)
      const downloadedAt = new Date(42_000)
      const moved = Option.getOrThrow(yield* catalog.updateVideo(v.id, { states: ["new"], version: v.version }, {
        state: "downloaded", masterKey: unique("videos/1/source/a.mp4"), durationSeconds: 12.5, fps: 29.97,
        width: 1920, height: 1080, publishedDate: "2024-03-09", downloadedAt, lastError: null
      }))
      expect(moved).toMatchObject({ state: "downloaded", version: v.version + 1, durationSeconds: 12.5, fps: 29.97, width: 1920, publishedDate: "2024-03-09" })
      expect(moved.updatedAt.getTime()).toBe(60_000)
      expect(moved.downloadedAt?.getTime()).toBe(42_000)
      expect(moved.insertedAt.getTime()).toBe(v.insertedAt.getTime())
      expect(yield* catalog.getVideo(v.id)).toEqual(moved)
      const failed = Option.getOrThrow(yield* catalog.updateVideo(v.id, { states: ["downloaded"] }, { state: "splicing_failed", retryCount: 1, lastError: "boom" }))
      expect(failed).toMatchObject({ state: "splicing_failed", retryCount: 1, lastError: "boom", version: v.version + 2 })
      expect((yield* catalog.listVideos({ states: ["splicing_failed"], retriesBelow: 1, afterId: v.id - 1 })).length).toBe(0)
      expect((yield* catalog.listVideos({ states: ["splicing_failed"], retriesBelow: 2, afterId: v.id - 1 })).length).toBe(1)
      expect((yield* catalog.listVideos({ afterId: v.id - 1, updatedBefore: new Date(59_999) })).length).toBe(0)
    }))

    test("clips: two concurrent claims of the same row, exactly one wins", Effect.gen(function*() {
      const catalog = yield* Catalog.Catalog
      const [clip] = yield* clips(1)
      for (let round = 0; round < 5; round++) {
        const current = yield* catalog.getClip(clip!.id)
        const claim = catalog.updateClip(clip!.id, { states: [current.state], version: current.version }, {
          state: current.state === "spliced" ? "generating_sprite" : "spliced"
        })
        const results = yield* Effect.all([claim, claim, claim], { concurrency: "unbounded" })
        expect(results.filter(Option.isSome).length).toBe(1)
        expect((yield* catalog.getClip(clip!.id)).version).toBe(current.version + 1)
      }
    }))

    test("clips: insertClips is idempotent by identifier and keeps input order", Effect.gen(function*() {
      const catalog = yield* Catalog.Catalog
      const v = yield* video()
      const input = [0, 1, 2].map((i) => ({
        sourceVideoId: v.id, identifier: `${v.id}_clip_00${i + 1}_${unique("x")}`, startFrame: i * 10, endFrame: i * 10 + 10,
        startTime: i / 3, endTime: (i + 1) / 3, processingMetadata: { scene_index: i + 1, resolution: "64x36" }
      }))
      const first = yield* catalog.insertClips(input)
      expect(first.map((c) => c.state)).toEqual(["spliced", "spliced", "spliced"])
      expect(first.map((c) => c.identifier)).toEqual(input.map((c) => c.identifier))
      expect(first[0]).toMatchObject({ startFrame: 0, endFrame: 10, version: 1, retryCount: 0, reviewedAt: null, processingMetadata: { scene_index: 1, resolution: "64x36" } })
      yield* setState(first[0]!, "generating_sprite")
      const again = yield* catalog.insertClips([input[2]!, input[0]!])
      expect(again.map((c) => c.id)).toEqual([first[2]!.id, first[0]!.id])
      expect(again[1]!.state).toBe("generating_sprite")
      expect(yield* catalog.countClips({ sourceVideoId: v.id })).toBe(3)
    }))

    test("clips: list and count filters", Effect.gen(function*() {
      const catalog = yield* Catalog.Catalog
      const cs = yield* clips(5)
      const vid = cs[0]!.sourceVideoId
      yield* clips(2)
      yield* TestClock.adjust("1 minute")
      const a = yield* setState(cs[1]!, "pending_review")
      yield* setState(cs[2]!, "pending_review", { reviewedAt: new Date(30_000) })
      yield* setState(cs[3]!, "pending_review", { reviewedAt: new Date(90_000) })
      yield* setState(cs[4]!, "sprite_failed", { retryCount: 3, lastError: "x" })
      const ids = (q: Catalog.ClipQuery) => catalog.listClips({ sourceVideoId: vid, ...q }).pipe(Effect.map((r) => r.map((c) => c.id)))
      expect(yield* ids({})).toEqual(cs.map((c) => c.id))
      expect(yield* ids({ states: ["pending_review"], reviewed: false })).toEqual([a.id])
      expect(yield* ids({ states: ["pending_review"], reviewed: true })).toEqual([cs[2]!.id, cs[3]!.id])
      expect(yield* ids({ reviewedBefore: new Date(60_000) })).toEqual([cs[2]!.id])
      expect(yield* ids({ states: ["pending_review"], excludeIds: [cs[2]!.id] })).toEqual([cs[1]!.id, cs[3]!.id])
      expect(yield* ids({ afterId: cs[1]!.id, limit: 2 })).toEqual([cs[2]!.id, cs[3]!.id])
      expect(yield* ids({ retriesBelow: 3 })).toEqual(cs.slice(0, 4).map((c) => c.id))
      expect(yield* ids({ updatedBefore: new Date(59_000) })).toEqual([cs[0]!.id])
      expect(yield* ids({ states: [] })).toEqual([])
      expect(yield* catalog.countClips({ sourceVideoId: vid, states: ["pending_review"] })).toBe(3)
      expect(yield* catalog.countClips({ sourceVideoId: vid, states: ["pending_review"], reviewed: false, limit: 1 })).toBe(1)
    }))

    test("clips: guards on reviewed and version; patch round trip; NotFound", Effect.gen(function*() {
      const catalog = yield* Catalog.Catalog
      const [c, d] = yield* clips(2)
      const pending = yield* setState(c!, "pending_review")
      const notReviewed = yield* catalog.updateClip(c!.id, { states: ["pending_review"], reviewed: true }, { state: "review_approved" })
      expect(Option.isNone(notReviewed)).toBe(true)
      const at = new Date(5_000)
      const done = Option.getOrThrow(yield* catalog.updateClip(c!.id, { states: ["pending_review"], reviewed: false, version: pending.version }, {
        state: "review_approved", reviewedAt: at, groupedWithClipId: d!.id, exportKey: "videos/1/clips/x.mp4",
        processingMetadata: { ...pending.processingMetadata, merge_source_clip_id: 7 }, actionCommittedAt: at, keyframedAt: at, embeddedAt: at
      }))
      expect(done).toMatchObject({ state: "review_approved", groupedWithClipId: d!.id, exportKey: "videos/1/clips/x.mp4", version: pending.version + 1 })
      expect(done.processingMetadata).toEqual({ scene_index: 1, fps: 30, merge_source_clip_id: 7 })
      expect([done.reviewedAt, done.actionCommittedAt, done.keyframedAt, done.embeddedAt].map((x) => x?.getTime())).toEqual([5000, 5000, 5000, 5000])
      expect(yield* catalog.getClip(c!.id)).toEqual(done)
      const again = yield* catalog.updateClip(c!.id, { states: ["pending_review"], reviewed: false }, { state: "review_skipped" })
      expect(Option.isNone(again)).toBe(true)
      const cleared = Option.getOrThrow(yield* catalog.updateClip(c!.id, { states: ["review_approved"] }, { state: "pending_review", reviewedAt: null, groupedWithClipId: null }))
      expect(cleared.inQueue).toBe(true)
      const missing = yield* Effect.either(catalog.getClip((d!.id + 1000) as never))
      expect(Either.isLeft(missing) && (missing.left as Errors.NotFound)._tag).toBe("NotFound")
    }))

    test("artifacts: upsert on (clip, type, strategy, tag), list, delete", Effect.gen(function*() {
      const catalog = yield* Catalog.Catalog
      const [c, other] = yield* clips(2)
      const k = unique("videos/1/clips")
      const sprite = yield* catalog.upsertArtifact({ clipId: c!.id, type: "sprite_sheet", strategy: "default", tag: "sheet", key: `${k}/sprite.jpg`, metadata: { cols: 5 } })
      const replaced = yield* catalog.upsertArtifact({ clipId: c!.id, type: "sprite_sheet", strategy: "default", tag: "sheet", key: `${k}/sprite2.jpg`, metadata: { cols: 8 } })
      expect(replaced.id).toBe(sprite.id)
      expect(replaced).toMatchObject({ key: `${k}/sprite2.jpg`, metadata: { cols: 8 } })
      const kf = yield* catalog.upsertArtifact({ clipId: c!.id, type: "keyframe", strategy: "multi", tag: "25pct", key: `${k}/kf25.jpg`, metadata: { frame_index: 7 } })
      yield* catalog.upsertArtifact({ clipId: other!.id, type: "keyframe", strategy: "multi", tag: "25pct", key: `${k}/o.jpg`, metadata: {} })
      expect((yield* catalog.listArtifacts(c!.id)).map((a) => [a.id, a.type, a.tag])).toEqual([[sprite.id, "sprite_sheet", "sheet"], [kf.id, "keyframe", "25pct"]])
      yield* catalog.deleteArtifacts(c!.id)
      expect(yield* catalog.listArtifacts(c!.id)).toEqual([])
      expect((yield* catalog.listArtifacts(other!.id)).length).toBe(1)
    }))

    test("embeddings: upsert on (clip, model, strategy), dimension stored, delete", Effect.gen(function*() {
      const catalog = yield* Catalog.Catalog
      const [c] = yield* clips(1)
      const e1 = yield* catalog.upsertEmbedding({ clipId: c!.id, vector: [0.6, 0.8, 0], modelName: "m", modelVersion: null, generationStrategy: "keyframe_multi_avg", dim: 3 })
      yield* TestClock.adjust("5 seconds")
      const e2 = yield* catalog.upsertEmbedding({ clipId: c!.id, vector: [0, 0.6, 0.8], modelName: "m", modelVersion: "v2", generationStrategy: "keyframe_multi_avg", dim: 3 })
      expect(e2.id).toBe(e1.id)
      expect(e2).toMatchObject({ dim: 3, modelVersion: "v2" })
      expect(e2.generatedAt.getTime()).toBe(5_000)
      e2.vector.forEach((x, i) => expect(x).toBeCloseTo([0, 0.6, 0.8][i]!, 6))
      yield* catalog.upsertEmbedding({ clipId: c!.id, vector: [1, 0], modelName: "m", modelVersion: null, generationStrategy: "keyframe_midpoint", dim: 2 })
      const listed = yield* catalog.listEmbeddings(c!.id)
      expect(listed.map((e) => [e.generationStrategy, e.dim])).toEqual([["keyframe_multi_avg", 3], ["keyframe_midpoint", 2]])
      yield* catalog.deleteEmbeddings(c!.id)
      expect(yield* catalog.listEmbeddings(c!.id)).toEqual([])
    }))

    test("events: append keeps payloads, dueEvents filters and orders, markEvents is exactly-once", Effect.gen(function*() {
      const catalog = yield* Catalog.Catalog
      const [a, b] = yield* clips(2)
      const common = { reviewerId: "admin", clipId: a!.id }
      yield* TestClock.adjust("10 seconds")
      const [approve, split] = yield* catalog.appendEvents([
        { ...common, _tag: "selected_approve" },
        { ...common, _tag: "selected_split", splitAtFrame: 12, absoluteFrame: 12, cutTime: 0.4 }
      ])
      yield* TestClock.adjust("10 seconds")
      const [target, source] = yield* catalog.appendEvents([
        { _tag: "selected_merge_target", clipId: a!.id, reviewerId: "r2", mergeSourceClipId: b!.id },
        { _tag: "selected_merge_source", clipId: b!.id, reviewerId: "r2", mergeTargetClipId: a!.id }
      ])
      expect(split).toMatchObject({ _tag: "selected_split", splitAtFrame: 12, absoluteFrame: 12, cutTime: 0.4, processedAt: null, cancelledAt: null })
      expect(split!.createdAt.getTime()).toBe(10_000)
      expect(source).toMatchObject({ _tag: "selected_merge_source", mergeTargetClipId: a!.id, reviewerId: "r2" })
      expect((yield* catalog.listEvents(a!.id)).map((e) => e.id)).toEqual([approve!.id, split!.id, target!.id])
      const actions = ReviewEvent.deferredActions
      expect((yield* catalog.dueEvents({ actions, createdBefore: new Date(15_000), limit: 10 })).map((e) => e.id)).toEqual([split!.id])
      expect((yield* catalog.dueEvents({ actions, createdBefore: new Date(20_000), limit: 10 })).map((e) => e.id)).toEqual([split!.id, source!.id])
      expect((yield* catalog.dueEvents({ actions, createdBefore: new Date(20_000), limit: 1 })).map((e) => e.id)).toEqual([split!.id])
      const mark = catalog.markEvents([split!.id, source!.id], { processedAt: new Date(21_000) })
      const counts = yield* Effect.all([mark, mark, catalog.markEvents([source!.id], { cancelledAt: new Date(21_000) })], { concurrency: "unbounded" })
      expect(counts.reduce((x, y) => x + y, 0)).toBe(2)
      expect(yield* catalog.dueEvents({ actions, createdBefore: new Date(99_000), limit: 10 })).toEqual([])
      const stored = (yield* catalog.listEvents(a!.id)).find((e) => e.id === split!.id)!
      expect(stored.processedAt?.getTime()).toBe(21_000)
      expect(stored.cancelledAt).toBe(null)
      expect(yield* catalog.markEvents([split!.id], { cancelledAt: new Date(22_000) })).toBe(0)
      expect(yield* catalog.markEvents([], { cancelledAt: new Date(22_000) })).toBe(0)
    }))

    test("withTransaction: a failure rolls back every write, success commits", Effect.gen(function*() {
      const catalog = yield* Catalog.Catalog
      const [c] = yield* clips(1)
      const attempt = catalog.withTransaction(Effect.gen(function*() {
        yield* catalog.updateClip(c!.id, { states: ["spliced"] }, { state: "generating_sprite" })
        yield* catalog.appendEvents([{ _tag: "selected_approve", clipId: c!.id, reviewerId: "admin" }])
        yield* catalog.upsertArtifact({ clipId: c!.id, type: "sprite_sheet", strategy: "default", tag: "sheet", key: unique("k"), metadata: {} })
        return yield* Effect.fail("handler failed" as const)
      }))
      expect(yield* Effect.flip(attempt)).toBe("handler failed")
      expect(yield* catalog.getClip(c!.id)).toEqual(c)
      expect(yield* catalog.listEvents(c!.id)).toEqual([])
      expect(yield* catalog.listArtifacts(c!.id)).toEqual([])
      const committed = yield* catalog.withTransaction(catalog.updateClip(c!.id, { states: ["spliced"] }, { state: "generating_sprite" }))
      expect(Option.isSome(committed)).toBe(true)
      expect((yield* catalog.getClip(c!.id)).state).toBe("generating_sprite")
    }))

    test("review: approve / second reviewer conflict / undo match the fold of the event log", Effect.gen(function*() {
      const catalog = yield* Catalog.Catalog
      const [raw] = yield* clips(1)
      const c = yield* setState(raw!, "pending_review")
      const act = (tag: "selected_approve" | "selected_skip", state: "review_approved" | "review_skipped") =>
        catalog.withTransaction(Effect.gen(function*() {
          const now = new Date(yield* TestClock.currentTimeMillis)
          const moved = yield* catalog.updateClip(c.id, { states: ["pending_review"], reviewed: false }, { state, reviewedAt: now })
          if (Option.isNone(moved)) return Option.none()
          yield* catalog.appendEvents([{ _tag: tag, clipId: c.id, reviewerId: "admin" }])
          return moved
        }))
      const [first, second] = yield* Effect.all([act("selected_approve", "review_approved"), act("selected_skip", "review_skipped")], { concurrency: "unbounded" })
      expect([first, second].filter(Option.isSome).length).toBe(1)
      const check = Effect.gen(function*() {
        const clip = yield* catalog.getClip(c.id)
        expect(ReviewEvent.project(clip)).toEqual(ReviewEvent.fold(yield* catalog.listEvents(c.id)))
        return clip
      })
      const after = yield* check
      expect(["review_approved", "review_skipped"]).toContain(after.state)
      yield* catalog.withTransaction(Effect.gen(function*() {
        const events = yield* catalog.listEvents(c.id)
        yield* catalog.updateClip(c.id, { states: [after.state], version: after.version }, { state: "pending_review", reviewedAt: null })
        yield* catalog.appendEvents([{ _tag: "selected_undo", clipId: c.id, reviewerId: "admin", undoesEventIds: events.map((e) => e.id) }])
      }))
      expect((yield* check).inQueue).toBe(true)
    }))
  })
