/**
 * Export (docs/architecture.md#rule-5-clips-are-ranges-files-are-derived): a clip's own MP4 is made only when a host asks for it —
 * typically for approved clips — and stored under its deterministic key.
 *
 * @since 0.1.0
 */
import { Effect, Option } from "effect"
import type * as Clip from "../domain/Clip.js"
import { ReviewConflict } from "../domain/errors.js"
import type { ClipId } from "../domain/Ids.js"
import * as ExportPlan from "../plans/export.js"
import * as Keys from "../plans/keys.js"
import { BlobStore } from "../services/BlobStore.js"
import { Catalog } from "../services/Catalog.js"
import { Media } from "../services/Media.js"
import { masterPath } from "./master.js"

/**
 * States in which a clip can be exported: settled ones. Superseded clips have no range of their
 * own any more, and a clip a stage is working on would lose that stage's claim.
 *
 * @since 0.1.0
 */
export const exportable: ReadonlyArray<Clip.State> = [
  "pending_review",
  "review_approved",
  "review_skipped",
  "keyframed",
  "keyframe_failed",
  "embedded",
  "embedding_failed"
]

/** Exports the clip and returns the storage key of its file. @since 0.1.0 */
export const run = (clipId: ClipId) =>
  Effect.scoped(
    Effect.gen(function* () {
      const catalog = yield* Catalog
      const clip = yield* catalog.getClip(clipId)
      const refuse = (state: string) =>
        new ReviewConflict({ clipId, action: "export", state, reason: "only settled clips can be exported (try again once its stage is done)" })
      if (!exportable.includes(clip.state)) return yield* refuse(clip.state)
      const video = yield* catalog.getVideo(clip.sourceVideoId)
      const path = yield* masterPath(video)
      const file = yield* Effect.flatMap(Media, (media) => media.exportClip(path, ExportPlan.plan(clip, video.fps ?? 30)))
      const key = Keys.exported(clip.sourceVideoId, clip.identifier)
      yield* Effect.flatMap(BlobStore, (blobs) => blobs.putFile(key, file, "video/mp4"))
      const updated = yield* catalog.updateClip(clip.id, { states: exportable, version: clip.version }, { exportKey: key })
      if (Option.isNone(updated)) return yield* refuse((yield* catalog.getClip(clipId)).state)
      return key
    })
  )
