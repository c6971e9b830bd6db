/**
 * What differs between the SQL back-ends the shared catalog runs on: how a time, a flag, a JSON
 * map and a vector are stored, and whether row locks exist. Everything else in `sql/` is one
 * query text for both, so the two adapters cannot drift apart.
 *
 * @since 0.1.0
 */

/** @since 0.1.0 */
export interface Dialect {
  readonly name: "sqlite" | "pg"
  /** A timestamp as a statement parameter. */
  readonly time: (date: Date) => unknown
  readonly readTime: (value: unknown) => Date
  readonly bool: (value: boolean) => unknown
  /** A vector as a statement parameter. */
  readonly vector: (vector: ReadonlyArray<number>) => unknown
  readonly readVector: (value: unknown) => Array<number>
  /** Appended to a `SELECT` that claims rows inside a transaction (empty where locks don't exist). */
  readonly skipLocked: string
  /**
   * Run at the end of an outermost transaction's body. `@effect/sql` turns a failing COMMIT into a
   * defect, so deferred constraints (Postgres' no-overlap rule) are checked just before it, where
   * a violation is still an ordinary, typed failure.
   */
  readonly checkDeferred?: string
}

const readTimeAny = (value: unknown): Date =>
  value instanceof Date ? value : typeof value === "number" || typeof value === "bigint" ? new Date(Number(value)) : new Date(String(value))

/**
 * SQLite: times are integer milliseconds (exact round trip, cheap comparisons), flags are 0/1,
 * vectors are little-endian float64 blobs (exact round trip of the JS numbers we were given).
 *
 * @since 0.1.0
 */
export const sqlite: Dialect = {
  name: "sqlite",
  time: (date) => date.getTime(),
  readTime: readTimeAny,
  bool: (value) => (value ? 1 : 0),
  vector: (vector) => Buffer.from(Float64Array.from(vector).buffer),
  readVector: (value) => {
    if (typeof value === "string") return JSON.parse(value) as Array<number>
    const bytes = value as Uint8Array
    // Copy first: a Buffer's byteOffset is not necessarily 8-aligned.
    return Array.from(new Float64Array(Uint8Array.from(bytes).buffer))
  },
  skipLocked: ""
}

/**
 * Postgres: `timestamptz`, `boolean`, pgvector's text form `[x,y,…]` (pgvector stores float4).
 *
 * @since 0.1.0
 */
export const pg: Dialect = {
  name: "pg",
  time: (date) => date,
  readTime: readTimeAny,
  bool: (value) => value,
  vector: (vector) => `[${vector.join(",")}]`,
  readVector: (value) => (typeof value === "string" ? (JSON.parse(value) as Array<number>) : Array.from(value as Array<number>)),
  skipLocked: " FOR UPDATE SKIP LOCKED",
  checkDeferred: "SET CONSTRAINTS ALL IMMEDIATE"
}
