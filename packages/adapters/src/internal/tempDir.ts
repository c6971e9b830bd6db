/**
 * The one scoped temporary directory of this package: created on acquire (its parent too, when a
 * configured root does not exist yet), removed recursively when the scope closes — after success,
 * failure or interruption alike (docs/architecture.md#processes-files-and-binaries).
 *
 * @since 0.1.0
 */
import { Errors } from "@heaters/core"
import type { Scope } from "effect"
import { Effect, Schema } from "effect"
import { mkdir, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { makeOwned } from "../scratch/sweep.js"

/** The temporary directory could not be created (full disk, read-only or missing permissions). @since 0.1.0 */
export class TempDirFailed extends Schema.TaggedError<TempDirFailed>()("TempDirFailed", {
  root: Schema.String,
  reason: Schema.String,
  cause: Schema.optional(Schema.Defect)
}) {
  override get message() {
    return `cannot create a temporary directory under ${this.root}: ${this.reason}`
  }
}

/**
 * A fresh directory `<root>/<prefix><pid>.<host>-XXXXXX` (root: the OS temp dir by default), removed
 * with everything in it when the scope closes. Named after this process, so that a later start can
 * sweep it away if this process is killed before its scope closes (`scratch/sweep.ts`).
 *
 * @since 0.1.0
 */
export const tempDir = (prefix: string, root?: string): Effect.Effect<string, TempDirFailed, Scope.Scope> => {
  const parent = root ?? tmpdir()
  return Effect.acquireRelease(
    Effect.tryPromise({
      try: async () => {
        await mkdir(parent, { recursive: true })
        return makeOwned(parent, prefix)
      },
      catch: (cause) => new TempDirFailed({ root: parent, reason: Errors.describe(cause), cause })
    }),
    // A child that is still being killed may hold a file open for a moment: retry the removal.
    (dir) => Effect.promise(() => rm(dir, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined))
  )
}
