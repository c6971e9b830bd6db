/**
 * The seed of a similarity query (an embedding and its clip's video) read with a Schema, so a
 * corrupt vector is a `CatalogError` naming the table rather than a throw.
 *
 * @since 0.1.0
 */
import { ParseResult, Schema } from "effect"
import { Int, RawVector, vectorOf } from "./columns.js"
import { decoder } from "./rows.js"

/** `embedding`, `embedding_dim` and the clip's `source_video_id`, as a vector and a video id. @since 0.1.0 */
export const SeedFromRow = Schema.transformOrFail(
  Schema.Struct({ embedding: RawVector, embedding_dim: Int, source_video_id: Int }),
  Schema.Struct({ vector: Schema.Array(Schema.Number), sourceVideoId: Schema.Number }),
  {
    strict: true,
    decode: (r) => ParseResult.succeed({ vector: vectorOf(r.embedding, r.embedding_dim), sourceVideoId: r.source_video_id }),
    encode: (v, _, ast) => ParseResult.fail(new ParseResult.Forbidden(ast, v, "a seed is only read"))
  }
)

/** Decodes seed rows of an operation (see `decoder`). @since 0.1.0 */
export const decodeSeeds = decoder("embeddings", SeedFromRow)
