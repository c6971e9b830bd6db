/**
 * The in-memory database behind the memory Catalog and Search: immutable rows in maps, a lock that
 * serialises writers, and snapshot/restore for transactions.
 *
 * @since 0.1.0
 */
import type { Artifact, Clip, Embedding, ReviewEvent, SourceVideo } from "@heaters/core"
import { Context, Effect, FiberRef, Layer } from "effect"

/** The in-memory tables: one map per table keyed by id, and the shared id sequence. @since 0.1.0 */
export interface Rows {
  videos: Map<number, SourceVideo.SourceVideo>
  clips: Map<number, Clip.Clip>
  artifacts: Map<number, Artifact.Artifact>
  embeddings: Map<number, Embedding.Embedding>
  events: Map<number, ReviewEvent.ReviewEvent>
  sequence: number
}

const empty = (): Rows => ({
  videos: new Map(),
  clips: new Map(),
  artifacts: new Map(),
  embeddings: new Map(),
  events: new Map(),
  sequence: 0
})

// Rows are immutable, so copying the maps is a complete snapshot.
const snapshot = (rows: Rows): Rows => ({
  videos: new Map(rows.videos),
  clips: new Map(rows.clips),
  artifacts: new Map(rows.artifacts),
  embeddings: new Map(rows.embeddings),
  events: new Map(rows.events),
  sequence: rows.sequence
})

/** The in-memory database: its rows, a write lock, transactions and the id sequence. @since 0.1.0 */
export interface TablesShape {
  readonly rows: Rows
  /** Runs `f` holding the write lock (re-entrant within a transaction). */
  readonly locked: <A, E, R>(f: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  /** Runs `f` as one transaction: on failure every change it made is undone. */
  readonly transaction: <A, E, R>(f: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  /** The next id (one sequence for all tables, like a shared serial). */
  readonly nextId: () => number
}

/**
 * The in-memory database shared by the memory Catalog and Search.
 *
 * @since 0.1.0
 * @category tags
 */
export class Tables extends Context.Tag("@heaters/adapters/memory/Tables")<Tables, TablesShape>() {}

const inTransaction = FiberRef.unsafeMake(false)

/**
 * Builds an empty in-memory database.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = Effect.gen(function* () {
  const lock = yield* Effect.makeSemaphore(1)
  const rows = empty()
  const locked = <A, E, R>(f: Effect.Effect<A, E, R>) =>
    Effect.flatMap(FiberRef.get(inTransaction), (held) => (held ? f : lock.withPermits(1)(f)))
  const transaction = <A, E, R>(f: Effect.Effect<A, E, R>) =>
    locked(
      Effect.suspend(() => {
        const saved = snapshot(rows)
        return Effect.locally(f, inTransaction, true).pipe(Effect.onExit((exit) => Effect.sync(() => {
          if (exit._tag === "Failure") Object.assign(rows, saved)
        })))
      })
    )
  return Tables.of({ rows, locked, transaction, nextId: () => ++rows.sequence })
})

/**
 * An empty in-memory database as a layer.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = Layer.effect(Tables, make)
