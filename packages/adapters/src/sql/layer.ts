/**
 * Wires the shared SQL services onto a client layer: migrate first, then Catalog + Search +
 * JobQueue over the same `SqlClient` (so a job offered inside `Catalog.withTransaction` commits or
 * rolls back with the catalog writes — the event processor's exactly-once rule, docs/review.md#grace-period-and-commit).
 *
 * @since 0.1.0
 */
import type { SqlError } from "@effect/sql"
import { SqlClient } from "@effect/sql"
import type { Migrator } from "@effect/sql"
import { Catalog, JobQueue, Search } from "@heaters/core"
import { Effect, Layer } from "effect"
import * as SqlCatalog from "./Catalog.js"
import type { Dialect } from "./dialect.js"
import * as SqlJobQueue from "./JobQueue.js"
import type { Statements } from "./schema.js"
import { migrate } from "./schema.js"
import * as SqlSearch from "./Search.js"

/** What an SQL adapter layer provides. @since 0.1.0 */
export type Services = Catalog.Catalog | Search.Search | JobQueue.JobQueue

/** @since 0.1.0 */
export type LayerError = SqlError.SqlError | Migrator.MigrationError | JobQueue.QueueError

/** @since 0.1.0 */
export interface Wiring {
  readonly dialect: Dialect
  readonly ranker: SqlSearch.MakeRanker
  readonly migrations: Record<string, Statements>
  /** Statements run on every start after migrating (session settings, idempotent indexes). */
  readonly setup?: Statements
  readonly queue?: SqlJobQueue.Options
}

/**
 * The services on an existing `SqlClient` (migrated on start).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerFromClient = (wiring: Wiring): Layer.Layer<Services, LayerError, SqlClient.SqlClient> => {
  const ready = Layer.effectDiscard(
    Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      yield* migrate(wiring.migrations)
      yield* Effect.forEach(wiring.setup ?? [], (s) => sql.unsafe(s), { discard: true })
    })
  )
  const services = Layer.mergeAll(
    Layer.effect(Catalog.Catalog, SqlCatalog.make(wiring.dialect)),
    Layer.scoped(Search.Search, SqlSearch.make(wiring.dialect, wiring.ranker)),
    Layer.scoped(JobQueue.JobQueue, SqlJobQueue.make(wiring.queue))
  )
  return Layer.provide(services, Layer.merge(ready, Layer.context<SqlClient.SqlClient>()))
}
