/**
 * The demo server's API as an `HttpApi`: groups of typed endpoints (params, payloads, responses,
 * errors). The server implements it (`handlers/`), `/openapi.json` and `/docs` are derived from it,
 * and `HttpApiClient.make(HeatersApi)` gives a typed client.
 *
 * @since 0.1.0
 */
import { HttpApi, HttpApiEndpoint, HttpApiGroup, HttpApiMiddleware, HttpApiSchema, HttpApiSecurity, Multipart, OpenApi } from "@effect/platform"
import { Schema } from "effect"
import { BadRequest, Conflict, NotFound, PayloadTooLarge, ServerError, Unauthorized } from "./errors.js"
import * as S from "./schemas.js"

/**
 * Guards every mutating endpoint: when the server has a token, the request must carry it as
 * `Authorization: Bearer <token>`.
 *
 * @since 0.1.0
 */
export class Authorization extends HttpApiMiddleware.Tag<Authorization>()("Authorization", {
  failure: Unauthorized,
  security: { bearer: HttpApiSecurity.bearer }
}) {}

const changed = Schema.Struct({ clips: Schema.Array(S.ClipJson), pending: Schema.Int })

/** The review queue and reviewer actions. @since 0.1.0 */
export const ReviewGroup = HttpApiGroup.make("review")
  .add(
    HttpApiEndpoint.get("next", "/api/review/next")
      .setUrlParams(S.NextQuery)
      .addSuccess(Schema.Struct({ items: Schema.Array(S.ReviewItemJson), pending: Schema.Int }))
      .annotate(OpenApi.Summary, "The next clips waiting for review, oldest first, and how many wait")
  )
  .add(
    HttpApiEndpoint.post("act", "/api/review/:id")
      .setPath(S.IdPath)
      .setPayload(S.ActionJson)
      .addSuccess(changed)
      .middleware(Authorization)
      .annotate(OpenApi.Summary, "Apply a reviewer action (approve, skip, archive, merge, group, split, undo); returns the clips it changed")
  )

/** Clips: one as the review page shows it, its history, export and retry. @since 0.1.0 */
export const ClipsGroup = HttpApiGroup.make("clips")
  .add(HttpApiEndpoint.get("get", "/api/clips/:id").setPath(S.IdPath).addSuccess(S.ReviewItemJson))
  .add(
    HttpApiEndpoint.get("history", "/api/clips/:id/history")
      .setPath(S.IdPath)
      .addSuccess(Schema.Array(S.EventJson))
      .annotate(OpenApi.Summary, "The clip's review events, oldest first (merge and split lineage in `details`)")
  )
  .add(
    HttpApiEndpoint.post("export", "/api/clips/:id/export")
      .setPath(S.IdPath)
      .addSuccess(Schema.Struct({ key: Schema.String, url: Schema.String }))
      .middleware(Authorization)
      .annotate(OpenApi.Summary, "Render the clip's own MP4 (once) and return where to download it")
  )
  .add(HttpApiEndpoint.post("retry", "/api/clips/:id/retry").setPath(S.IdPath).addSuccess(S.ClipJson).middleware(Authorization))

/** Source videos: list, detail, submit by URL or path, upload, retry. @since 0.1.0 */
export const VideosGroup = HttpApiGroup.make("videos")
  .add(HttpApiEndpoint.get("list", "/api/videos").addSuccess(Schema.Array(S.VideoSummaryJson)))
  .add(HttpApiEndpoint.get("get", "/api/videos/:id").setPath(S.IdPath).addSuccess(S.VideoDetailJson))
  .add(
    HttpApiEndpoint.get("clips", "/api/videos/:id/clips")
      .setPath(S.IdPath)
      .addSuccess(Schema.Array(S.ReviewItemJson))
      .annotate(OpenApi.Summary, "The video's live clips (not merged, split or archived), for ID mode")
  )
  .add(
    HttpApiEndpoint.post("submit", "/api/videos")
      .setPayload(Schema.Struct({ source: Schema.String }))
      .addSuccess(S.VideoJson, { status: 201 })
      .middleware(Authorization)
      .annotate(OpenApi.Summary, "Submit an http(s) URL or a path on the server's disk; ingest starts at once")
  )
  .add(
    HttpApiEndpoint.post("upload", "/api/videos/upload")
      .setPayload(HttpApiSchema.Multipart(Schema.Struct({ file: Multipart.FilesSchema })))
      .addSuccess(S.VideoJson, { status: 201 })
      .addError(PayloadTooLarge)
      .middleware(Authorization)
      .annotate(OpenApi.Summary, "Upload a video file (multipart field `file`); ingest starts at once")
  )
  .add(HttpApiEndpoint.post("retry", "/api/videos/:id/retry").setPath(S.IdPath).addSuccess(S.VideoJson).middleware(Authorization))

/** Pipeline status. @since 0.1.0 */
export const StatusGroup = HttpApiGroup.make("status").add(
  HttpApiEndpoint.get("get", "/api/status").addSuccess(S.StatusJson).annotate(OpenApi.Summary, "Videos and clips by state, jobs waiting per queue")
)

/** Similarity search. @since 0.1.0 */
export const SearchGroup = HttpApiGroup.make("search")
  .add(HttpApiEndpoint.get("options", "/api/search/options").addSuccess(S.SearchOptionsJson))
  .add(HttpApiEndpoint.get("seed", "/api/search/seed").setUrlParams(S.SearchQuery).addSuccess(Schema.NullOr(S.ReviewItemJson)))
  .add(HttpApiEndpoint.get("similar", "/api/search/similar").setUrlParams(S.SimilarQuery).addSuccess(S.SimilarJson))
  .add(HttpApiEndpoint.get("text", "/api/search/text").setUrlParams(S.TextQuery).addSuccess(S.SimilarJson))
  .add(HttpApiEndpoint.get("duplicates", "/api/search/duplicates").setUrlParams(S.DuplicatesQuery).addSuccess(S.DuplicatesJson))

/** @since 0.1.0 */
export class HeatersApi extends HttpApi.make("heaters")
  .add(ReviewGroup)
  .add(ClipsGroup)
  .add(VideosGroup)
  .add(StatusGroup)
  .add(SearchGroup)
  .addError(BadRequest)
  .addError(NotFound)
  .addError(Conflict)
  .addError(ServerError)
  .annotate(OpenApi.Title, "Heaters demo server")
  .annotate(OpenApi.Version, "0.1.0")
  .annotate(OpenApi.Description, "Review, library, status and search API of the Heaters example server. Mutating endpoints need `Authorization: Bearer <HEATERS_TOKEN>` when the server has a token.") {}
