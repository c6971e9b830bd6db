/**
 * The per-call working directory (created with the package's scoped `tempDir`, prefix
 * `TEMP_PREFIX`): emptied between attempts, and searched for the downloaded file.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { readdir, rm, stat } from "node:fs/promises"
import { extname, join } from "node:path"
import { MEDIA_EXTENSIONS } from "./url.js"

/** The prefix of every directory this adapter creates, so leftovers are recognisable. @since 0.1.0 */
export const TEMP_PREFIX = "heaters-fetch-"

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
