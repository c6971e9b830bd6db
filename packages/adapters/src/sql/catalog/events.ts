/**
 * `clip_events`: the append-only review log (docs/review.md#grace-period-and-commit). Reads of due events lock
 * the rows they return on Postgres (`FOR UPDATE SKIP LOCKED`) so two dispatchers committing inside
 * transactions never pick the same event; marking is conditional so each event is committed or
 * cancelled exactly once.
 *
 * @since 0.1.0
 */
import type { Catalog, Ids } from "@heaters/core"
import { ReviewEvent } from "@heaters/core"
import { Effect } from "effect"
import { orCatalogError } from "../errors.js"
import type { Row } from "../rows.js"
import type { Ctx } from "./context.js"

/** @since 0.1.0 */
export const make = (ctx: Ctx) => {
  const { dialect, rows, sql } = ctx
  const decode = rows.events

  const appendEvents = (events: ReadonlyArray<ReviewEvent.New>) =>
    Effect.gen(function*() {
      const now = dialect.time(yield* ctx.now)
      const out: Array<ReviewEvent.ReviewEvent> = []
      for (const e of events) {
        const inserted = yield* sql<Row>`INSERT INTO clip_events ${
          sql.insert({
            clip_id: e.clipId,
            action: e._tag,
            reviewer_id: e.reviewerId,
            event_data: JSON.stringify(ReviewEvent.dataOf(e)),
            created_at: now,
            updated_at: now
          })
        } RETURNING *`
        out.push(...(yield* decode("appendEvents")(inserted)))
      }
      return out
    }).pipe(ctx.transaction, orCatalogError("appendEvents"))

  const listEvents = (clipId: number) =>
    sql<Row>`SELECT * FROM clip_events WHERE clip_id = ${clipId} ORDER BY id`.pipe(
      Effect.flatMap(decode("listEvents")),
      orCatalogError("listEvents")
    )

  const dueEvents = (q: Catalog.DueEventsQuery) =>
    (q.actions.length === 0 || q.limit <= 0
      ? Effect.succeed([])
      : sql<Row>`SELECT * FROM clip_events
          WHERE processed_at IS NULL AND cancelled_at IS NULL
          AND ${sql.in("action", q.actions)} AND created_at <= ${dialect.time(q.createdBefore)}
          ORDER BY created_at, id LIMIT ${sql.literal(String(Math.floor(q.limit)))}${sql.literal(dialect.skipLocked)}`.pipe(
          Effect.flatMap(decode("dueEvents"))
        )).pipe(orCatalogError("dueEvents"))

  const markEvents = (
    ids: ReadonlyArray<Ids.EventId>,
    mark: { readonly processedAt: Date } | { readonly cancelledAt: Date }
  ) =>
    ids.length === 0
      ? Effect.succeed(0)
      : Effect.gen(function*() {
        const now = dialect.time(yield* ctx.now)
        const set = "processedAt" in mark
          ? { processed_at: dialect.time(mark.processedAt), updated_at: now }
          : { cancelled_at: dialect.time(mark.cancelledAt), updated_at: now }
        const changed = yield* sql<{ id: number }>`UPDATE clip_events SET ${sql.update(set)}
          WHERE ${sql.in("id", ids)} AND processed_at IS NULL AND cancelled_at IS NULL RETURNING id`
        return changed.length
      }).pipe(orCatalogError("markEvents"))

  return { appendEvents, listEvents, dueEvents, markEvents }
}
