/**
 * Review actions on two clips — merge and group — and undo, which must restore both clips of a
 * pair (docs/review.md#merge-and-group-targets).
 *
 * @since 0.1.0
 */
import { Effect, Either } from "effect"
import * as Clip from "../domain/Clip.js"
import { InvalidGroup, InvalidMerge, NotFound, UndoRefused } from "../domain/errors.js"
import type { ClipId } from "../domain/Ids.js"
import type * as ReviewEvent from "../domain/ReviewEvent.js"
import { Pipeline } from "../PipelineConfig.js"
import * as MergePlan from "../plans/merge.js"
import { Catalog } from "../services/Catalog.js"
import { inQueue, move } from "./review.js"
import { now, transitionClip } from "./rows.js"

type PairError = typeof InvalidMerge | typeof InvalidGroup

/**
 * Whether a clip can be the other half of a merge or group: a review result not yet taken further,
 * not awaiting a commit, not grouped already.
 */
const usableTarget = (clip: Clip.Clip): string | null =>
  !Clip.reviewResults.includes(clip.state)
    ? `it is ${clip.state}`
    : clip.state === "pending_review" && clip.reviewedAt !== null
      ? "it is waiting for a merge or split to commit"
      : clip.groupedWithClipId !== null
        ? `it is grouped with clip ${clip.groupedWithClipId}`
        : null

/** The explicit target, or the live clip just before `current` in its video. */
const resolveTarget = (current: Clip.Clip, targetClipId: ClipId | undefined, Err: PairError) =>
  Effect.gen(function* () {
    const catalog = yield* Catalog
    const fail = (reason: string) => Effect.fail(new Err({ clipId: current.id, targetClipId: targetClipId ?? null, reason }))
    if (targetClipId !== undefined) {
      const target = yield* catalog.getClip(targetClipId).pipe(Effect.catchIf((e) => e instanceof NotFound, () => fail(`clip ${targetClipId} does not exist`)))
      if (target.sourceVideoId !== current.sourceVideoId) return yield* fail("clips belong to different source videos")
      return target
    }
    const siblings = yield* catalog.listClips({ sourceVideoId: current.sourceVideoId, states: Clip.reviewResults })
    const previous = siblings.filter((c) => c.startFrame < current.startFrame).sort((a, b) => b.startFrame - a.startFrame)[0]
    return previous ?? (yield* fail("there is no previous clip in this video"))
  })

const checkTarget = (current: Clip.Clip, target: Clip.Clip, Err: PairError) => {
  const reason = target.id === current.id ? "a clip cannot be paired with itself" : usableTarget(target)
  return reason === null ? Effect.void : Effect.fail(new Err({ clipId: current.id, targetClipId: target.id, reason: `clip ${target.id}: ${reason}` }))
}

/**
 * Merge the current clip with an adjacent clip of the same video (the previous one by default).
 * Both leave the queue now; the merge commits after the commit delay unless undone. Returns both
 * clips, the current one first.
 *
 * @since 0.1.0
 */
export const merge = (clipId: ClipId, targetClipId?: ClipId) =>
  Effect.gen(function* () {
    const catalog = yield* Catalog
    const { reviewerId } = yield* Pipeline
    const current = yield* inQueue(clipId, "merge")
    const target = yield* resolveTarget(current, targetClipId, InvalidMerge)
    yield* checkTarget(current, target, InvalidMerge)
    const plan = MergePlan.plan(current, target)
    if (Either.isLeft(plan)) return yield* new InvalidMerge({ clipId, targetClipId: target.id, reason: plan.left })
    const at = yield* now
    return yield* catalog.withTransaction(
      Effect.gen(function* () {
        const source = yield* move(current, "select_merge", "merge", { reviewedAt: at })
        const other = yield* move(target, "select_merge", "merge", { reviewedAt: at, groupedWithClipId: null })
        yield* catalog.appendEvents([
          { _tag: "selected_merge_source", clipId, reviewerId, mergeTargetClipId: target.id },
          { _tag: "selected_merge_target", clipId: target.id, reviewerId, mergeSourceClipId: clipId }
        ])
        return [source, other] as const
      })
    )
  })

/**
 * Group the current clip with another clip of the same video (the previous one by default): both
 * become `review_approved` with mutual links. The partner must already have a verdict (a clip still
 * in the queue is refused with `InvalidGroup`). Returns both clips, the current one first.
 *
 * @since 0.1.0
 */
export const group = (clipId: ClipId, targetClipId?: ClipId) =>
  Effect.gen(function* () {
    const catalog = yield* Catalog
    const { reviewerId } = yield* Pipeline
    const current = yield* inQueue(clipId, "group")
    const target = yield* resolveTarget(current, targetClipId, InvalidGroup)
    yield* checkTarget(current, target, InvalidGroup)
    // A group approves both clips: a partner still in the queue would be approved unseen.
    if (target.inQueue) {
      const reason = `clip ${target.id}: it has not been reviewed yet (review it first, or group from it when it comes up)`
      return yield* new InvalidGroup({ clipId, targetClipId: target.id, reason })
    }
    const at = yield* now
    return yield* catalog.withTransaction(
      Effect.gen(function* () {
        const grouped = yield* move(current, "group", "group", { reviewedAt: at, groupedWithClipId: target.id })
        const other = yield* move(target, "group", "group", { reviewedAt: at, groupedWithClipId: clipId })
        yield* catalog.appendEvents([
          { _tag: "selected_group_source", clipId, reviewerId, groupWithClipId: target.id },
          { _tag: "selected_group_target", clipId: target.id, reviewerId, groupSourceClipId: clipId }
        ])
        return [grouped, other] as const
      })
    )
  })

const partnerOf = (event: ReviewEvent.ReviewEvent): ClipId | null => {
  switch (event._tag) {
    case "selected_merge_source":
      return event.mergeTargetClipId
    case "selected_merge_target":
      return event.mergeSourceClipId
    case "selected_group_source":
      return event.groupWithClipId
    case "selected_group_target":
      return event.groupSourceClipId
    default:
      return null
  }
}

/** The clip's last event, if it can still be taken back. */
const undoable = (clipId: ClipId) =>
  Effect.gen(function* () {
    const events = yield* Effect.flatMap(Catalog, (c) => c.listEvents(clipId))
    const last = events[events.length - 1]
    const refuse = (reason: string) => Effect.fail(new UndoRefused({ clipId, reason }))
    if (last === undefined || last._tag === "selected_undo") return yield* refuse("there is nothing to undo")
    if (last.cancelledAt !== null) return yield* refuse("the last action was already undone")
    if (last.processedAt !== null) return yield* refuse(`the ${last._tag.replace("selected_", "")} was already committed`)
    return last
  })

/**
 * Takes back the clip's last action — and its pair's, for merge and group — as long as nothing
 * was committed: the events are cancelled, both clips return to the queue, and an undo event is
 * appended to each. Afterwards it is refused with `UndoRefused`.
 *
 * @since 0.1.0
 */
export const undo = (clipId: ClipId) =>
  Effect.gen(function* () {
    const catalog = yield* Catalog
    const { reviewerId } = yield* Pipeline
    const event = yield* undoable(clipId)
    const partner = partnerOf(event)
    const pairEvent = partner === null ? null : yield* undoable(partner)
    if (pairEvent !== null && partnerOf(pairEvent) !== clipId) {
      return yield* new UndoRefused({ clipId, reason: `clip ${partner} has been acted on since` })
    }
    const pair = partner === null || pairEvent === null ? [] : [{ clipId: partner, event: pairEvent }]
    const targets = [{ clipId, event }, ...pair]
    const at = yield* now
    return yield* catalog.withTransaction(
      Effect.gen(function* () {
        const cancelled = yield* catalog.markEvents(targets.map((t) => t.event.id), { cancelledAt: at })
        if (cancelled !== targets.length) return yield* new UndoRefused({ clipId, reason: "the action was committed meanwhile" })
        const restored = yield* Effect.forEach(targets, (t) =>
          Effect.flatMap(catalog.getClip(t.clipId), (clip) =>
            transitionClip(clip.id, "undo", { reviewedAt: null, groupedWithClipId: null }, clip.version).pipe(
              Effect.flatMap((row) =>
                row._tag === "Some" && clip.reviewedAt !== null
                  ? Effect.succeed(row.value)
                  : Effect.fail(new UndoRefused({ clipId: clip.id, reason: `the clip is already ${clip.state}` }))
              )
            )
          )
        )
        yield* catalog.appendEvents(targets.map((t) => ({ _tag: "selected_undo" as const, clipId: t.clipId, reviewerId, undoesEventIds: [t.event.id] })))
        return restored
      })
    )
  })
