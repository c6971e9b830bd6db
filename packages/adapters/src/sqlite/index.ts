/**
 * `@heaters/adapters/sqlite` — the embedded default: Catalog + Search + durable JobQueue in one
 * SQLite file (WAL) through `@effect/sql-sqlite-node` (better-sqlite3).
 *
 * @example
 * import * as Sqlite from "@heaters/adapters/sqlite"
 * const Store = Sqlite.layer({ filename: "data/heaters.db" })
 *
 * @since 0.1.0
 */
import * as fs from "node:fs"
import * as path from "node:path"
import type { SqlClient } from "@effect/sql"
import { SqliteClient } from "@effect/sql-sqlite-node"
import type { ConfigError } from "effect"
import { Config, Effect, Layer } from "effect"
import * as Dialect from "../sql/dialect.js"
import type * as SqlJobQueue from "../sql/JobQueue.js"
import type { LayerError, Services } from "../sql/layer.js"
import { layerFromClient as wire } from "../sql/layer.js"
import * as Rank from "./search.js"
import { migrations } from "./migrations.js"

/** Settings of the SQLite adapter: the database file, the job queue and search tuning. @since 0.1.0 */
export interface Options {
  /** The database file; its directory is created if missing. */
  readonly filename: string
  /** Job queue settings (table, attempts, polling, locks). */
  readonly queue?: SqlJobQueue.Options
  /** Short-list sizing of the in-process vector index (see `docs/search.md`). */
  readonly search?: Rank.Options
}

/**
 * Per-connection settings: foreign keys are off by default in SQLite; `synchronous = NORMAL` is
 * the usual WAL setting (durable across process crashes, one fsync per checkpoint instead of per
 * commit) and keeps a review action well under a few milliseconds.
 */
const setup = ["PRAGMA foreign_keys = ON", "PRAGMA synchronous = NORMAL", "PRAGMA busy_timeout = 5000"]

/**
 * Catalog + Search + JobQueue on an existing SQLite `SqlClient` (migrated on start).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerFromClient = (options: Omit<Options, "filename"> = {}): Layer.Layer<Services, LayerError, SqlClient.SqlClient> =>
  wire({
    dialect: Dialect.sqlite,
    ranker: Rank.makeRanker(options.search),
    migrations,
    setup,
    // A job held by a crashed worker goes back to the queue after 30 s (as the row's lease), not 2 min.
    queue: { lockExpiration: "30 seconds", ...options.queue }
  })

/**
 * Catalog + Search + JobQueue in one SQLite file. The `SqlClient` is provided too, for hosts that
 * want to run their own queries on the same connection.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<Services | SqlClient.SqlClient, LayerError> =>
  layerFromClient(options).pipe(
    Layer.provideMerge(
      Layer.unwrapEffect(
        Effect.sync(() => {
          fs.mkdirSync(path.dirname(path.resolve(options.filename)), { recursive: true })
          // The client declares a ConfigError it cannot raise (no config is read).
          return Layer.orDie(SqliteClient.layer({ filename: options.filename }))
        })
      )
    )
  )

/**
 * Like `layer`, reading the file name from config (default key `HEATERS_SQLITE_FILE`).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  config: Config.Config<Options> = Config.map(Config.string("HEATERS_SQLITE_FILE"), (filename) => ({ filename }))
): Layer.Layer<Services | SqlClient.SqlClient, LayerError | ConfigError.ConfigError> =>
  Layer.unwrapEffect(Effect.map(config, layer))
