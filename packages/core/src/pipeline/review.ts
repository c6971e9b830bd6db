/**
 * Review (docs/review.md): the queue, and every reviewer action as a guarded transition plus an
 * appended event, in one transaction. Verdicts (approve, skip, archive, group) apply at once;
 * merge and split wait for the commit delay (see `commit.ts`). Optimistic concurrency: an action
 * on a clip that moved since it was read fails with `ReviewConflict`.
 *
 * @since 0.1.0
 */
import { Effect, Either, Option, Schema } from "effect"
import * as Artifact from "../domain/Artifact.js"
import * as Clip from "../domain/Clip.js"
import { InvalidSplit, ReviewConflict } from "../domain/errors.js"
import { ClipId } from "../domain/Ids.js"
import type * as ReviewEvent from "../domain/ReviewEvent.js"
import { Pipeline } from "../PipelineConfig.js"
import * as SplitPlan from "../plans/split.js"
import { BlobStore } from "../services/BlobStore.js"
import { Catalog } from "../services/Catalog.js"
import * as MergeHints from "./mergeHints.js"
import { now, transitionClip } from "./rows.js"

/** What a reviewer can do to the clip in front of them. @since 0.1.0 */
export const Action = Schema.Union(
  Schema.Struct({ action: Schema.Literal("approve", "skip", "archive", "undo") }),
  Schema.Struct({ action: Schema.Literal("merge", "group"), targetClipId: Schema.optional(ClipId) }),
  Schema.Struct({ action: Schema.Literal("split"), frame: Schema.Int })
)
/**
 * A reviewer's action on the clip in front of them: a verdict or undo, a merge or group (optionally
 * with the target clip), or a split at a frame.
 *
 * @since 0.1.0
 */
export type Action = typeof Action.Type

/** A clip as the review page needs it. @since 0.1.0 */
export interface ReviewItem {
  readonly clip: Clip.Clip
  readonly video: { readonly id: number; readonly title: string; readonly fps: number | null }
  readonly sprite: { readonly url: string; readonly vttUrl: string | null; readonly meta: Artifact.SpriteMeta } | null
  /** Similarity to the clips before and after it, with a merge hint (pending clips only). */
  readonly neighbours: MergeHints.Neighbours
}

/**
 * Fails with a `ReviewConflict` that says why `action` cannot be taken on the clip now (it changed,
 * was already reviewed, or is not in the queue).
 *
 * @since 0.1.0
 */
export const conflict = (clipId: ClipId, action: string) =>
  Effect.flatMap(Catalog, (catalog) => catalog.getClip(clipId)).pipe(
    Effect.flatMap((clip) =>
      Effect.fail(
        new ReviewConflict({
          clipId,
          action,
          state: clip.state,
          reason: clip.inQueue ? "the clip changed while you were looking at it" : clip.reviewedAt ? "already reviewed" : "not in the review queue"
        })
      )
    )
  )

/** A guarded transition at the version the reviewer saw; a moved row is a `ReviewConflict`. @since 0.1.0 */
export const move = (clip: Clip.Clip, event: Clip.Event, action: string, patch: Clip.Patch) =>
  Effect.flatMap(transitionClip(clip.id, event, patch, clip.version), (row) =>
    Option.isSome(row) ? Effect.succeed(row.value) : conflict(clip.id, action)
  )

/** The clip, if a reviewer can act on it now; else `ReviewConflict`. @since 0.1.0 */
export const inQueue = (clipId: ClipId, action: string) =>
  Effect.flatMap(Catalog, (catalog) => catalog.getClip(clipId)).pipe(
    Effect.flatMap((clip) => (clip.inQueue ? Effect.succeed(clip) : conflict(clipId, action)))
  )

/** The clip's sprite-sheet artifact, if it has one yet. @since 0.1.0 */
export const spriteOf = (clipId: ClipId) =>
  Effect.map(Effect.flatMap(Catalog, (c) => c.listArtifacts(clipId)), (artifacts) =>
    Option.fromNullable(artifacts.find((a) => a.type === "sprite_sheet"))
  )

/**
 * The next clips waiting for review, oldest id first, with their sprite sheets.
 *
 * @since 0.1.0
 */
export const next = (options: { readonly limit?: number; readonly excludeIds?: ReadonlyArray<ClipId> } = {}) =>
  Effect.gen(function* () {
    const catalog = yield* Catalog
    const clips = yield* catalog.listClips({ states: ["pending_review"], reviewed: false, limit: options.limit ?? 1, excludeIds: options.excludeIds })
    return yield* Effect.forEach(clips, item)
  })

const decodeMeta = Schema.decodeUnknownOption(Artifact.SpriteMeta)

/**
 * Builds the `ReviewItem` for one clip: its video, sprite sheet URLs and metadata, and its
 * neighbours' similarity with a merge hint.
 *
 * @since 0.1.0
 */
export const item = (clip: Clip.Clip) =>
  Effect.gen(function* () {
    const catalog = yield* Catalog
    const blobs = yield* BlobStore
    const video = yield* catalog.getVideo(clip.sourceVideoId)
    const sprite = yield* spriteOf(clip.id)
    const meta = Option.flatMap(sprite, (a) => decodeMeta(a.metadata))
    const spriteView =
      Option.isSome(sprite) && Option.isSome(meta)
        ? {
            url: yield* blobs.url(sprite.value.key),
            vttUrl: meta.value.vtt_key ? yield* blobs.url(meta.value.vtt_key) : null,
            meta: meta.value
          }
        : null
    const neighbours = yield* MergeHints.neighbours(clip)
    return { clip, video: { id: video.id, title: video.title, fps: video.fps }, sprite: spriteView, neighbours } satisfies ReviewItem
  })

/** Approve, skip or archive: the verdict lands at once (undo can take it back). @since 0.1.0 */
export const verdict = (clipId: ClipId, action: "approve" | "skip" | "archive") =>
  Effect.gen(function* () {
    const catalog = yield* Catalog
    const { reviewerId } = yield* Pipeline
    const clip = yield* inQueue(clipId, action)
    const at = yield* now
    const tag = (`selected_${action}` as const) satisfies ReviewEvent.Action
    return yield* catalog.withTransaction(
      Effect.zipLeft(move(clip, action, action, { reviewedAt: at }), catalog.appendEvents([{ _tag: tag, clipId, reviewerId }]))
    )
  })

/**
 * Split at a clip-relative, 1-based frame of the sprite player. Validated now, committed after
 * the commit delay.
 *
 * @since 0.1.0
 */
export const split = (clipId: ClipId, frame: number) =>
  Effect.gen(function* () {
    const catalog = yield* Catalog
    const config = yield* Pipeline
    const clip = yield* inQueue(clipId, "split")
    const video = yield* catalog.getVideo(clip.sourceVideoId)
    const meta = Option.flatMap(yield* spriteOf(clip.id), (a) => decodeMeta(a.metadata))
    const metadataFps = clip.processingMetadata["fps"]
    const plan = SplitPlan.plan(
      {
        ...clip,
        sourceFps: video.fps ?? (typeof metadataFps === "number" ? metadataFps : 30),
        fpsCandidates: [
          Option.getOrUndefined(meta)?.clip_fps_source,
          Option.getOrUndefined(meta)?.clip_fps,
          video.fps,
          typeof metadataFps === "number" ? metadataFps : undefined
        ]
      },
      frame,
      config.minSplitSegmentSeconds
    )
    if (Either.isLeft(plan)) return yield* new InvalidSplit({ clipId, frame, reason: plan.left })
    const at = yield* now
    return yield* catalog.withTransaction(
      Effect.zipLeft(
        move(clip, "select_split", "split", { reviewedAt: at }),
        catalog.appendEvents([
          {
            _tag: "selected_split",
            clipId,
            reviewerId: config.reviewerId,
            splitAtFrame: frame,
            absoluteFrame: plan.right.absoluteFrame,
            cutTime: plan.right.cutTime
          }
        ])
      )
    )
  })
