/**
 * The Catalog port over `@effect/sql`: one implementation for SQLite and Postgres, with the
 * differences held by a `Dialect`. Guarded updates, Clock-stamped times and version bumps follow
 * the port's contract (packages/core/src/services/Catalog.ts).
 *
 * @since 0.1.0
 */
import { SqlClient, SqlError } from "@effect/sql"
import { Catalog } from "@heaters/core"
import { Effect } from "effect"
import * as Children from "./catalog/children.js"
import * as Clips from "./catalog/clips.js"
import { makeCtx } from "./catalog/context.js"
import * as Events from "./catalog/events.js"
import * as Leases from "./catalog/leases.js"
import * as Videos from "./catalog/videos.js"
import type { Dialect } from "./dialect.js"
import { orCatalogError } from "./errors.js"

/**
 * Builds the catalog on the `SqlClient` in context (the schema must be migrated already).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (dialect: Dialect): Effect.Effect<Catalog.CatalogShape, never, SqlClient.SqlClient> =>
  Effect.map(SqlClient.SqlClient, (sql) => {
    const ctx = makeCtx(sql, dialect)
    return Catalog.Catalog.of({
      ...Videos.make(ctx),
      ...Clips.make(ctx),
      ...Children.make(ctx),
      ...Events.make(ctx),
      ...Leases.make(ctx),
      // Nested calls become savepoints; every catalog call inside joins the same connection.
      withTransaction: (self) =>
        ctx.transaction(self).pipe(
          Effect.catchIf(
            (e): e is SqlError.SqlError => e instanceof SqlError.SqlError,
            (e) => orCatalogError("withTransaction")(Effect.fail(e))
          )
        )
    })
  })
