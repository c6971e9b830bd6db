/**
 * `@heaters/adapters/postgres` — Catalog + pgvector Search + JobQueue for many machines, through
 * `@effect/sql-pg`. Same schema as SQLite plus a no-overlap exclusion constraint, `vector`
 * columns with per-model HNSW indexes and `updated_at` triggers.
 *
 * @example
 * import * as Postgres from "@heaters/adapters/postgres"
 * const Store = Postgres.layer({ url: process.env.DATABASE_URL! })
 *
 * @since 0.1.0
 */
import type { SqlClient } from "@effect/sql"
import { PgClient } from "@effect/sql-pg"
import type { ConfigError } from "effect"
import { Config, Effect, Layer, Redacted } from "effect"
import * as Dialect from "../sql/dialect.js"
import type * as SqlJobQueue from "../sql/JobQueue.js"
import type { LayerError, Services } from "../sql/layer.js"
import { layerFromClient as wire } from "../sql/layer.js"
import type { VectorIndex } from "./migrations.js"
import { migrations, vectorIndexStatement } from "./migrations.js"
import * as Rank from "./rank.js"

export type { VectorIndex } from "./migrations.js"
export { vectorIndexStatement } from "./migrations.js"

/**
 * Settings of the Postgres adapter: the connection (a URL or any other `PgClientConfig` field), the
 * job queue, the vector indexes to create and search tuning.
 *
 * @since 0.1.0
 */
export interface Options extends Omit<PgClient.PgClientConfig, "url"> {
  /** The connection URL (`postgres://user:pass@host/db`); the other `PgClientConfig` fields work too. */
  readonly url?: string | Redacted.Redacted
  /** Job queue settings (table, attempts, polling, locks); locks expire after 30 s unless set. */
  readonly queue?: SqlJobQueue.Options
  /**
   * Dimensions whose vectors get an HNSW index (created on start if missing); default 512, the
   * dimension of CLIP ViT-B/32 and B/16. A dimension without an index is searched exactly.
   */
  readonly vectorIndexes?: ReadonlyArray<VectorIndex>
  /** Search tuning: `hnsw.ef_search` and friends (see `docs/search.md`). */
  readonly search?: Rank.Options
}

/** The vector indexes created when `vectorIndexes` is not given: one HNSW index for 512-dimension vectors. @since 0.1.0 */
export const defaultVectorIndexes: ReadonlyArray<VectorIndex> = [{ dim: 512 }]

/**
 * Catalog + Search + JobQueue on an existing Postgres `SqlClient` (migrated on start).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerFromClient = (
  options: Pick<Options, "queue" | "vectorIndexes" | "search"> = {}
): Layer.Layer<Services, LayerError, SqlClient.SqlClient> =>
  wire({
    dialect: Dialect.pg,
    ranker: Rank.makeRanker(options.search),
    migrations,
    setup: (options.vectorIndexes ?? defaultVectorIndexes).map(vectorIndexStatement),
    queue: { lockExpiration: "30 seconds", ...options.queue }
  })

/**
 * Catalog + Search + JobQueue on a new connection pool (the `SqlClient` is provided too).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<Services | SqlClient.SqlClient, LayerError> => {
  const { queue, url, vectorIndexes, search, ...client } = options
  return layerFromClient({ queue, vectorIndexes, search }).pipe(
    Layer.provideMerge(
      PgClient.layer({ ...client, url: typeof url === "string" ? Redacted.make(url) : url })
    )
  )
}

/**
 * Like `layer`, reading the connection URL from config (default key `DATABASE_URL`).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  config: Config.Config<Options> = Config.map(Config.redacted("DATABASE_URL"), (url) => ({ url }))
): Layer.Layer<Services | SqlClient.SqlClient, LayerError | ConfigError.ConfigError> =>
  Layer.unwrapEffect(Effect.map(config, layer))
