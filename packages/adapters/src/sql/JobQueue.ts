/**
 * The JobQueue port on `@effect/experimental` `PersistedQueue` with `@effect/sql`'s
 * `SqlPersistedQueue` store (SQLite on one machine; Postgres with `FOR UPDATE SKIP LOCKED` and lock
 * expiry for many). What we add around it, and why, is in README.md beside this file:
 *
 * - `offer` reports whether the job was enqueued (the store only says "done"), exactly: the check
 *   and the insert run in one transaction, serialised per id on Postgres by an advisory lock. A
 *   job dropped after `maxAttempts` is revived with its counts reset (see the port).
 * - the table is created by us first (same columns, `id TEXT` instead of `VARCHAR(36)`, plus
 *   `deliveries`), so long job ids fit and a delivery lost to a crashed worker counts as an attempt
 *   (the store only counts failures, so a job that kills its worker would loop for ever).
 * - `size` reads the table (the store has no size).
 *
 * @since 0.1.0
 */
import { PersistedQueue } from "@effect/experimental"
import { SqlClient, SqlPersistedQueue } from "@effect/sql"
import { JobQueue } from "@heaters/core"
import type { Scope } from "effect"
import { Duration, Effect, Option, ParseResult, Schedule } from "effect"

/** @since 0.1.0 */
export interface Options {
  /** Table of the store; default `heaters_jobs`. */
  readonly tableName?: string
  /** Deliveries (failed or lost) after which a job is abandoned; default 5. */
  readonly maxAttempts?: number
  /** How long after its last failure a dropped job may be offered again; default 30 s. */
  readonly reviveAfter?: Duration.DurationInput
  /** How often an idle taker polls; default 100 ms. */
  readonly pollInterval?: Duration.DurationInput
  /** A held job whose lock was not refreshed for this long goes back to the queue; default 2 min. */
  readonly lockExpiration?: Duration.DurationInput
  /** How often a live worker refreshes its locks; default a quarter of `lockExpiration`. */
  readonly lockRefreshInterval?: Duration.DurationInput
}

const createTable = (sql: SqlClient.SqlClient, table: string) =>
  sql.onDialectOrElse({
    pg: () =>
      sql`CREATE TABLE IF NOT EXISTS ${sql(table)} (
        sequence SERIAL PRIMARY KEY, id TEXT NOT NULL, queue_name VARCHAR(100) NOT NULL, element TEXT NOT NULL,
        completed BOOLEAN NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, last_failure TEXT NULL,
        acquired_at TIMESTAMP NULL, acquired_by UUID NULL, created_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL, deliveries INTEGER NOT NULL DEFAULT 0)`,
    orElse: () =>
      sql`CREATE TABLE IF NOT EXISTS ${sql(table)} (
        sequence INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL, queue_name TEXT NOT NULL, element TEXT NOT NULL,
        completed BOOLEAN NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, last_failure TEXT NULL,
        acquired_at DATETIME NULL, acquired_by TEXT NULL, created_at DATETIME NOT NULL,
        updated_at DATETIME NOT NULL, deliveries INTEGER NOT NULL DEFAULT 0)`
  })

const queueError = (operation: string) => (error: unknown) =>
  new JobQueue.QueueError({
    operation,
    reason: error instanceof Error ? error.message : String(error)
  })

/** Whether an error (or one of its causes) is SQLite's SQLITE_BUSY / SQLITE_BUSY_SNAPSHOT. */
const isBusy = (error: unknown): boolean => {
  for (let e: unknown = error, depth = 0; e !== null && typeof e === "object" && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    if (String((e as { code?: unknown }).code ?? "").startsWith("SQLITE_BUSY")) return true
  }
  return false
}

const busyRetry = Schedule.exponential("20 millis").pipe(Schedule.jittered, Schedule.upTo("10 seconds"))

/**
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  options: Options = {}
): Effect.Effect<JobQueue.JobQueueShape, JobQueue.QueueError, SqlClient.SqlClient | Scope.Scope> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const table = options.tableName ?? "heaters_jobs"
    const maxAttempts = options.maxAttempts ?? 5
    const lockExpiration = Duration.decode(options.lockExpiration ?? Duration.minutes(2))
    const reviveSeconds = Duration.toSeconds(options.reviveAfter ?? Duration.seconds(30))
    // The store stamps updated_at with the database's clock: compare against the same clock.
    const revivable = sql.onDialectOrElse({
      pg: () => sql`updated_at < NOW() - make_interval(secs => ${reviveSeconds})`,
      orElse: () => sql`updated_at < datetime(CURRENT_TIMESTAMP, ${`-${reviveSeconds} seconds`})`
    })
    yield* createTable(sql, table)
    const store = yield* SqlPersistedQueue.make({
      tableName: table,
      pollInterval: options.pollInterval ?? Duration.millis(100),
      lockExpiration,
      lockRefreshInterval: options.lockRefreshInterval ?? Duration.times(lockExpiration, 0.25)
    })
    const factory = yield* Effect.provideService(PersistedQueue.makeFactory, PersistedQueue.PersistedQueueStore, store)
    const queues = new Map<string, PersistedQueue.PersistedQueue<JobQueue.Job>>()
    for (const name of JobQueue.QueueName.literals) {
      queues.set(name, yield* factory.make({ name, schema: JobQueue.Job }))
    }
    const queue = (name: JobQueue.QueueName) => queues.get(name)!

    const serialise = (id: string) =>
      sql.onDialectOrElse({ pg: () => sql`SELECT pg_advisory_xact_lock(hashtext(${id}))`, orElse: () => Effect.void })

    const offer = (name: JobQueue.QueueName, job: JobQueue.Job) => {
      const id = JobQueue.idOf(job)
      const once = Effect.gen(function*() {
        yield* serialise(id)
        const [seen] = yield* sql<{ completed: unknown; attempts: unknown; deliveries: unknown; revivable: unknown }>`
          SELECT completed, attempts, deliveries, ${revivable} AS revivable FROM ${sql(table)} WHERE id = ${id}`
        if (seen === undefined) {
          yield* queue(name).offer(job, { id })
          return true
        }
        const dropped = !seen.completed && Math.max(Number(seen.attempts), Number(seen.deliveries) - 1) >= maxAttempts
        if (!dropped || !seen.revivable) return false
        yield* sql`UPDATE ${sql(table)} SET attempts = 0, deliveries = 0, acquired_at = NULL, acquired_by = NULL
          WHERE id = ${id}`
        return true
      }).pipe(sql.withTransaction)
      // On its own (not inside a caller's transaction) the offer is retried while SQLite reports
      // SQLITE_BUSY: its read-then-insert transaction loses the write lock to another process that
      // committed since the read, which busy_timeout cannot wait out (the chaos test met it).
      return Effect.flatMap(Effect.serviceOption(SqlClient.TransactionConnection), (outer) =>
        Option.isSome(outer) ? once : Effect.retry(once, { while: isBusy, schedule: busyRetry })).pipe(Effect.mapError(queueError("offer")))
    }

    const take = <A, E, R>(
      name: JobQueue.QueueName,
      handle: (job: JobQueue.Job, delivery: JobQueue.Delivery) => Effect.Effect<A, E, R>
    ): Effect.Effect<A, E | JobQueue.QueueError, R> =>
      queue(name).take(
        (job, meta) =>
          Effect.gen(function*() {
            const [row] = yield* sql<{ deliveries: number }>`
              UPDATE ${sql(table)} SET deliveries = deliveries + 1 WHERE id = ${meta.id} RETURNING deliveries`.pipe(
              Effect.mapError(queueError("take"))
            )
            // Deliveries that neither failed nor succeeded were lost to a crash: count them too.
            const attempts = Math.max(meta.attempts, Number(row?.deliveries ?? 1) - 1)
            if (attempts >= maxAttempts) {
              return yield* new JobQueue.QueueError({
                operation: "take",
                reason: `job ${meta.id} abandoned after ${attempts} failed or lost deliveries`
              })
            }
            return yield* handle(job, { id: meta.id, attempts }).pipe(
              // An interrupted delivery (shutdown) is released by the store and is not a loss.
              Effect.onInterrupt(() =>
                sql`UPDATE ${sql(table)} SET deliveries = deliveries - 1 WHERE id = ${meta.id}`.pipe(Effect.ignore)
              )
            )
          }),
        { maxAttempts }
      ).pipe(
        Effect.catchIf(
          (e): e is PersistedQueue.PersistedQueueError | ParseResult.ParseError =>
            e instanceof PersistedQueue.PersistedQueueError || e instanceof ParseResult.ParseError,
          (e) => Effect.fail(queueError("take")(e))
        )
      ) as Effect.Effect<A, E | JobQueue.QueueError, R>

    const size = (name: JobQueue.QueueName) =>
      sql<{ n: unknown }>`SELECT count(*) AS n FROM ${sql(table)}
        WHERE queue_name = ${name} AND completed = FALSE AND attempts < ${maxAttempts}`.pipe(
        Effect.map((rows) => Number(rows[0]?.n ?? 0)),
        Effect.mapError(queueError("size"))
      )

    return JobQueue.JobQueue.of({ offer, take, size })
  }).pipe(Effect.mapError((e) => (e instanceof JobQueue.QueueError ? e : queueError("open")(e))))
