/**
 * Sprite sheets (docs/pipeline.md#sprite, docs/architecture.md#rule-5-clips-are-ranges-files-are-derived). At ingest the splice stage hands
 * each clip a sheet assembled from the tiles of its single decode pass; this job renders one clip
 * by seeking — after a merge or split, or when the shared pass failed for that clip.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import * as Artifact from "../domain/Artifact.js"
import type * as Clip from "../domain/Clip.js"
import type { ClipId } from "../domain/Ids.js"
import type { SourceVideo } from "../domain/SourceVideo.js"
import { Pipeline } from "../PipelineConfig.js"
import * as Keys from "../plans/keys.js"
import * as SpritePlan from "../plans/sprite.js"
import { BlobStore } from "../services/BlobStore.js"
import { Catalog } from "../services/Catalog.js"
import { InvalidMediaRequest, Media, type SpriteImage } from "../services/Media.js"
import { deleteQuietly } from "./derived.js"
import { masterPath } from "./master.js"
import { completeClip, runClipStage } from "./rows.js"

/** @since 0.1.0 */
export const timeoutMs = 10 * 60_000

/** The sprite plan of a clip under the configured settings. @since 0.1.0 */
export const planFor = (clip: Clip.Clip, video: SourceVideo) =>
  Effect.gen(function* () {
    const config = yield* Pipeline
    if (!video.fps || !video.width || !video.height) {
      return yield* new InvalidMediaRequest({ operation: "sprite", reason: `source video ${video.id} has not been probed` })
    }
    return SpritePlan.plan(
      { start: clip.startTime, end: clip.endTime, videoFps: video.fps, videoWidth: video.width, videoHeight: video.height },
      { tileWidth: config.spriteTileWidth, maxFps: config.spriteMaxFps, maxSheetPx: config.spriteMaxSheetPx }
    )
  })

/**
 * Stores a rendered sheet, its WebVTT manifest and its artifact row, and moves the clip to
 * `pending_review` — objects first (their keys are deterministic), then one transaction.
 * The player metadata uses the image's real pixel size.
 *
 * @since 0.1.0
 */
export const store = (clip: Clip.Clip, image: SpriteImage) =>
  Effect.gen(function* () {
    const blobs = yield* BlobStore
    const catalog = yield* Catalog
    const key = Keys.sprite(clip.sourceVideoId, clip.id)
    const vttKey = Keys.spriteVtt(clip.sourceVideoId, clip.id)
    const plan = {
      ...image.plan,
      tileWidth: Math.round(image.width / image.plan.cols),
      tileHeight: Math.round(image.height / image.plan.rows)
    }
    yield* blobs.put(key, image.bytes, "image/jpeg")
    yield* blobs.put(vttKey, new TextEncoder().encode(SpritePlan.webVtt(plan, "sprite.jpg")), "text/vtt")
    const meta = SpritePlan.meta(plan, { size: image.bytes.length, filename: "sprite.jpg", vttKey })
    const done = yield* catalog.withTransaction(
      Effect.zipRight(
        catalog.upsertArtifact({ clipId: clip.id, ...Artifact.spriteIdentity, key, metadata: { ...meta } }),
        completeClip(clip, "complete_sprite")
      )
    )
    yield* sweepParents(clip)
    return done
  })

/**
 * Deletes what is left under the clip prefixes of the clips this one was split or merged from.
 * Merge and split delete them right after their commit; this repeats it (idempotently) in case
 * that worker died in between, so no object outlives the rows that pointed at it.
 */
const sweepParents = (clip: Clip.Clip) =>
  Effect.gen(function* () {
    const meta = clip.processingMetadata
    const parents = [meta["original_clip_id"], ...(Array.isArray(meta["merged_from_clips"]) ? meta["merged_from_clips"] : [])].filter(
      (id): id is number => typeof id === "number" && Number.isInteger(id) && id > 0 && id !== clip.id
    )
    if (parents.length === 0) return
    const blobs = yield* BlobStore
    const keys = yield* Effect.forEach(parents, (id) => blobs.list(Keys.clipPrefix(clip.sourceVideoId, id)))
    yield* deleteQuietly(keys.flat())
  }).pipe(Effect.catchAll((error) => Effect.logWarning(`could not sweep superseded objects: ${error.message}`)))

/**
 * The sprite stage for one clip, with the sheet coming from `render` (the splice pass's tiles, or
 * seeking in the master): claim, plan, render, store — or record the failure on the clip.
 *
 * @since 0.1.0
 */
export const runWith = <E, R>(
  clipId: ClipId,
  version: number | undefined,
  render: (clip: Clip.Clip, video: SourceVideo, plan: SpritePlan.SpritePlan) => Effect.Effect<SpriteImage, E, R>
) =>
  runClipStage({
    stage: "sprite",
    id: clipId,
    version,
    start: "start_sprite",
    fail: "fail_sprite",
    timeoutMs,
    work: (clip) =>
      Effect.gen(function* () {
        const video = yield* Effect.flatMap(Catalog, (c) => c.getVideo(clip.sourceVideoId))
        const plan = yield* planFor(clip, video)
        return yield* store(clip, yield* render(clip, video, plan))
      })
  })

/**
 * Renders and stores one clip's sheet by seeking in the master.
 *
 * @since 0.1.0
 */
export const run = (clipId: ClipId, version?: number) =>
  runWith(clipId, version, (_, video, plan) =>
    Effect.scoped(Effect.flatMap(masterPath(video), (path) => Effect.flatMap(Media, (media) => media.renderSprite(path, plan))))
  )
