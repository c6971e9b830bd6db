/**
 * Scoped temp directories: created on acquire, removed (recursively) when the scope closes —
 * whether the operation succeeded, failed or was interrupted.
 *
 * @since 0.1.0
 */
import { mkdir, rm } from "node:fs/promises"
import type { Scope } from "effect"
import { Effect } from "effect"
import { makeOwned } from "../scratch/sweep.js"

/** Prefixes of the ffmpeg adapter's scratch directories (swept when the layer is built). @since 0.1.0 */
export const SCRATCH_PREFIXES = ["heaters-master-", "heaters-tiles-", "heaters-sheet-", "heaters-keyframes-", "heaters-export-"] as const

/** @since 0.1.0 */
export const tempDir = (root: string, prefix: string): Effect.Effect<string, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.promise(async () => {
      await mkdir(root, { recursive: true })
      // Named after this process, so a later start can remove it if we are killed (scratch/sweep.ts).
      return makeOwned(root, prefix)
    }),
    (dir) => Effect.promise(() => rm(dir, { recursive: true, force: true }))
  )
