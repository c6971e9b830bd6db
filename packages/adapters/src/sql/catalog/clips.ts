/**
 * `clips` operations of the SQL catalog (docs/state-machines.md#clip).
 *
 * @since 0.1.0
 */
import type { Catalog, Clip } from "@heaters/core"
import { Errors } from "@heaters/core"
import { Effect, Option } from "effect"
import { orCatalogError } from "../errors.js"
import type { Row } from "../rows.js"
import { columnsOf } from "../rows.js"
import type { Ctx } from "./context.js"
import { guardClauses, limitOf, queryClauses } from "./context.js"

/** @since 0.1.0 */
export const make = (ctx: Ctx) => {
  const { dialect, rows, sql } = ctx
  const decode = rows.clips

  const where = (q: Catalog.ClipQuery) => {
    const clauses = queryClauses(ctx, q)
    if (q.sourceVideoId !== undefined) clauses.push(sql`source_video_id = ${q.sourceVideoId}`)
    if (q.reviewed !== undefined) clauses.push(q.reviewed ? sql`reviewed_at IS NOT NULL` : sql`reviewed_at IS NULL`)
    if (q.reviewedBefore !== undefined) clauses.push(sql`reviewed_at <= ${dialect.time(q.reviewedBefore)}`)
    if (q.excludeIds !== undefined && q.excludeIds.length > 0) clauses.push(sql`id NOT IN ${sql.in(q.excludeIds)}`)
    return sql.and(clauses)
  }

  /**
   * One statement per clip: `ON CONFLICT (clip_identifier) DO NOTHING` makes a re-run of splice
   * return the rows of the first run instead of failing on the unique identifier (docs/pipeline.md#splice).
   */
  const insertClips = (clips: ReadonlyArray<Clip.New>) =>
    Effect.gen(function*() {
      const now = dialect.time(yield* ctx.now)
      const out: Array<Clip.Clip> = []
      for (const c of clips) {
        const inserted = yield* sql<Row>`INSERT INTO clips ${
          sql.insert({
            source_video_id: c.sourceVideoId,
            clip_identifier: c.identifier,
            start_frame: c.startFrame,
            end_frame: c.endFrame,
            start_time_seconds: c.startTime,
            end_time_seconds: c.endTime,
            ingest_state: "spliced",
            retry_count: 0,
            version: 1,
            processing_metadata: JSON.stringify(c.processingMetadata),
            inserted_at: now,
            updated_at: now
          })
        } ON CONFLICT (clip_identifier) DO NOTHING RETURNING *`
        const found = inserted.length > 0
          ? inserted
          : yield* sql<Row>`SELECT * FROM clips WHERE clip_identifier = ${c.identifier}`
        out.push(...(yield* decode("insertClips")(found)))
      }
      return out
    }).pipe(ctx.transaction, orCatalogError("insertClips"))

  const getClip = (id: number) =>
    sql<Row>`SELECT * FROM clips WHERE id = ${id}`.pipe(
      Effect.flatMap(decode("getClip")),
      orCatalogError("getClip"),
      Effect.flatMap((found) =>
        found[0] ? Effect.succeed(found[0]) : Effect.fail(new Errors.NotFound({ entity: "clip", id }))
      )
    )

  const listClips = (q: Catalog.ClipQuery) =>
    sql<Row>`SELECT * FROM clips WHERE ${where(q)} ORDER BY id ${limitOf(ctx, q.limit)}`.pipe(
      Effect.flatMap(decode("listClips")),
      orCatalogError("listClips")
    )

  const countClips = (q: Catalog.ClipQuery) =>
    sql<{ n: unknown }>`SELECT count(*) AS n FROM clips WHERE ${where(q)}`.pipe(
      Effect.map((r) => Number(r[0]?.n ?? 0)),
      orCatalogError("countClips")
    )

  const updateClip = (id: number, guard: Catalog.Guard<Clip.State>, patch: Clip.Patch) =>
    guard.states.length === 0
      ? Effect.succeed(Option.none<Clip.Clip>())
      : Effect.gen(function*() {
        const set = { ...columnsOf(patch, rows.clipColumns), updated_at: dialect.time(yield* ctx.now) }
        const updated = yield* sql<Row>`UPDATE clips SET ${sql.update(set)}, version = version + 1
          WHERE ${guardClauses(ctx, id, guard)} RETURNING *`
        const [row] = yield* decode("updateClip")(updated)
        return Option.fromNullable(row)
      }).pipe(orCatalogError("updateClip"))

  return { insertClips, getClip, listClips, countClips, updateClip }
}
