/**
 * Two processes on one SQLite file: a job offered while another connection holds the write lock
 * waits for it instead of failing with SQLITE_BUSY. The offer's read-then-insert transaction cannot
 * upgrade its lock while another writer holds one, and SQLite refuses that at once, without
 * waiting `busy_timeout` (without the retry this test fails within a fraction of a second).
 */
import * as fs from "node:fs"
import { createRequire } from "node:module"
import * as os from "node:os"
import * as path from "node:path"
import * as Sqlite from "@heaters/adapters/sqlite"
import { Ids, JobQueue } from "@heaters/core"
import { Effect } from "effect"
import { afterEach, expect, it } from "vitest"

/** The driver the SQLite adapter uses, as a second connection (it ships no type declarations). */
const Database = createRequire(import.meta.url)("better-sqlite3") as new (filename: string) => { exec(sql: string): void; close(): void }

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "heaters-busy-"))
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

it("an offer outlasts another connection's write lock", async () => {
  const filename = path.join(dir, "heaters.db")
  const offered = Effect.gen(function*() {
    const queue = yield* JobQueue.JobQueue
    // Migrated and ready; now another "process" takes the write lock for 1.5 s.
    const other = new Database(filename)
    other.exec("BEGIN IMMEDIATE")
    const release = setTimeout(() => {
      other.exec("COMMIT")
      other.close()
    }, 1_500)
    const started = Date.now()
    const fresh = yield* queue.offer("download", new JobQueue.Ingest({ videoId: Ids.unsafe.video(1), version: 1 })).pipe(
      Effect.ensuring(Effect.sync(() => clearTimeout(release)))
    )
    return { fresh, waited: Date.now() - started }
  })
  const result = await Effect.runPromise(Effect.scoped(Effect.provide(offered, Sqlite.layer({ filename }))))
  expect(result.fresh).toBe(true)
  expect(result.waited).toBeGreaterThanOrEqual(1_000)
}, 30_000)
