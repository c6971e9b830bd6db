/**
 * Merge (docs/pipeline.md#merge, docs/architecture.md#rule-5-clips-are-ranges-files-are-derived): range arithmetic, no re-encode. The two
 * committed clips become `merged` and a new clip covering both is inserted, in one transaction;
 * the old clips' derived objects are deleted afterwards and the new clip's sheet is queued.
 *
 * @since 0.1.0
 */
import { Effect, Either } from "effect"
import type { Clip } from "../domain/Clip.js"
import { InvalidMerge } from "../domain/errors.js"
import type { ClipId } from "../domain/Ids.js"
import * as Keys from "../plans/keys.js"
import * as MergePlan from "../plans/merge.js"
import { Catalog } from "../services/Catalog.js"
import * as JobQueue from "../services/JobQueue.js"
import { deleteQuietly, keysOf } from "./derived.js"
import { claimPatch } from "./Lease.js"
import { completeClip, runStage, transitionClip } from "./rows.js"

/** @since 0.1.0 */
export const timeoutMs = 10 * 60_000

const combine = (source: Clip, target: Clip) =>
  Effect.gen(function* () {
    const catalog = yield* Catalog
    const claimedTarget = yield* transitionClip(target.id, "start_merge", { lastError: null })
    if (claimedTarget._tag === "None") {
      return yield* new InvalidMerge({ clipId: source.id, targetClipId: target.id, reason: `target is ${target.state}, not merging` })
    }
    const plan = MergePlan.plan(source, claimedTarget.value)
    if (Either.isLeft(plan)) return yield* new InvalidMerge({ clipId: source.id, targetClipId: target.id, reason: plan.left })
    const { first, second } = plan.right
    const garbage = keysOf(first, yield* catalog.listArtifacts(first.id)).concat(keysOf(second, yield* catalog.listArtifacts(second.id)))
    const identifier = Keys.mergeIdentifier(first.id, second.identifier)
    const [merged] = yield* catalog.withTransaction(
      Effect.gen(function* () {
        yield* completeClip(first, "complete_merge")
        yield* completeClip(second, "complete_merge")
        yield* catalog.deleteArtifacts(first.id)
        yield* catalog.deleteArtifacts(second.id)
        return yield* catalog.insertClips([
          {
            sourceVideoId: first.sourceVideoId,
            identifier,
            startFrame: plan.right.startFrame,
            endFrame: plan.right.endFrame,
            startTime: plan.right.startTime,
            endTime: plan.right.endTime,
            processingMetadata: {
              ...first.processingMetadata,
              duration_seconds: Math.round((plan.right.endTime - plan.right.startTime) * 1000) / 1000,
              merged_from_clips: [first.id, second.id],
              new_identifier: identifier
            }
          }
        ])
      })
    )
    yield* deleteQuietly(garbage)
    yield* Effect.flatMap(JobQueue.JobQueue, (q) => q.offer("media", new JobQueue.Sprite({ clipId: merged!.id, version: merged!.version })))
    return merged!
  })

/**
 * Runs a committed merge. `clipId` is the clip the reviewer was on (the event's source); the pair
 * is ordered by time whichever one was "previous".
 *
 * @since 0.1.0
 */
export const run = (clipId: ClipId, targetClipId: ClipId, version?: number) =>
  runStage({
    stage: "merge",
    entity: "clip",
    id: clipId,
    timeoutMs,
    claim: Effect.flatMap(claimPatch, (lease) => transitionClip(clipId, "start_merge", { lastError: null, ...lease }, version)),
    work: (source: Clip) =>
      Effect.flatMap(Catalog, (c) => c.getClip(targetClipId)).pipe(Effect.flatMap((target) => combine(source, target))),
    fail: (source: Clip, reason) =>
      Effect.all([
        transitionClip(source.id, "fail_merge", { lastError: reason, retryCount: source.retryCount + 1 }),
        transitionClip(targetClipId, "fail_merge", { lastError: reason })
      ])
  })
