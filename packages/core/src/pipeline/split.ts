/**
 * Split (docs/plans.md#split): the committed split event already holds the absolute cut frame and
 * time; the two halves are inserted and the original becomes `split` in one transaction, before
 * any object is deleted. A retry after that commit finds the clip `split` and does nothing.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import type { Clip } from "../domain/Clip.js"
import { StageInputError } from "../domain/errors.js"
import type { ClipId, EventId } from "../domain/Ids.js"
import * as Keys from "../plans/keys.js"
import { Catalog } from "../services/Catalog.js"
import * as JobQueue from "../services/JobQueue.js"
import { deleteQuietly, keysOf } from "./derived.js"
import { completeClip, runClipStage } from "./rows.js"

/** @since 0.1.0 */
export const timeoutMs = 10 * 60_000

const halves = (clip: Clip, frame: number, time: number) =>
  [
    { startFrame: clip.startFrame, endFrame: frame, startTime: clip.startTime, endTime: time },
    { startFrame: frame, endFrame: clip.endFrame, startTime: time, endTime: clip.endTime }
  ].map((range) => ({
    ...range,
    sourceVideoId: clip.sourceVideoId,
    identifier: Keys.splitIdentifier(clip.sourceVideoId, range.startFrame, range.endFrame, clip.id),
    processingMetadata: {
      ...(typeof clip.processingMetadata["fps"] === "number" ? { fps: clip.processingMetadata["fps"] } : {}),
      ...(typeof clip.processingMetadata["resolution"] === "string" ? { resolution: clip.processingMetadata["resolution"] } : {}),
      created_from_split: true,
      original_clip_id: clip.id,
      duration_seconds: Math.round((range.endTime - range.startTime) * 1000) / 1000
    }
  }))

/** @since 0.1.0 */
export const run = (clipId: ClipId, eventId: EventId, version?: number) =>
  runClipStage({
    stage: "split",
    id: clipId,
    version,
    start: "start_split",
    fail: "fail_split",
    timeoutMs,
    work: (clip) =>
      Effect.gen(function* () {
        const catalog = yield* Catalog
        const event = (yield* catalog.listEvents(clip.id)).find((e) => e.id === eventId)
        if (event === undefined || event._tag !== "selected_split") {
          return yield* new StageInputError({ stage: "split", reason: `split event ${eventId} of clip ${clip.id} not found` })
        }
        if (event.absoluteFrame <= clip.startFrame || event.absoluteFrame >= clip.endFrame) {
          return yield* new StageInputError({ stage: "split", reason: `cut frame ${event.absoluteFrame} is outside clip ${clip.id}` })
        }
        const garbage = keysOf(clip, yield* catalog.listArtifacts(clip.id))
        const parts = yield* catalog.withTransaction(
          Effect.gen(function* () {
            const inserted = yield* catalog.insertClips(halves(clip, event.absoluteFrame, event.cutTime))
            yield* catalog.deleteArtifacts(clip.id)
            yield* completeClip(clip, "complete_split", {
              processingMetadata: { ...clip.processingMetadata, split_into_clips: inserted.map((c) => c.id) }
            })
            return inserted
          })
        )
        yield* deleteQuietly(garbage)
        const queue = yield* JobQueue.JobQueue
        yield* Effect.forEach(parts, (part) => queue.offer("media", new JobQueue.Sprite({ clipId: part.id, version: part.version })))
        return parts
      })
  })
