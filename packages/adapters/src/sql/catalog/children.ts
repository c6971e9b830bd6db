/**
 * `clip_artifacts` and `embeddings`: rows derived from a clip, both keyed by a natural identity so
 * a re-run upserts instead of duplicating (docs/data-model.md#artifacts).
 *
 * @since 0.1.0
 */
import type { Artifact, Embedding } from "@heaters/core"
import { Effect } from "effect"
import { orCatalogError } from "../errors.js"
import type { Row } from "../rows.js"
import type { Ctx } from "./context.js"

/** @since 0.1.0 */
export const make = (ctx: Ctx) => {
  const { dialect, rows, sql } = ctx

  const upsertArtifact = (a: Artifact.New) =>
    Effect.gen(function*() {
      const now = dialect.time(yield* ctx.now)
      const upserted = yield* sql<Row>`INSERT INTO clip_artifacts ${
        sql.insert({
          clip_id: a.clipId,
          artifact_type: a.type,
          strategy: a.strategy,
          tag: a.tag,
          s3_key: a.key,
          metadata: JSON.stringify(a.metadata),
          inserted_at: now,
          updated_at: now
        })
      } ON CONFLICT (clip_id, artifact_type, strategy, tag) DO UPDATE SET
          s3_key = excluded.s3_key, metadata = excluded.metadata, updated_at = excluded.updated_at
        RETURNING *`
      const [artifact] = yield* rows.artifacts("upsertArtifact")(upserted)
      return artifact!
    }).pipe(orCatalogError("upsertArtifact"))

  const listArtifacts = (clipId: number) =>
    sql<Row>`SELECT * FROM clip_artifacts WHERE clip_id = ${clipId} ORDER BY id`.pipe(
      Effect.flatMap(rows.artifacts("listArtifacts")),
      orCatalogError("listArtifacts")
    )

  const deleteArtifacts = (clipId: number) =>
    sql`DELETE FROM clip_artifacts WHERE clip_id = ${clipId}`.pipe(Effect.asVoid, orCatalogError("deleteArtifacts"))

  const upsertEmbedding = (e: Embedding.New) =>
    Effect.gen(function*() {
      const now = dialect.time(yield* ctx.now)
      const upserted = yield* sql<Row>`INSERT INTO embeddings ${
        sql.insert({
          clip_id: e.clipId,
          embedding: dialect.vector(e.vector),
          model_name: e.modelName,
          model_version: e.modelVersion,
          generation_strategy: e.generationStrategy,
          embedding_dim: e.vector.length,
          generated_at: now
        })
      } ON CONFLICT (clip_id, model_name, generation_strategy) DO UPDATE SET
          embedding = excluded.embedding, model_version = excluded.model_version,
          embedding_dim = excluded.embedding_dim, generated_at = excluded.generated_at
        RETURNING *`
      const [embedding] = yield* rows.embeddings("upsertEmbedding")(upserted)
      return embedding!
    }).pipe(orCatalogError("upsertEmbedding"))

  const listEmbeddings = (clipId: number) =>
    sql<Row>`SELECT * FROM embeddings WHERE clip_id = ${clipId} ORDER BY id`.pipe(
      Effect.flatMap(rows.embeddings("listEmbeddings")),
      orCatalogError("listEmbeddings")
    )

  const deleteEmbeddings = (clipId: number) =>
    sql`DELETE FROM embeddings WHERE clip_id = ${clipId}`.pipe(Effect.asVoid, orCatalogError("deleteEmbeddings"))

  return { upsertArtifact, listArtifacts, deleteArtifacts, upsertEmbedding, listEmbeddings, deleteEmbeddings }
}
