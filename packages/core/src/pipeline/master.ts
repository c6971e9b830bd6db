/**
 * Access to a video's master file for the stages that read it.
 *
 * @since 0.1.0
 */
import type { Scope } from "effect"
import { Effect } from "effect"
import type { SourceVideo } from "../domain/SourceVideo.js"
import { type BlobError, type BlobNotFound, BlobStore } from "../services/BlobStore.js"
import { InvalidMediaRequest } from "../services/Media.js"

/** A local path of the master, valid for the current scope. @since 0.1.0 */
export const masterPath = (
  video: SourceVideo
): Effect.Effect<string, InvalidMediaRequest | BlobNotFound | BlobError, BlobStore | Scope.Scope> =>
  video.masterKey === null
    ? Effect.fail(new InvalidMediaRequest({ operation: "read master", reason: `source video ${video.id} has no master yet` }))
    : Effect.flatMap(BlobStore, (blobs) => blobs.localPath(video.masterKey!))
