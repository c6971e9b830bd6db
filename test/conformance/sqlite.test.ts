import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as Sqlite from "@heaters/adapters/sqlite"
import { Effect, Layer } from "effect"
import { catalogSuite } from "./catalog.js"
import { leaseSuite } from "./leases.js"
import { crashSuite } from "./crash.js"
import { queueSuite } from "./queue.js"
import { searchSuite, vectorSuite } from "./search.js"
import { sqlSchemaSuite } from "./sql-schema.js"

const queue = { pollInterval: "20 millis", lockExpiration: "2 seconds", maxAttempts: 3, reviveAfter: "1 second" } as const

/** A fresh database file in a temp dir (removed afterwards). */
const freshFile = Effect.map(
  Effect.acquireRelease(
    Effect.sync(() => fs.mkdtempSync(path.join(os.tmpdir(), "heaters-sqlite-"))),
    (dir) => Effect.sync(() => fs.rmSync(dir, { recursive: true, force: true }))
  ),
  (dir) => path.join(dir, "heaters.db")
)

const fresh = () => Layer.unwrapScoped(Effect.map(freshFile, (filename) => Sqlite.layer({ filename, queue })))

catalogSuite("sqlite", fresh)
leaseSuite("sqlite", fresh)
searchSuite("sqlite", fresh)
vectorSuite("sqlite", fresh)
queueSuite("sqlite", fresh, queue)
crashSuite("sqlite", () => Effect.map(freshFile, (filename) => ({ target: filename, layer: Sqlite.layer({ filename, queue }) })))
sqlSchemaSuite("sqlite", fresh)
