/**
 * `source_videos` operations of the SQL catalog (docs/state-machines.md#source-video).
 *
 * @since 0.1.0
 */
import type { Catalog, SourceVideo } from "@heaters/core"
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
  const decode = rows.videos

  const insertVideo = (video: SourceVideo.New) =>
    Effect.gen(function*() {
      const now = dialect.time(yield* ctx.now)
      const inserted = yield* sql<Row>`INSERT INTO source_videos ${
        sql.insert({
          title: video.title,
          source_uri: video.sourceUri,
          web_scraped: dialect.bool(video.webScraped),
          ingest_state: "new",
          retry_count: 0,
          version: 1,
          inserted_at: now,
          updated_at: now
        })
      } RETURNING *`
      const [row] = yield* decode("insertVideo")(inserted)
      return row!
    }).pipe(orCatalogError("insertVideo"))

  const getVideo = (id: number) =>
    sql<Row>`SELECT * FROM source_videos WHERE id = ${id}`.pipe(
      Effect.flatMap(decode("getVideo")),
      orCatalogError("getVideo"),
      Effect.flatMap((found) =>
        found[0] ? Effect.succeed(found[0]) : Effect.fail(new Errors.NotFound({ entity: "source video", id }))
      )
    )

  // Intake looks for the source and inserts it in one transaction. Postgres runs that at READ
  // COMMITTED, where two submits of one source both found none and both inserted (the races test
  // caught it): a transaction-scoped lock on the source, released at commit, makes the second
  // wait for the first and then find its row. SQLite serialises writers already.
  const lockSource = (sourceUri: string) =>
    dialect.name === "pg" ? Effect.asVoid(sql`SELECT pg_advisory_xact_lock(hashtext(${sourceUri}))`) : Effect.void

  const findVideoBySource = (sourceUri: string) =>
    Effect.zipRight(lockSource(sourceUri), sql<Row>`SELECT * FROM source_videos WHERE source_uri = ${sourceUri} ORDER BY id LIMIT 1`).pipe(
      Effect.flatMap(decode("findVideoBySource")),
      Effect.map((found) => Option.fromNullable(found[0])),
      orCatalogError("findVideoBySource")
    )

  const listVideos = (q: Catalog.Query<SourceVideo.State>) =>
    sql<Row>`SELECT * FROM source_videos WHERE ${sql.and(queryClauses(ctx, q))} ORDER BY id ${limitOf(ctx, q.limit)}`.pipe(
      Effect.flatMap(decode("listVideos")),
      orCatalogError("listVideos")
    )

  const updateVideo = (id: number, guard: Catalog.Guard<SourceVideo.State>, patch: SourceVideo.Patch) =>
    guard.states.length === 0
      ? Effect.succeed(Option.none<SourceVideo.SourceVideo>())
      : Effect.gen(function*() {
        const set = { ...columnsOf(patch, rows.videoColumns), updated_at: dialect.time(yield* ctx.now) }
        const updated = yield* sql<Row>`UPDATE source_videos SET ${sql.update(set)}, version = version + 1
          WHERE ${guardClauses(ctx, id, { states: guard.states, version: guard.version })} RETURNING *`
        const [row] = yield* decode("updateVideo")(updated)
        return Option.fromNullable(row)
      }).pipe(orCatalogError("updateVideo"))

  return { insertVideo, getVideo, findVideoBySource, listVideos, updateVideo }
}
