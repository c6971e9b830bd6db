/**
 * Scratch directories that say who made them, and a sweep of the ones whose maker is gone.
 *
 * An adapter's scratch directory (ffmpeg tiles and masters, yt-dlp downloads, …) is removed when
 * its scope closes, but a process killed with SIGKILL runs no finalizer and leaves it behind. So
 * every such directory is named `<prefix><pid>.<host tag>-<random>`, and an adapter sweeps its own
 * prefixes when its layer is built (a worker starting): a directory whose process no longer exists
 * on this host is removed. Directories of live processes, of other hosts (a shared temp root) and
 * without a pid (older releases) are left alone (docs/RELIABILITY.md, "Scratch directories").
 *
 * @since 0.1.0
 */
import { mkdtemp, readdir, rm } from "node:fs/promises"
import { hostname } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { processExists } from "../internal/process.js"

/** A short tag of this host's name (FNV-1a, base 36): only `[0-9a-z]`, safe in a file name. */
const hostTag = (name: string): string => {
  let h = 0x811c9dc5
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0
  return h.toString(36)
}

const thisHost = hostTag(hostname())

/**
 * The name start of a scratch directory this process makes under `prefix`:
 * `<prefix><pid>.<host tag>-`, which `mkdtemp` completes with random characters.
 *
 * @since 0.1.0
 */
export const ownedPrefix = (prefix: string, pid: number = process.pid): string => `${prefix}${pid}.${thisHost}-`

/**
 * Creates a fresh scratch directory under `root` named with `ownedPrefix(prefix)`.
 *
 * @since 0.1.0
 */
export const makeOwned = (root: string, prefix: string): Promise<string> => mkdtemp(join(root, ownedPrefix(prefix)))


/** The pid that made directory `name` under `prefix` on this host, or null (not ours to judge). */
const ownerOf = (name: string, prefix: string): number | null => {
  if (!name.startsWith(prefix)) return null
  const match = /^(\d+)\.([0-9a-z]+)-/.exec(name.slice(prefix.length))
  if (match === null || match[2] !== thisHost) return null
  const pid = Number(match[1])
  return Number.isSafeInteger(pid) && pid > 0 ? pid : null
}

/**
 * Removes the scratch directories under `root` with one of `prefixes` whose process is gone from
 * this host; returns their paths. Never fails: an unreadable root or a directory that cannot be
 * removed is skipped (the next start tries again).
 *
 * @since 0.1.0
 */
export const sweep = (root: string, prefixes: ReadonlyArray<string>): Effect.Effect<ReadonlyArray<string>> =>
  Effect.promise(async () => {
    const entries = await readdir(root).catch(() => [] as Array<string>)
    const removed: Array<string> = []
    for (const name of entries) {
      for (const prefix of prefixes) {
        const pid = ownerOf(name, prefix)
        if (pid === null || pid === process.pid || processExists(pid)) continue
        const path = join(root, name)
        const ok = await rm(path, { recursive: true, force: true, maxRetries: 2 }).then(() => true, () => false)
        if (ok) removed.push(path)
        break
      }
    }
    return removed
  }).pipe(
    Effect.tap((removed) => (removed.length > 0 ? Effect.logInfo(`removed ${removed.length} scratch directories of gone processes`, removed) : Effect.void))
  )
