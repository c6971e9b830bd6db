/**
 * Scoped temp directories: created on acquire, removed (recursively) when the scope closes —
 * whether the operation succeeded, failed or was interrupted.
 *
 * @since 0.1.0
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises"
import { join } from "node:path"
import type { Scope } from "effect"
import { Effect } from "effect"

/** @since 0.1.0 */
export const tempDir = (root: string, prefix: string): Effect.Effect<string, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.promise(async () => {
      await mkdir(root, { recursive: true })
      return mkdtemp(join(root, prefix))
    }),
    (dir) => Effect.promise(() => rm(dir, { recursive: true, force: true }))
  )
