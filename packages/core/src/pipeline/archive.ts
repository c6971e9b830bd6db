/**
 * Archive (docs/pipeline.md#archive): delete an archived clip's derived objects (never the master),
 * counting every per-key failure as a failure, then its artifact and embedding rows, and end in
 * `archived`. The clip row stays for the audit trail.
 *
 * @since 0.1.0
 */
import { Effect, Option } from "effect"
import type { ClipId } from "../domain/Ids.js"
import { BlobStore } from "../services/BlobStore.js"
import { Catalog } from "../services/Catalog.js"
import { keysOf } from "./derived.js"
import * as Progress from "./Progress.js"
import { describe, now, transitionClip } from "./rows.js"

/** @since 0.1.0 */
export const run = (clipId: ClipId, version?: number) =>
  Effect.gen(function* () {
    const catalog = yield* Catalog
    const clip = yield* catalog.getClip(clipId)
    if (clip.state !== "review_archived" && clip.state !== "archive_failed") return Option.none()
    if (version !== undefined && clip.version !== version) return Option.none()
    const keys = keysOf(clip, yield* catalog.listArtifacts(clip.id))
    const deleted = yield* Effect.either(Effect.flatMap(BlobStore, (blobs) => blobs.delete(keys)))
    if (deleted._tag === "Left") {
      const reason = `Deletion failed: ${describe(deleted.left)}`
      yield* transitionClip(clip.id, "fail_archive", { lastError: reason, retryCount: clip.retryCount + 1 }, clip.version)
      yield* Progress.report({ stage: "archive", entity: "clip", id: clip.id, status: "failed", message: reason })
      return Option.none()
    }
    const at = yield* now
    const done = yield* catalog.withTransaction(
      Effect.zipRight(
        Effect.all([catalog.deleteArtifacts(clip.id), catalog.deleteEmbeddings(clip.id)]),
        transitionClip(clip.id, "complete_archive", { actionCommittedAt: at, lastError: null }, clip.version)
      )
    )
    yield* Progress.report({ stage: "archive", entity: "clip", id: clip.id, status: "done" })
    return done
  })
