/**
 * The per-call working directory: created in the caller's scope, removed when it closes, emptied
 * between attempts, and searched for the downloaded file.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import type { Scope } from "effect"
import { mkdir, readdir, rm, stat } from "node:fs/promises"
import { tmpdir } from "node:os"
import { extname, join } from "node:path"
import { makeOwned } from "../scratch/sweep.js"
import { MEDIA_EXTENSIONS } from "./url.js"

/** The prefix of every directory this adapter creates, so leftovers are recognisable. @since 0.1.0 */
export const TEMP_PREFIX = "heaters-fetch-"

const remove = (dir: string) =>
  Effect.promise(() => rm(dir, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined))

/**
 * A fresh directory under `root` (default: the OS temp dir; created if missing), removed when the scope closes —
 * after success, failure or interruption alike.
 *
 * @since 0.1.0
 */
export const makeTempDir = (root?: string): Effect.Effect<string, Error, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.tryPromise({
      try: async () => {
        const parent = root ?? tmpdir()
        // A configured parent may not exist yet (first run, fresh volume): create it.
        await mkdir(parent, { recursive: true })
        // Named after this process, so a later start can remove it if we are killed (scratch/sweep.ts).
        return makeOwned(parent, TEMP_PREFIX)
      },
      catch: (error) => (error instanceof Error ? error : new Error(String(error)))
    }),
    remove
  )

/**
 * Deletes everything inside `dir`: a failed attempt's partial files must not be mistaken for the
 * next attempt's output (docs/pipeline.md#ingest).
 *
 * @since 0.1.0
 */
export const emptyDir = (dir: string): Effect.Effect<void> =>
  Effect.promise(async () => {
    const entries = await readdir(dir).catch(() => [] as Array<string>)
    await Promise.all(entries.map((name) => rm(join(dir, name), { recursive: true, force: true }).catch(() => undefined)))
  })

/**
 * The largest finished media file in `dir` (by extension; `.part`, info and thumbnail files are
 * ignored), or null. The fallback when yt-dlp's info does not name the file.
 *
 * @since 0.1.0
 */
export const largestMediaFile = (dir: string): Effect.Effect<string | null> =>
  Effect.promise(async () => {
    const entries = await readdir(dir).catch(() => [] as Array<string>)
    let best: { path: string; size: number } | null = null
    for (const name of entries) {
      const ext = extname(name).slice(1).toLowerCase()
      if (!MEDIA_EXTENSIONS.includes(ext)) continue
      const path = join(dir, name)
      const info = await stat(path).catch(() => null)
      if (info !== null && info.isFile() && info.size > 0 && (best === null || info.size > best.size)) {
        best = { path, size: info.size }
      }
    }
    return best?.path ?? null
  })

/**
 * The size of a file in bytes, or null when it does not exist.
 *
 * @since 0.1.0
 */
export const fileSize = (path: string): Effect.Effect<number | null> =>
  Effect.promise(() => stat(path).then((s) => (s.isFile() ? s.size : null), () => null))
