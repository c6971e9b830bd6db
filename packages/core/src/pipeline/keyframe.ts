/**
 * Keyframes (docs/pipeline.md#keyframe): images at 25/50/75 % (or the midpoint) of an approved clip,
 * seeked by time in the master; artifact rows with `strategy` and `tag` set; then the embed job.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { StageInputError } from "../domain/errors.js"
import type { ClipId } from "../domain/Ids.js"
import { Pipeline } from "../PipelineConfig.js"
import * as Keys from "../plans/keys.js"
import * as KeyframePlan from "../plans/keyframes.js"
import { BlobStore } from "../services/BlobStore.js"
import { Catalog } from "../services/Catalog.js"
import * as JobQueue from "../services/JobQueue.js"
import { Media } from "../services/Media.js"
import { masterPath } from "./master.js"
import { completeClip, now, runClipStage } from "./rows.js"

/** @since 0.1.0 */
export const timeoutMs = 10 * 60_000

/** The generation strategy to embed a clip's keyframes with. @since 0.1.0 */
export const generationStrategy = (strategy: KeyframePlan.Strategy, configured: { keyframeStrategy: string; generationStrategy: string }) =>
  configured.keyframeStrategy === strategy ? configured.generationStrategy : KeyframePlan.generationStrategyFor(strategy)

/** @since 0.1.0 */
export const run = (clipId: ClipId, strategy: string, version?: number) =>
  runClipStage({
    stage: "keyframe",
    id: clipId,
    version,
    start: "start_keyframe",
    fail: "fail_keyframe",
    timeoutMs,
    work: (clip) =>
      Effect.scoped(
        Effect.gen(function* () {
          if (!KeyframePlan.isStrategy(strategy)) {
            return yield* new StageInputError({ stage: "keyframe", reason: `Unsupported keyframe strategy "${strategy}"` })
          }
          const catalog = yield* Catalog
          const blobs = yield* BlobStore
          const video = yield* catalog.getVideo(clip.sourceVideoId)
          const plan = KeyframePlan.plan({ start: clip.startTime, end: clip.endTime, fps: video.fps ?? 30 }, strategy)
          const path = yield* masterPath(video)
          const images = yield* Effect.flatMap(Media, (media) => media.extractKeyframes(path, plan))
          if (images.length === 0) return yield* new StageInputError({ stage: "keyframe", reason: "no frame could be extracted" })
          const stored = yield* Effect.forEach(images, (image) => {
            const key = Keys.keyframe(clip.sourceVideoId, clip.id, image.tag)
            return Effect.as(blobs.put(key, image.bytes, "image/jpeg"), { image, key })
          })
          const at = yield* now
          const done = yield* catalog.withTransaction(
            Effect.zipRight(
              Effect.forEach(stored, ({ image, key }) =>
                catalog.upsertArtifact({
                  clipId: clip.id,
                  type: "keyframe",
                  strategy,
                  tag: image.tag,
                  key,
                  metadata: {
                    tag: image.tag,
                    frame_index: image.frameIndex,
                    timestamp_sec: Math.round(image.time * 1000) / 1000,
                    width: image.width,
                    height: image.height,
                    strategy,
                    file_size: image.bytes.length
                  }
                })
              ),
              completeClip(clip, "complete_keyframe", { keyframedAt: at })
            )
          )
          const config = yield* Pipeline
          yield* Effect.flatMap(JobQueue.JobQueue, (queue) =>
            queue.offer(
              "ml",
              new JobQueue.Embed({
                clipId: done.id,
                modelName: config.embeddingModel,
                generationStrategy: generationStrategy(strategy, config),
                version: done.version
              })
            )
          )
          return done
        })
      )
  })
