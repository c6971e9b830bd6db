/**
 * The review and clip endpoints: the queue, actions, one clip, its history, export and retry.
 *
 * @since 0.1.0
 */
import { HttpApiBuilder } from "@effect/platform"
import { BlobStore, Errors, Heaters } from "@heaters/core"
import { Effect, Option } from "effect"
import { HeatersApi } from "../api/definition.js"
import { api } from "../api/errors.js"
import { clipId } from "../api/schemas.js"
import { reviewItem } from "../reviewItems.js"

/** @since 0.1.0 */
export const ReviewLive = HttpApiBuilder.group(HeatersApi, "review", (handlers) =>
  handlers
    .handle("next", ({ urlParams }) =>
      api(
        Effect.gen(function* () {
          const heaters = yield* Heaters.Heaters
          const next = yield* heaters.review.next({ limit: urlParams.limit ?? 6, excludeIds: (urlParams.exclude ?? []).map(clipId) })
          const items = yield* Effect.forEach(next, (i) => reviewItem(i.clip.id))
          return { items, pending: yield* heaters.review.pending }
        })
      )
    )
    .handle("act", ({ path, payload }) =>
      api(
        Effect.gen(function* () {
          const heaters = yield* Heaters.Heaters
          const clips = yield* heaters.review.act(clipId(path.id), payload)
          return { clips, pending: yield* heaters.review.pending }
        })
      )
    )
)

/** @since 0.1.0 */
export const ClipsLive = HttpApiBuilder.group(HeatersApi, "clips", (handlers) =>
  handlers
    .handle("get", ({ path }) => api(reviewItem(clipId(path.id))))
    .handle("history", ({ path }) =>
      api(
        Effect.gen(function* () {
          const heaters = yield* Heaters.Heaters
          const events = yield* heaters.review.history(clipId(path.id))
          return events.map(({ _tag, id, clipId, reviewerId, createdAt, processedAt, cancelledAt, ...details }) => ({
            id,
            clipId,
            action: _tag,
            reviewerId,
            createdAt,
            processedAt,
            cancelledAt,
            details: details as Record<string, unknown>
          }))
        })
      )
    )
    .handle("export", ({ path }) =>
      api(
        Effect.gen(function* () {
          const heaters = yield* Heaters.Heaters
          const clip = yield* heaters.clip(clipId(path.id))
          const blobs = yield* BlobStore.BlobStore
          // Exported once, then served from storage: the key is kept on the clip.
          const existing = clip.exportKey !== null && (yield* blobs.size(clip.exportKey))._tag === "Some"
          const key = existing && clip.exportKey !== null ? clip.exportKey : yield* heaters.exportClip(clip.id)
          return { key, url: yield* blobs.url(key) }
        })
      )
    )
    .handle("retry", ({ path }) =>
      api(
        Effect.gen(function* () {
          const heaters = yield* Heaters.Heaters
          const row = yield* heaters.retry.clip(clipId(path.id))
          if (Option.isSome(row)) return row.value
          const clip = yield* heaters.clip(clipId(path.id))
          return yield* new Errors.ReviewConflict({ clipId: clip.id, action: "retry", state: clip.state, reason: "only a failed clip can be retried" })
        })
      )
    )
)
