/**
 * What every catalog module shares: the client, the dialect, the row mappers and the clock.
 *
 * @since 0.1.0
 */
import { SqlClient } from "@effect/sql"
import type { SqlError } from "@effect/sql"
import type { Catalog } from "@heaters/core"
import { Clock, Effect, Option } from "effect"
import type { Dialect } from "../dialect.js"
import type { Rows } from "../rows.js"
import { makeRows } from "../rows.js"

/** @since 0.1.0 */
export interface Ctx {
  readonly sql: SqlClient.SqlClient
  readonly dialect: Dialect
  readonly rows: Rows
  /** Times come from Effect's `Clock`, never SQL `now()`, so `TestClock` drives them. */
  readonly now: Effect.Effect<Date>
  /** `sql.withTransaction`, checking deferred constraints before the outermost commit. */
  readonly transaction: <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E | SqlError.SqlError, R>
}

/** @since 0.1.0 */
export const makeCtx = (sql: SqlClient.SqlClient, dialect: Dialect): Ctx => ({
  sql,
  dialect,
  rows: makeRows(dialect),
  now: Effect.map(Clock.currentTimeMillis, (ms) => new Date(ms)),
  transaction: (self) =>
    Effect.flatMap(Effect.serviceOption(SqlClient.TransactionConnection), (outer) =>
      sql.withTransaction(
        Option.isNone(outer) && dialect.checkDeferred !== undefined
          ? Effect.tap(self, () => sql.unsafe(dialect.checkDeferred!))
          : self
      ))
})

/** `WHERE` clauses of a `Catalog.Query` (shared by videos and clips). @since 0.1.0 */
export const queryClauses = <S extends string>(ctx: Ctx, q: Catalog.Query<S>) => {
  const { dialect, sql } = ctx
  const clauses = []
  if (q.states !== undefined) clauses.push(q.states.length === 0 ? sql`1 = 0` : sql.in("ingest_state", q.states))
  if (q.retriesBelow !== undefined) clauses.push(sql`retry_count < ${q.retriesBelow}`)
  if (q.updatedBefore !== undefined) clauses.push(sql`updated_at <= ${dialect.time(q.updatedBefore)}`)
  if (q.afterId !== undefined) clauses.push(sql`id > ${q.afterId}`)
  if (q.leased !== undefined) clauses.push(q.leased ? sql`lease_owner IS NOT NULL` : sql`lease_owner IS NULL`)
  if (q.leaseExpiredBy !== undefined) {
    clauses.push(sql`lease_owner IS NOT NULL AND lease_expires_at <= ${dialect.time(q.leaseExpiredBy)}`)
  }
  return clauses
}

/** `LIMIT n` or nothing. @since 0.1.0 */
export const limitOf = (ctx: Ctx, limit: number | undefined) =>
  limit === undefined ? ctx.sql.literal("") : ctx.sql.literal(`LIMIT ${Math.max(0, Math.floor(limit))}`)

/**
 * The guard of a conditional update (docs/state-machines.md#guarded-updates): the row must still be in one of the
 * allowed states, at the expected version, with `reviewed_at` (not) set.
 *
 * @since 0.1.0
 */
export const guardClauses = <S extends string>(ctx: Ctx, id: number, guard: Catalog.Guard<S>) => {
  const { sql } = ctx
  const clauses = [sql`id = ${id}`, sql.in("ingest_state", guard.states)]
  if (guard.version !== undefined) clauses.push(sql`version = ${guard.version}`)
  if (guard.reviewed !== undefined) clauses.push(guard.reviewed ? sql`reviewed_at IS NOT NULL` : sql`reviewed_at IS NULL`)
  return sql.and(clauses)
}
