/**
 * SQLite's in-process vector index (packages/adapters/src/sqlite/search.ts): the short-list path
 * against exact results, a second connection's writes becoming visible, and a database of the
 * first schema (float64 blobs) migrated and still searchable.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { Migrator, SqlClient } from "@effect/sql"
import { SqliteClient } from "@effect/sql-sqlite-node"
import * as Sqlite from "@heaters/adapters/sqlite"
import { it } from "@effect/vitest"
import { Catalog, Embedding, Ids, Search } from "@heaters/core"
import { Effect, Layer } from "effect"
import { describe, expect } from "vitest"
import { migrations } from "../../packages/adapters/src/sqlite/migrations.js"
import { clustered, exactTop, load, row } from "../support/vectors.js"
import { clips, setState, video } from "./fixtures.js"

const model = "bench/model"
const strategy = "keyframe_multi_avg"
const filters = { modelName: model, generationStrategy: strategy }

const tempFile = Effect.map(
  Effect.acquireRelease(
    Effect.sync(() => fs.mkdtempSync(path.join(os.tmpdir(), "heaters-vsearch-"))),
    (dir) => Effect.sync(() => fs.rmSync(dir, { recursive: true, force: true }))
  ),
  (dir) => path.join(dir, "heaters.db")
)

/** Builds a layer's services in the current scope (several can be open on one file). */
const open = (filename: string, options: Partial<Sqlite.Options> = {}) =>
  Layer.build(Sqlite.layer({ filename, ...options }))

describe("SQLite vector index", () => {
  it.scoped("the short list (1-bit codes, exact re-scoring) finds the exact top 10 in 4000 clustered vectors", () =>
    Effect.gen(function*() {
      const filename = yield* tempFile
      // A short list of 200 of 4000 vectors: the codes must do the work.
      const ctx = yield* open(filename, { search: { minCandidates: 200, candidateFactor: 8 } })
      const dim = 128
      const data = clustered({ n: 4000, dim, seed: 7 })
      yield* Effect.provide(Effect.flatMap(SqlClient.SqlClient, (sql) => load(sql, "sqlite", data, dim, { model, strategy, videos: 20 })), ctx)
      const search = yield* Effect.provide(Search.Search, ctx)
      let hits = 0
      const queries = Array.from({ length: 20 }, (_, q) => q * 197)
      for (const q of queries) {
        const got = yield* search.similar({ ...filters, clipId: Ids.unsafe.clip(q + 1), order: "nearest", page: 1, pageSize: 10 })
        const truth = new Set(exactTop(data, dim, row(data, dim, q), 10, q).map((i) => i + 1))
        hits += got.filter((m) => truth.has(m.clipId)).length
        got.slice(1).forEach((m, i) => expect(m.distance).toBeGreaterThanOrEqual(got[i]!.distance))
      }
      expect(hits / (10 * queries.length)).toBeGreaterThanOrEqual(0.97)
      // Farthest and a video filter go through the same short list.
      const far = yield* search.nearest({ ...filters, vector: Array.from(row(data, dim, 0)), order: "farthest", page: 1, pageSize: 5 })
      const farTruth = exactTop(data, dim, Array.from(row(data, dim, 0), (x) => -x), 5).map((i) => i + 1)
      expect(far.filter((m) => farTruth.includes(m.clipId)).length).toBeGreaterThanOrEqual(4)
      const inVideo = yield* search.nearest({ ...filters, vector: Array.from(row(data, dim, 5)), sourceVideoId: Ids.unsafe.video(6), order: "nearest", page: 1, pageSize: 5 })
      expect(inVideo.every((m) => m.sourceVideoId === 6)).toBe(true)
      expect(inVideo[0]!.clipId).toBe(6)
    }), 120_000)

  it.scoped("another connection's writes are visible to the next query (the change log)", () =>
    Effect.gen(function*() {
      const filename = yield* tempFile
      const reader = yield* open(filename)
      const writer = yield* open(filename)
      const ask = Effect.provide(
        Effect.flatMap(Search.Search, (s) => s.nearest({ ...filters, vector: [1, 0, 0], order: "nearest", page: 1, pageSize: 10 })),
        reader
      )
      const written = yield* Effect.provide(
        Effect.gen(function*() {
          const catalog = yield* Catalog.Catalog
          const v = yield* video("elsewhere")
          const cs = yield* clips(2, v.id)
          for (const c of cs) yield* setState(c, "embedded")
          yield* catalog.upsertEmbedding({ clipId: cs[0]!.id, vector: [1, 0, 0], modelName: model, modelVersion: null, generationStrategy: strategy, dim: 3 })
          return cs
        }),
        writer
      )
      expect((yield* ask).map((m) => m.clipId)).toEqual([written[0]!.id])
      yield* Effect.provide(
        Effect.flatMap(Catalog.Catalog, (catalog) =>
          catalog.upsertEmbedding({ clipId: written[1]!.id, vector: [0.9, 0.1, 0], modelName: model, modelVersion: null, generationStrategy: strategy, dim: 3 })),
        writer
      )
      expect((yield* ask).map((m) => m.clipId)).toEqual([written[0]!.id, written[1]!.id])
      yield* Effect.provide(Effect.flatMap(Catalog.Catalog, (c) => c.deleteEmbeddings(written[0]!.id)), writer)
      expect((yield* ask).map((m) => m.clipId)).toEqual([written[1]!.id])
    }))

  it.scoped("a database of the first schema (float64 blobs) is migrated and its vectors stay searchable", () =>
    Effect.gen(function*() {
      const filename = yield* tempFile
      // The first schema only, as a database created before fast search.
      yield* Effect.scoped(
        Effect.provide(
          Effect.gen(function*() {
            const sql = yield* SqlClient.SqlClient
            yield* Migrator.make({})({
              table: "heaters_migrations",
              loader: Migrator.fromRecord({
                "1_schema": Effect.forEach(migrations["1_schema"]!, (s) => sql.unsafe(s), { discard: true })
              })
            })
            yield* sql`INSERT INTO source_videos (id, title, source_uri, ingest_state, inserted_at, updated_at) VALUES (1, 'old', '/old.mp4', 'spliced', 0, 0)`
            for (const [i, angle] of [0, 30, 60].entries()) {
              yield* sql`INSERT INTO clips (id, source_video_id, clip_identifier, start_frame, end_frame, start_time_seconds, end_time_seconds, ingest_state, inserted_at, updated_at)
                VALUES (${i + 1}, 1, ${`old_${i}`}, ${i * 10}, ${i * 10 + 10}, ${i}, ${i + 1}, 'embedded', 0, 0)`
              const v = [Math.cos((angle * Math.PI) / 180), Math.sin((angle * Math.PI) / 180), 0]
              yield* sql`INSERT INTO embeddings (clip_id, embedding, model_name, generation_strategy, embedding_dim, generated_at)
                VALUES (${i + 1}, ${Buffer.from(Float64Array.from(v).buffer)}, ${model}, ${strategy}, 3, 0)`
            }
          }),
          Layer.orDie(SqliteClient.layer({ filename }))
        )
      )
      const ctx = yield* open(filename)
      const search = yield* Effect.provide(Search.Search, ctx)
      const near = yield* search.similar({ ...filters, clipId: Ids.unsafe.clip(1), order: "nearest", page: 1, pageSize: 5 })
      expect(near.map((m) => m.clipId)).toEqual([2, 3])
      expect(near[0]!.distance).toBeCloseTo(1 - Math.cos(Math.PI / 6), 12)
      const [old] = yield* Effect.provide(Effect.flatMap(Catalog.Catalog, (c) => c.listEmbeddings(Ids.unsafe.clip(2))), ctx)
      expect(old!.vector[1]).toBe(0.49999999999999994)
      // New writes are float32.
      const catalog = yield* Effect.provide(Catalog.Catalog, ctx)
      yield* catalog.upsertEmbedding({ clipId: Ids.unsafe.clip(3), vector: Embedding.normalize([1, 1, 0]), modelName: model, modelVersion: null, generationStrategy: strategy, dim: 3 })
      const sql = yield* Effect.provide(SqlClient.SqlClient, ctx)
      const [len] = yield* sql<{ n: number }>`SELECT length(embedding) AS n FROM embeddings WHERE clip_id = 3`
      expect(len!.n).toBe(12)
      const again = yield* search.similar({ ...filters, clipId: Ids.unsafe.clip(1), order: "nearest", page: 1, pageSize: 5 })
      expect(again.map((m) => m.clipId)).toEqual([2, 3])
      expect(again[1]!.distance).toBeCloseTo(1 - Math.SQRT1_2, 6)
    }))
})
