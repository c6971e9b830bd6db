/**
 * The JSON API of the demo server: the review queue and actions, clips of a video (ID mode),
 * submissions, status and similarity search — each a thin call into the `Heaters` facade.
 *
 * @since 0.1.0
 */
import { HttpRouter, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { PipelineConfig, Heaters, Ids, Review } from "@heaters/core"
import { Effect, Option, Schema } from "effect"
import { handled } from "./errors.js"
import { reviewItem } from "./reviewItems.js"

const IdParam = Schema.Struct({ id: Schema.NumberFromString.pipe(Schema.int(), Schema.positive()) })
const clipId = (n: number) => Ids.unsafe.clip(n)
const json = (body: unknown) => HttpServerResponse.unsafeJson(body)

const IdList = Schema.transform(Schema.String, Schema.Array(Schema.Number), {
  decode: (s) => s.split(",").filter((x) => /^\d+$/.test(x)).map(Number),
  encode: (ids) => ids.join(",")
})

const NextQuery = Schema.Struct({
  limit: Schema.optionalWith(Schema.NumberFromString.pipe(Schema.int(), Schema.between(1, 50)), { default: () => 6 }),
  exclude: Schema.optionalWith(IdList, { default: () => [] })
})

const SearchQuery = Schema.Struct({
  model: Schema.optional(Schema.String),
  strategy: Schema.optional(Schema.String),
  video: Schema.optional(Schema.NumberFromString.pipe(Schema.int(), Schema.positive()))
})

const SimilarQuery = Schema.Struct({
  ...SearchQuery.fields,
  clipId: Schema.NumberFromString.pipe(Schema.int(), Schema.positive()),
  order: Schema.optionalWith(Schema.Literal("nearest", "farthest"), { default: () => "nearest" as const }),
  page: Schema.optionalWith(Schema.NumberFromString.pipe(Schema.int(), Schema.between(1, 10_000)), { default: () => 1 })
})

/** Model and strategy filters, defaulting to the configured ones (DOMAIN.md §10 Ours). */
const filters = (q: typeof SearchQuery.Type) =>
  Effect.map(PipelineConfig.Pipeline, (config) => ({
    modelName: q.model || config.embeddingModel,
    generationStrategy: q.strategy || config.generationStrategy,
    ...(q.video === undefined ? {} : { sourceVideoId: Ids.unsafe.video(q.video) })
  }))

/** @since 0.1.0 */
export const pageSize = 12

/** @since 0.1.0 */
export const routes = HttpRouter.empty.pipe(
  HttpRouter.get(
    "/api/review/next",
    handled(
      Effect.gen(function* () {
        const heaters = yield* Heaters.Heaters
        const q = yield* HttpServerRequest.schemaSearchParams(NextQuery)
        const next = yield* heaters.review.next({ limit: q.limit, excludeIds: q.exclude.map(clipId) })
        const items = yield* Effect.forEach(next, (i) => reviewItem(i.clip.id))
        return json({ items, pending: yield* heaters.review.pending })
      })
    )
  ),
  HttpRouter.post(
    "/api/review/:id",
    handled(
      Effect.gen(function* () {
        const heaters = yield* Heaters.Heaters
        const { id } = yield* HttpRouter.schemaPathParams(IdParam)
        const action = yield* HttpServerRequest.schemaBodyJson(Review.Action)
        const clips = yield* heaters.review.act(clipId(id), action)
        return json({ clips, pending: yield* heaters.review.pending })
      })
    )
  ),
  HttpRouter.get(
    "/api/clips/:id",
    handled(Effect.flatMap(HttpRouter.schemaPathParams(IdParam), ({ id }) => reviewItem(clipId(id))).pipe(Effect.map(json)))
  ),
  HttpRouter.get(
    "/api/videos/:id/clips",
    handled(
      Effect.gen(function* () {
        const heaters = yield* Heaters.Heaters
        const { id } = yield* HttpRouter.schemaPathParams(IdParam)
        const clips = yield* heaters.clips(Ids.unsafe.video(id))
        const live = clips.filter((c) => c.state !== "merged" && c.state !== "split" && c.state !== "archived")
        return json(yield* Effect.forEach(live, (c) => heaters.review.item(c.id)))
      })
    )
  ),
  HttpRouter.post(
    "/api/videos",
    handled(
      Effect.gen(function* () {
        const heaters = yield* Heaters.Heaters
        const { source } = yield* HttpServerRequest.schemaBodyJson(Schema.Struct({ source: Schema.String }))
        return HttpServerResponse.unsafeJson(yield* heaters.submit(source), { status: 201 })
      })
    )
  ),
  HttpRouter.get("/api/status", handled(Effect.map(Effect.flatMap(Heaters.Heaters, (h) => h.status), json))),
  HttpRouter.get(
    "/api/search/options",
    handled(
      Effect.gen(function* () {
        const heaters = yield* Heaters.Heaters
        const config = yield* PipelineConfig.Pipeline
        const options = yield* heaters.search.filterOptions
        return json({ ...options, defaults: { model: config.embeddingModel, strategy: config.generationStrategy } })
      })
    )
  ),
  HttpRouter.get(
    "/api/search/seed",
    handled(
      Effect.gen(function* () {
        const heaters = yield* Heaters.Heaters
        const seed = yield* heaters.search.randomSeed(yield* filters(yield* HttpServerRequest.schemaSearchParams(SearchQuery)))
        return json(Option.isSome(seed) ? yield* heaters.review.item(seed.value) : null)
      })
    )
  ),
  HttpRouter.get(
    "/api/search/similar",
    handled(
      Effect.gen(function* () {
        const heaters = yield* Heaters.Heaters
        const q = yield* HttpServerRequest.schemaSearchParams(SimilarQuery)
        const matches = yield* heaters.search.similar({ ...(yield* filters(q)), clipId: clipId(q.clipId), order: q.order, page: q.page, pageSize })
        const items = yield* Effect.forEach(matches, (m) => Effect.map(heaters.review.item(m.clipId), (item) => ({ ...item, similarityPct: m.similarityPct, distance: m.distance })))
        return json({ page: q.page, pageSize, items })
      })
    )
  )
)
