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
  readonly bool: (value: boolean) => unknown
  /** A vector as a statement parameter. */
  readonly vector: (vector: ReadonlyArray<number>) => unknown
  /** Appended to a `SELECT` that claims rows inside a transaction (empty where locks don't exist). */
  readonly skipLocked: string
  /**
   * Run at the end of an outermost transaction's body. `@effect/sql` turns a failing COMMIT into a
   * defect, so deferred constraints (Postgres' no-overlap rule) are checked just before it, where
   * a violation is still an ordinary, typed failure.
   */
  readonly checkDeferred?: string
}

/**
 * A float32 (or, for rows of the first schema, float64) blob as numbers: float64 when its length
 * is 8 × `dim`, float32 otherwise.
 *
 * @since 0.1.0
 */
export const floatsOf = (bytes: Uint8Array, dim?: number): Float32Array | Float64Array => {
  const wide = dim !== undefined && bytes.byteLength === 8 * dim && dim > 0
  const width = wide ? 8 : 4
  // Copy when unaligned: a Buffer's byteOffset is not necessarily a multiple of the width.
  const aligned = bytes.byteOffset % width === 0 ? bytes : Uint8Array.from(bytes)
  const n = Math.floor(aligned.byteLength / width)
  return wide ? new Float64Array(aligned.buffer, aligned.byteOffset, n) : new Float32Array(aligned.buffer, aligned.byteOffset, n)
}

/**
 * SQLite: times are integer milliseconds (exact round trip, cheap comparisons), flags are 0/1,
 * vectors are little-endian float32 blobs (what pgvector and the models keep; half the bytes to
 * read per search). Rows written before `2_vector_search` hold float64 blobs and are still read.
 *
 * @since 0.1.0
 */
export const sqlite: Dialect = {
  name: "sqlite",
  time: (date) => date.getTime(),
  bool: (value) => (value ? 1 : 0),
  vector: (vector) => Buffer.from(Float32Array.from(vector).buffer),
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
  bool: (value) => value,
  vector: (vector) => `[${vector.join(",")}]`,
  skipLocked: " FOR UPDATE SKIP LOCKED",
  checkDeferred: "SET CONSTRAINTS ALL IMMEDIATE"
}
