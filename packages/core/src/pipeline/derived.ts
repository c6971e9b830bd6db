/**
 * The objects derived from a clip — sheet, manifest, keyframes, exported file — which archive,
 * merge and split remove once the database no longer points at them (DB first, delete last).
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import type { Artifact } from "../domain/Artifact.js"
import type { Clip } from "../domain/Clip.js"
import { BlobStore } from "../services/BlobStore.js"

/** Every storage key a clip's artifact rows and export point at. @since 0.1.0 */
export const keysOf = (clip: Clip, artifacts: ReadonlyArray<Artifact>): Array<string> => {
  const keys = artifacts.flatMap((a) => {
    const vtt = a.metadata["vtt_key"]
    return typeof vtt === "string" ? [a.key, vtt] : [a.key]
  })
  if (clip.exportKey !== null) keys.push(clip.exportKey)
  return Array.from(new Set(keys.map((k) => k.replace(/^\/+/, ""))))
}

/** Deletes objects, logging instead of failing: the rows are already gone, a leftover is only garbage. @since 0.1.0 */
export const deleteQuietly = (keys: ReadonlyArray<string>) =>
  keys.length === 0
    ? Effect.void
    : Effect.flatMap(BlobStore, (blobs) => blobs.delete(keys)).pipe(
        Effect.catchAll((error) => Effect.logWarning(`could not delete superseded objects: ${error.message}`))
      )
