/**
 * How the examples build Heaters. By default the embedded store over a data directory (`--data`,
 * `HEATERS_DATA_DIR`, else `./.heaters`): SQLite in `<dir>/heaters.db`, blobs in `<dir>/blobs`.
 * `HEATERS_DATABASE_URL` swaps SQLite for Postgres and `HEATERS_S3_BUCKET` swaps the local blobs for
 * S3 (each on its own; see docs/cli.md). Media, downloads, the embedder (CLIP with
 * `HEATERS_CLIP_MODEL_DIR`, else the colour layout), the pipeline
 * settings (`HEATERS_COMMIT_DELAY`, … ) and the progress hub are the same in every case.
 *
 * @since 0.1.0
 */
import { join } from "node:path"
import * as Embedded from "@heaters/adapters/embedded"
import * as Ffmpeg from "@heaters/adapters/ffmpeg"
import * as Fs from "@heaters/adapters/fs"
import * as Sqlite from "@heaters/adapters/sqlite"
import * as Ytdlp from "@heaters/adapters/ytdlp"
import { Embedder, Heaters, PipelineConfig, Progress } from "@heaters/core"
import { Config, Effect, Layer, Option, Redacted } from "effect"

/** The data directory: the flag, else `HEATERS_DATA_DIR`, else `./.heaters`. @since 0.1.0 */
export const dataDir = (flag?: string): string => flag ?? process.env["HEATERS_DATA_DIR"] ?? ".heaters"

const optionalString = (name: string) => Config.option(Config.string(name)).pipe(Config.map(Option.getOrUndefined))

/**
 * The S3 settings (`HEATERS_S3_*`); present only when `HEATERS_S3_BUCKET` is set. Secrets stay
 * `Redacted` until they are handed to the client.
 *
 * @since 0.1.0
 */
export const s3Settings = Config.option(
  Config.all({
    bucket: Config.string("HEATERS_S3_BUCKET"),
    region: optionalString("HEATERS_S3_REGION"),
    endpoint: optionalString("HEATERS_S3_ENDPOINT"),
    accessKeyId: Config.option(Config.redacted("HEATERS_S3_ACCESS_KEY_ID")),
    secretAccessKey: Config.option(Config.redacted("HEATERS_S3_SECRET_ACCESS_KEY")),
    forcePathStyle: Config.withDefault(Config.boolean("HEATERS_S3_FORCE_PATH_STYLE"), false),
    publicBaseUrl: optionalString("HEATERS_PUBLIC_BASE_URL")
  })
)

/** Where the catalog and the blobs live, from the environment. @since 0.1.0 */
export const storeSettings = Config.all({
  databaseUrl: Config.option(Config.redacted("HEATERS_DATABASE_URL")),
  s3: s3Settings
})

/** @since 0.1.0 */
export type StoreSettings = Config.Config.Success<typeof storeSettings>

/** A one-line description of the store in use (no secrets), for logs and `heaters doctor`. @since 0.1.0 */
export const describeStore = (dir: string, settings: StoreSettings): string =>
  [
    Option.isSome(settings.databaseUrl) ? "catalog: Postgres (HEATERS_DATABASE_URL)" : `catalog: SQLite ${join(dir, "heaters.db")}`,
    Option.match(settings.s3, { onNone: () => `blobs: ${join(dir, "blobs")}`, onSome: (s) => `blobs: S3 bucket ${s.bucket}` })
  ].join(", ")

// Postgres and S3 are loaded only when configured: the embedded default never pays for their clients.
const catalogLayer = (dir: string, settings: StoreSettings) =>
  Option.match(settings.databaseUrl, {
    onNone: () => Sqlite.layer({ filename: join(dir, "heaters.db") }),
    onSome: (url) =>
      Layer.unwrapEffect(Effect.promise(() => import("@heaters/adapters/postgres")).pipe(Effect.map((Postgres) => Postgres.layer({ url }))))
  })

const blobLayer = (dir: string, settings: StoreSettings) =>
  Option.match(settings.s3, {
    onNone: () => Fs.layer({ root: join(dir, "blobs"), baseUrl: "/blobs/" }),
    onSome: (s) =>
      Layer.unwrapEffect(
        Effect.promise(() => import("@heaters/adapters/s3")).pipe(
          Effect.map((S3) =>
            S3.layer({
              bucket: s.bucket,
              ...(s.publicBaseUrl === undefined ? {} : { publicBaseUrl: s.publicBaseUrl }),
              client: {
                ...(s.region === undefined ? {} : { region: s.region }),
                ...(s.endpoint === undefined
                  // S3-compatible servers often lack the SDK's newer default checksums.
                  ? {}
                  : { endpoint: s.endpoint, requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" }),
                forcePathStyle: s.forcePathStyle,
                ...(Option.isSome(s.accessKeyId) && Option.isSome(s.secretAccessKey)
                  ? { credentials: { accessKeyId: Redacted.value(s.accessKeyId.value), secretAccessKey: Redacted.value(s.secretAccessKey.value) } }
                  : {})
              }
            })
          )
        )
      )
  })

/**
 * The facade and every port it was built from, over the data directory and the `HEATERS_*`
 * environment; `pipeline` overrides the pipeline settings read from the environment.
 *
 * @since 0.1.0
 */
export const store = (dir: string, pipeline: PipelineConfig.Input = {}, fetcher: Ytdlp.FetcherOptions = {}) =>
  Layer.unwrapEffect(
    Effect.gen(function* () {
      const settings = yield* storeSettings
      const fromEnv = yield* PipelineConfig.fromEnv
      // CLIP when HEATERS_CLIP_MODEL_DIR names a model, the colour layout otherwise; the pipeline
      // asks for the model the embedder serves.
      const embedder = Embedded.embedderLayer({})
      const config = Layer.unwrapEffect(
        Effect.map(Embedder.Embedder, (e) => PipelineConfig.layer({ embeddingModel: e.model.name, ...fromEnv, ...pipeline }))
      ).pipe(Layer.provide(embedder))
      return Heaters.layer.pipe(
        Layer.provideMerge(
          Layer.mergeAll(catalogLayer(dir, settings), blobLayer(dir, settings), Ffmpeg.layer(), Ytdlp.layer(fetcher), embedder, config, Progress.layer)
        )
      )
    })
  )

/**
 * What the CLI's one-shot commands download with: the machine's own user may fetch from their own
 * network. The server (`serve`, `demo`) keeps the default, which refuses private addresses.
 *
 * @since 0.1.0
 */
export const cliFetcher: Ytdlp.FetcherOptions = { allowPrivateAddresses: true }
