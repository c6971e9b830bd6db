/**
 * The event processor (docs/review.md#grace-period-and-commit): merge and split wait `commitDelay` so undo can
 * cancel them; then, in ONE transaction per event, the event (and its pair) is marked processed,
 * the clips move to `merging`/`splitting` and the job is enqueued. Exactly once by construction:
 * a second committer finds the events already marked and does nothing.
 *
 * @since 0.1.0
 */
import { Duration, Effect, Option } from "effect"
import type * as Clip from "../domain/Clip.js"
import type * as ReviewEvent from "../domain/ReviewEvent.js"
import { Pipeline } from "../PipelineConfig.js"
import { Catalog } from "../services/Catalog.js"
import * as JobQueue from "../services/JobQueue.js"
import { ClaimLost, now, transitionClip } from "./rows.js"

const moveClip = (clip: Clip.Clip, event: "commit_merge" | "commit_split", markers: Record<string, unknown>) =>
  Effect.flatMap(
    transitionClip(clip.id, event, { processingMetadata: { ...clip.processingMetadata, ...markers } }, clip.version),
    Option.match({ onNone: () => Effect.fail(new ClaimLost({ entity: "clip", id: clip.id })), onSome: Effect.succeed })
  )

const commitSplit = (event: ReviewEvent.Split, at: Date) =>
  Effect.gen(function* () {
    const catalog = yield* Catalog
    if ((yield* catalog.markEvents([event.id], { processedAt: at })) !== 1) return false
    const clip = yield* moveClip(yield* catalog.getClip(event.clipId), "commit_split", {
      split_at_frame: event.splitAtFrame,
      split_event_id: event.id
    })
    yield* Effect.flatMap(JobQueue.JobQueue, (q) => q.offer("media", new JobQueue.Split({ clipId: clip.id, eventId: event.id, version: clip.version })))
    return true
  })

const commitMerge = (event: ReviewEvent.MergeSource, at: Date) =>
  Effect.gen(function* () {
    const catalog = yield* Catalog
    const pair = (yield* catalog.listEvents(event.mergeTargetClipId)).findLast(
      (e) => e._tag === "selected_merge_target" && e.mergeSourceClipId === event.clipId && e.processedAt === null && e.cancelledAt === null
    )
    const ids = pair ? [event.id, pair.id] : [event.id]
    if ((yield* catalog.markEvents(ids, { processedAt: at })) !== ids.length) return yield* new ClaimLost({ entity: "event", id: event.id })
    const source = yield* moveClip(yield* catalog.getClip(event.clipId), "commit_merge", { merge_target_clip_id: event.mergeTargetClipId })
    yield* moveClip(yield* catalog.getClip(event.mergeTargetClipId), "commit_merge", { merge_source_clip_id: event.clipId })
    yield* Effect.flatMap(JobQueue.JobQueue, (q) =>
      q.offer("media", new JobQueue.Merge({ clipId: source.id, targetClipId: event.mergeTargetClipId, version: source.version }))
    )
    return true
  })

/**
 * An event whose clip can no longer be committed (it moved under the reviewer) is cancelled so it
 * is not retried for ever.
 */
const cancelStale = (event: ReviewEvent.ReviewEvent, at: Date) =>
  Effect.flatMap(Catalog, (catalog) => catalog.markEvents([event.id], { cancelledAt: at })).pipe(
    Effect.zipRight(Effect.logWarning(`review event ${event.id} (${event._tag}) of clip ${event.clipId} could not be committed and was cancelled`))
  )

/**
 * Commits every merge/split event older than the commit delay (up to `dispatchBatch`); returns
 * how many were committed.
 *
 * @since 0.1.0
 */
export const commitDue = Effect.gen(function* () {
  const config = yield* Pipeline
  const catalog = yield* Catalog
  const at = yield* now
  const due = yield* catalog.dueEvents({
    actions: ["selected_merge_source", "selected_split"],
    createdBefore: new Date(at.getTime() - Duration.toMillis(config.commitDelay)),
    limit: config.dispatchBatch
  })
  let committed = 0
  for (const event of due) {
    const attempt =
      event._tag === "selected_split" ? commitSplit(event, at) : event._tag === "selected_merge_source" ? commitMerge(event, at) : Effect.succeed(false)
    const result = yield* catalog.withTransaction(attempt).pipe(Effect.catchTag("ClaimLost", () => Effect.as(cancelStale(event, at), false)))
    if (result) committed++
  }
  return committed
})
