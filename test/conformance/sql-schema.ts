/**
 * Schema guarantees the SQL adapters add beyond the port: CHECK constraints on state columns,
 * foreign keys, and (Postgres) the no-overlap exclusion constraint and the HNSW index.
 */
import { SqlClient } from "@effect/sql"
import { it } from "@effect/vitest"
import { Catalog, Embedding, Ids, JobQueue, Search } from "@heaters/core"
import type { Layer } from "effect"
import { Effect, Either, Option } from "effect"
import { describe, expect } from "vitest"
import { clips, setState, video } from "./fixtures.js"

type R = Catalog.Catalog | Search.Search | JobQueue.JobQueue | SqlClient.SqlClient

export const sqlSchemaSuite = (name: string, makeLayer: () => Layer.Layer<R, unknown>) =>
  describe(`SQL schema: ${name}`, () => {
    const test = (title: string, body: Effect.Effect<void, unknown, R>) =>
      it.effect(title, () => Effect.provide(body, makeLayer()) as Effect.Effect<void, unknown>)

    test("CHECK constraints refuse unknown states and types; foreign keys hold", Effect.gen(function*() {
      const catalog = yield* Catalog.Catalog
      const [c] = yield* clips(1)
      const bad = yield* Effect.either(catalog.updateClip(c!.id, { states: ["spliced"] }, { state: "bogus" as never }))
      expect(Either.isLeft(bad) && bad.left._tag).toBe("CatalogError")
      expect((yield* catalog.getClip(c!.id)).state).toBe("spliced")
      const badType = yield* Effect.either(catalog.upsertArtifact({ clipId: c!.id, type: "video" as never, strategy: "s", tag: "t", key: "k", metadata: {} }))
      expect(Either.isLeft(badType)).toBe(true)
      const orphan = yield* Effect.either(catalog.insertClips([{ sourceVideoId: 999_999 as never, identifier: "orphan", startFrame: 0, endFrame: 1, startTime: 0, endTime: 0.1, processingMetadata: {} }]))
      expect(Either.isLeft(orphan)).toBe(true)
      const v = yield* video()
      const empty = yield* Effect.either(catalog.insertClips([{ sourceVideoId: v.id, identifier: "empty", startFrame: 5, endFrame: 5, startTime: 1, endTime: 1, processingMetadata: {} }]))
      expect(Either.isLeft(empty)).toBe(true)
    }))

    test("a row that does not decode is a CatalogError naming the table, the row and the column", Effect.gen(function*() {
      const catalog = yield* Catalog.Catalog
      const sql = yield* SqlClient.SqlClient
      const [c] = yield* clips(1)
      // Valid JSON in both databases (text in SQLite, jsonb in Postgres), but not an object.
      yield* sql.unsafe(`UPDATE clips SET processing_metadata = '[1,2]' WHERE id = ${c!.id}`)
      const bad = yield* Effect.flip(catalog.getClip(c!.id))
      expect(bad._tag).toBe("CatalogError")
      expect(bad.message).toContain(`corrupt clips row (id ${c!.id}): processing_metadata: expected a JSON object`)
      // Other rows still read.
      const [other] = yield* clips(1)
      expect((yield* catalog.getClip(other!.id)).id).toBe(other!.id)
    }))

    test("a job offered inside Catalog.withTransaction commits or rolls back with the catalog writes", Effect.gen(function*() {
      const catalog = yield* Catalog.Catalog
      const queue = yield* JobQueue.JobQueue
      const [c] = yield* clips(1)
      const job = new JobQueue.Sprite({ clipId: Ids.unsafe.clip(c!.id), version: c!.version })
      const failed = yield* Effect.either(catalog.withTransaction(Effect.gen(function*() {
        yield* setState(c!, "generating_sprite")
        expect(yield* queue.offer("media", job)).toBe(true)
        return yield* Effect.fail("crash before commit")
      })))
      expect(Either.isLeft(failed)).toBe(true)
      expect(yield* queue.size("media")).toBe(0)
      expect((yield* catalog.getClip(c!.id)).state).toBe("spliced")
      yield* catalog.withTransaction(Effect.zipRight(setState(c!, "generating_sprite"), queue.offer("media", job)))
      expect(yield* queue.size("media")).toBe(1)
      expect(yield* queue.offer("media", job)).toBe(false)
    }))
  })

/** Postgres only: live clips of a video never overlap; superseded ones may. */
export const pgSchemaSuite = (makeLayer: () => Layer.Layer<R, unknown>) =>
  describe("SQL schema: postgres only", () => {
    const test = (title: string, body: Effect.Effect<void, unknown, R>) =>
      it.effect(title, () => Effect.provide(body, makeLayer()) as Effect.Effect<void, unknown>)

    test("exclusion constraint: overlapping live clips refused, a merge in one transaction accepted", Effect.gen(function*() {
      const catalog = yield* Catalog.Catalog
      const [a, b] = yield* clips(2)
      const vid = a!.sourceVideoId
      const overlapping = { sourceVideoId: vid, identifier: `${vid}_overlap`, startFrame: 15, endFrame: 45, startTime: 0.5, endTime: 1.5, processingMetadata: {} }
      const refused = yield* Effect.either(catalog.insertClips([overlapping]))
      expect(Either.isLeft(refused) && refused.left._tag === "CatalogError" && refused.left.reason).toContain("clips_no_overlap")
      // Merge: the output covers both inputs; inserted first, inputs superseded after — one transaction.
      const merged = yield* catalog.withTransaction(Effect.gen(function*() {
        const [out] = yield* catalog.insertClips([{ ...overlapping, identifier: `merged_${a!.id}_002`, startFrame: 0, endFrame: 60, startTime: 0, endTime: 2 }])
        yield* setState(a!, "merged")
        yield* setState(b!, "merged")
        return out!
      }))
      expect(merged.startFrame).toBe(0)
      // Reviving a superseded input would overlap the live merge output.
      const revive = yield* Effect.either(catalog.updateClip(a!.id, { states: ["merged"] }, { state: "pending_review" }))
      expect(Either.isLeft(revive)).toBe(true)
      // Another video may use the same range.
      const [other] = yield* clips(1)
      expect(other!.startFrame).toBe(0)
    }))

    test("HNSW index serves the default model; deep pages are complete; updated_at trigger", Effect.gen(function*() {
      const catalog = yield* Catalog.Catalog
      const search = yield* Search.Search
      const sql = yield* SqlClient.SqlClient
      const model = "openai/clip-vit-base-patch32"
      const cs = yield* clips(60)
      for (const [i, c] of cs.entries()) {
        yield* setState(c, "embedded")
        const v = Array.from({ length: 512 }, (_, k) => Math.cos(k * 0.01 * (i + 1)) + (k === i ? 3 : 0))
        yield* catalog.upsertEmbedding({ clipId: c.id, vector: Embedding.normalize(v), modelName: model, modelVersion: null, generationStrategy: "keyframe_multi_avg", dim: 512 })
      }
      const indexes = yield* sql<{ indexname: string }>`SELECT indexname FROM pg_indexes WHERE tablename = 'embeddings' AND indexname LIKE 'embeddings_hnsw_%'`
      expect(indexes.length).toBe(1)
      const plan = yield* Effect.gen(function*() {
        // The ranker's own settings (packages/adapters/src/postgres/rank.ts).
        yield* sql`SET LOCAL enable_sort = off`
        yield* sql`SET LOCAL hnsw.iterative_scan = relaxed_order`
        return yield* sql<{ "QUERY PLAN": string }>`EXPLAIN SELECT e.clip_id FROM embeddings e JOIN clips c ON c.id = e.clip_id
          WHERE e.model_name = ${model} AND e.generation_strategy = 'keyframe_multi_avg' AND c.ingest_state = 'embedded' AND e.embedding_dim = 512
          ORDER BY e.embedding::vector(512) <=> ${`[${Array(512).fill(0.1).join(",")}]`}::vector(512) LIMIT 5`
      }).pipe(sql.withTransaction)
      expect(plan.map((r) => r["QUERY PLAN"]).join("\n")).toContain(indexes[0]!.indexname)
      const filters = { modelName: model, generationStrategy: "keyframe_multi_avg" }
      const pages = yield* Effect.forEach([1, 2, 3, 4, 5, 6], (page) => search.similar({ ...filters, clipId: cs[0]!.id, order: "nearest", page, pageSize: 12 }))
      expect(pages.map((p) => p.length)).toEqual([12, 12, 12, 12, 11, 0])
      const flat = pages.flat()
      expect(new Set(flat.map((m) => m.clipId)).size).toBe(59)
      flat.slice(1).forEach((m, i) => expect(m.distance).toBeGreaterThanOrEqual(flat[i]!.distance - 1e-6))
      const before = yield* catalog.getClip(cs[0]!.id)
      yield* sql`UPDATE clips SET last_error = 'by hand' WHERE id = ${cs[0]!.id}`
      const after = yield* catalog.getClip(cs[0]!.id)
      expect(after.updatedAt.getTime()).toBeGreaterThan(before.updatedAt.getTime())
      expect(Option.isSome(yield* search.randomSeed(filters))).toBe(true)
    }))
  })
