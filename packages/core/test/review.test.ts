import { Heaters, Ids } from "@heaters/core"
import { describe, expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { ingest, layer, scenes } from "./support.js"

const setup = (seconds = [2, 3, 4, 2]) =>
  Effect.gen(function* () {
    const heaters = yield* Heaters.Heaters
    const { clips, video } = yield* ingest("/in/review.mp4", scenes(seconds))
    return { heaters, clips, video }
  })

const stateOf = (heaters: Heaters.Heaters, id: Ids.ClipId) => Effect.map(heaters.clip(id), (c) => c.state)

describe("review verdicts", () => {
  it.effect("approve, skip and archive land at once and leave the queue", () =>
    Effect.gen(function* () {
      const { heaters, clips } = yield* setup()
      yield* heaters.review.act(clips[0]!.id, { action: "approve" })
      yield* heaters.review.act(clips[1]!.id, { action: "skip" })
      yield* heaters.review.act(clips[2]!.id, { action: "archive" })
      expect(yield* Effect.forEach(clips, (c) => stateOf(heaters, c.id))).toEqual(["review_approved", "review_skipped", "review_archived", "pending_review"])
      expect((yield* heaters.review.next({ limit: 10 })).map((i) => i.clip.id)).toEqual([clips[3]!.id])
      expect(yield* heaters.review.pending).toBe(1)
      expect((yield* heaters.review.history(clips[0]!.id)).map((e) => e._tag)).toEqual(["selected_approve"])
    }).pipe(Effect.provide(layer())))

  it.effect("a second reviewer acting on the same clip gets ReviewConflict and changes nothing", () =>
    Effect.gen(function* () {
      const { heaters, clips } = yield* setup()
      yield* heaters.review.act(clips[0]!.id, { action: "approve" })
      const error = yield* Effect.flip(heaters.review.act(clips[0]!.id, { action: "archive" }))
      expect(error).toMatchObject({ _tag: "ReviewConflict", clipId: clips[0]!.id, state: "review_approved", reason: "already reviewed" })
      expect(yield* stateOf(heaters, clips[0]!.id)).toBe("review_approved")
      expect(yield* heaters.review.history(clips[0]!.id)).toHaveLength(1)
    }).pipe(Effect.provide(layer())))

  it.effect("two reviewers racing on one clip: exactly one wins", () =>
    Effect.gen(function* () {
      const { heaters, clips } = yield* setup()
      const results = yield* Effect.all(
        [heaters.review.act(clips[1]!.id, { action: "approve" }), heaters.review.act(clips[1]!.id, { action: "archive" })].map(Effect.either),
        { concurrency: "unbounded" }
      )
      expect(results.filter((r) => r._tag === "Right")).toHaveLength(1)
      expect(yield* heaters.review.history(clips[1]!.id)).toHaveLength(1)
    }).pipe(Effect.provide(layer())))

  it.effect("approved clips wait for the grace period before keyframing, so undo still works", () =>
    Effect.gen(function* () {
      const { heaters, clips } = yield* setup()
      yield* heaters.review.act(clips[0]!.id, { action: "approve" })
      yield* TestClock.adjust("30 seconds")
      yield* heaters.drain
      expect(yield* stateOf(heaters, clips[0]!.id)).toBe("review_approved")
      yield* heaters.review.act(clips[0]!.id, { action: "undo" })
      expect(yield* heaters.clip(clips[0]!.id)).toMatchObject({ state: "pending_review", reviewedAt: null })
      yield* TestClock.adjust("60 seconds")
      yield* heaters.drain
      expect(yield* stateOf(heaters, clips[0]!.id)).toBe("pending_review")
    }).pipe(Effect.provide(layer())))

  it.effect("archive removes the clip's derived objects but keeps the row, the master and other clips' files", () =>
    Effect.gen(function* () {
      const { heaters, clips, video } = yield* setup()
      yield* heaters.review.act(clips[1]!.id, { action: "archive" })
      yield* TestClock.adjust("61 seconds")
      yield* heaters.drain
      const archived = yield* heaters.clip(clips[1]!.id)
      expect(archived.state).toBe("archived")
      expect(archived.actionCommittedAt).not.toBeNull()
      expect((yield* heaters.review.item(clips[1]!.id)).sprite).toBeNull()
      expect((yield* heaters.review.item(clips[0]!.id)).sprite).not.toBeNull()
      expect((yield* heaters.video(video.id)).masterKey).not.toBeNull()
    }).pipe(Effect.provide(layer())))
})

describe("merge", () => {
  it.effect("merges with the adjacent previous clip after the commit delay into one new clip covering both", () =>
    Effect.gen(function* () {
      const { heaters, clips } = yield* setup()
      yield* heaters.review.act(clips[0]!.id, { action: "approve" })
      yield* heaters.review.act(clips[1]!.id, { action: "merge" })
      expect(yield* heaters.clip(clips[0]!.id)).toMatchObject({ state: "pending_review" })
      yield* heaters.drain
      expect(yield* stateOf(heaters, clips[1]!.id)).toBe("pending_review")
      yield* TestClock.adjust("61 seconds")
      yield* heaters.drain
      expect(yield* stateOf(heaters, clips[0]!.id)).toBe("merged")
      expect(yield* stateOf(heaters, clips[1]!.id)).toBe("merged")
      const merged = (yield* heaters.clips(clips[0]!.sourceVideoId)).find((c) => c.identifier.startsWith("merged_"))!
      expect(merged).toMatchObject({ startFrame: 0, endFrame: 150, state: "pending_review", identifier: `merged_${clips[0]!.id}_002` })
      expect(merged.processingMetadata["merged_from_clips"]).toEqual([clips[0]!.id, clips[1]!.id])
      expect(merged.processingMetadata["fps"]).toBe(30)
      expect((yield* heaters.review.item(merged.id)).sprite?.meta.clip_total_frames_source).toBe(150)
      expect((yield* heaters.review.item(clips[0]!.id)).sprite).toBeNull()
    }).pipe(Effect.provide(layer())))

  it.effect("undo before the commit cancels the merge and returns both clips to the queue", () =>
    Effect.gen(function* () {
      const { heaters, clips } = yield* setup()
      yield* heaters.review.act(clips[2]!.id, { action: "merge", targetClipId: clips[1]!.id })
      yield* TestClock.adjust("30 seconds")
      yield* heaters.review.act(clips[2]!.id, { action: "undo" })
      yield* TestClock.adjust("61 seconds")
      yield* heaters.drain
      expect(yield* heaters.clip(clips[1]!.id)).toMatchObject({ state: "pending_review", reviewedAt: null })
      expect(yield* heaters.clip(clips[2]!.id)).toMatchObject({ state: "pending_review", reviewedAt: null })
      expect((yield* heaters.clips(clips[0]!.sourceVideoId)).length).toBe(4)
    }).pipe(Effect.provide(layer())))

  it.effect("undo after the commit is refused with a clear error", () =>
    Effect.gen(function* () {
      const { heaters, clips } = yield* setup()
      yield* heaters.review.act(clips[1]!.id, { action: "merge" })
      yield* TestClock.adjust("61 seconds")
      yield* heaters.tick
      const error = yield* Effect.flip(heaters.review.act(clips[1]!.id, { action: "undo" }))
      expect(error).toMatchObject({ _tag: "UndoRefused", reason: "the merge_source was already committed" })
    }).pipe(Effect.provide(layer())))

  it.effect("refuses non-adjacent clips, other videos, missing targets and a first clip with no previous", () =>
    Effect.gen(function* () {
      const { heaters, clips } = yield* setup()
      const other = yield* ingest("/in/other.mp4", scenes([2, 2]))
      const refuse = (clipId: Ids.ClipId, targetClipId?: Ids.ClipId) =>
        Effect.flip(heaters.review.act(clipId, { action: "merge", ...(targetClipId ? { targetClipId } : {}) }))
      expect(yield* refuse(clips[3]!.id, clips[0]!.id)).toMatchObject({ _tag: "InvalidMerge", reason: "clips are not adjacent (60 vs 270)" })
      expect(yield* refuse(clips[1]!.id, other.clips[0]!.id)).toMatchObject({ _tag: "InvalidMerge", reason: "clips belong to different source videos" })
      expect(yield* refuse(clips[1]!.id, Ids.unsafe.clip(9999))).toMatchObject({ _tag: "InvalidMerge", reason: "clip 9999 does not exist" })
      expect(yield* refuse(clips[0]!.id)).toMatchObject({ _tag: "InvalidMerge", reason: "there is no previous clip in this video" })
      expect(yield* refuse(clips[1]!.id, clips[1]!.id)).toMatchObject({ _tag: "InvalidMerge" })
      expect(yield* Effect.forEach(clips, (c) => stateOf(heaters, c.id))).toEqual(Array(4).fill("pending_review"))
    }).pipe(Effect.provide(layer())))
})

describe("split", () => {
  it.effect("splits at a clip-relative frame into two clips after the commit delay", () =>
    Effect.gen(function* () {
      const { heaters, clips } = yield* setup()
      // clip 2 covers frames 60…150 (2 s … 5 s); relative frame 31 = 1 s in = absolute frame 90
      yield* heaters.review.act(clips[1]!.id, { action: "split", frame: 31 })
      yield* TestClock.adjust("61 seconds")
      yield* heaters.drain
      expect(yield* stateOf(heaters, clips[1]!.id)).toBe("split")
      const parts = (yield* heaters.clips(clips[1]!.sourceVideoId)).filter((c) => c.processingMetadata["original_clip_id"] === clips[1]!.id)
      expect(parts.map((c) => [c.startFrame, c.endFrame, c.startTime, c.endTime, c.state])).toEqual([
        [60, 90, 2, 3, "pending_review"],
        [90, 150, 3, 5, "pending_review"]
      ])
    }).pipe(Effect.provide(layer())))

  it.effect("refuses frames out of bounds and halves under 0.5 s with InvalidSplit", () =>
    Effect.gen(function* () {
      const { heaters, clips } = yield* setup()
      for (const frame of [0, 1, 90, 5]) {
        const error = yield* Effect.flip(heaters.review.act(clips[1]!.id, { action: "split", frame }))
        expect(error._tag).toBe("InvalidSplit")
      }
      expect(yield* heaters.clip(clips[1]!.id)).toMatchObject({ state: "pending_review", reviewedAt: null })
    }).pipe(Effect.provide(layer())))
})

describe("group", () => {
  it.effect("approves both clips with mutual links; undo clears both", () =>
    Effect.gen(function* () {
      const { heaters, clips } = yield* setup()
      yield* heaters.review.act(clips[0]!.id, { action: "skip" })
      yield* heaters.review.act(clips[1]!.id, { action: "group" })
      expect(yield* heaters.clip(clips[0]!.id)).toMatchObject({ state: "review_approved", groupedWithClipId: clips[1]!.id })
      expect(yield* heaters.clip(clips[1]!.id)).toMatchObject({ state: "review_approved", groupedWithClipId: clips[0]!.id })
      yield* heaters.review.act(clips[0]!.id, { action: "undo" })
      expect(yield* heaters.clip(clips[0]!.id)).toMatchObject({ state: "pending_review", groupedWithClipId: null, reviewedAt: null })
      expect(yield* heaters.clip(clips[1]!.id)).toMatchObject({ state: "pending_review", groupedWithClipId: null, reviewedAt: null })
      const error = yield* Effect.flip(heaters.review.act(clips[1]!.id, { action: "undo" }))
      expect(error).toMatchObject({ _tag: "UndoRefused", reason: "there is nothing to undo" })
    }).pipe(Effect.provide(layer())))

  it.effect("grouped clips both flow through keyframes and embedding", () =>
    Effect.gen(function* () {
      const { heaters, clips } = yield* setup()
      yield* heaters.review.act(clips[0]!.id, { action: "skip" })
      yield* heaters.review.act(clips[2]!.id, { action: "group", targetClipId: clips[0]!.id })
      yield* TestClock.adjust("61 seconds")
      yield* heaters.drain
      expect(yield* stateOf(heaters, clips[0]!.id)).toBe("embedded")
      expect(yield* stateOf(heaters, clips[2]!.id)).toBe("embedded")
    }).pipe(Effect.provide(layer())))

  it.effect("refuses a partner still in the queue: grouping never approves a clip nobody has looked at", () =>
    Effect.gen(function* () {
      const { heaters, clips } = yield* setup()
      const error = yield* Effect.flip(heaters.review.act(clips[0]!.id, { action: "group", targetClipId: clips[2]!.id }))
      expect(error).toMatchObject({ _tag: "InvalidGroup", clipId: clips[0]!.id, targetClipId: clips[2]!.id })
      expect(error.message).toContain("has not been reviewed yet")
      expect(yield* heaters.clip(clips[2]!.id)).toMatchObject({ state: "pending_review", reviewedAt: null, groupedWithClipId: null })
      expect(yield* heaters.clip(clips[0]!.id)).toMatchObject({ state: "pending_review", reviewedAt: null })
      expect(yield* heaters.review.history(clips[2]!.id)).toEqual([])
    }).pipe(Effect.provide(layer())))
})
