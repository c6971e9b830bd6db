/**
 * `@heaters/adapters/s3` — the BlobStore port on S3 (`@aws-sdk/client-s3`; multipart uploads of
 * local files through `@aws-sdk/lib-storage`). Deletes go in batches of ≤ 1000 keys and every
 * per-key error S3 reports inside a 200 response becomes part of a `BlobError` (docs/defects.md#d28).
 *
 * @example
 * import * as S3 from "@heaters/adapters/s3"
 * const Blobs = S3.layer({ bucket: "heaters", client: { region: "eu-west-1" }, publicBaseUrl: "https://cdn.example.com/" })
 *
 * @since 0.1.0
 */
import * as fs from "node:fs"
import * as path from "node:path"
import type { S3ClientConfig } from "@aws-sdk/client-s3"
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client
} from "@aws-sdk/client-s3"
import { Upload } from "@aws-sdk/lib-storage"
import { getSignedUrl } from "@aws-sdk/s3-request-presigner"
import { BlobStore, Errors } from "@heaters/core"
import type { ConfigError, Scope } from "effect"
import { Config, Effect, Layer, Option, Stream } from "effect"
import { checkKey, checkKeys, encodeKey, isValidKey } from "../fs/key.js"
import { tempDir } from "../internal/tempDir.js"
import { tmpdir } from "node:os"
import { sweep } from "../scratch/sweep.js"

/** Prefix of the scratch directories of `localPath` downloads, swept when the layer is built. */
const SCRATCH_PREFIX = "heaters-s3-"


/** Which S3 bucket (and prefix within it) the store uses, how to reach it, and how it makes URLs. @since 0.1.0 */
export interface Options {
  readonly bucket: string
  /**
   * Where in the bucket this store lives, e.g. `"heaters/"` (must end with `/`). Keys are checked
   * by the same rules as on disk (no `..`, no leading `/`), so no key reaches outside the prefix.
   */
  readonly prefix?: string
  /** A ready client (tests, custom middleware) or the settings to build one. */
  readonly client?: S3Client | S3ClientConfig
  /** When set, `url` is this base + the object key (prefix included; a CDN); otherwise a presigned GET URL. */
  readonly publicBaseUrl?: string
  /** Lifetime of presigned URLs in seconds; default 3600. */
  readonly presignExpiresIn?: number
  /** Part size of multipart uploads in bytes; default 8 MiB. */
  readonly partSize?: number
}

// The SDK names the S3 error code in `name` (NoSuchBucket, AccessDenied): keep it in front.
const reasonOf = (e: unknown) => (e instanceof Error && e.name !== "Error" ? `${e.name}: ${Errors.describe(e)}` : Errors.describe(e))
const isMissing = (e: unknown) => {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } }
  return err?.name === "NoSuchKey" || err?.name === "NotFound" || err?.$metadata?.httpStatusCode === 404
}

/**
 * Builds a BlobStore on an S3 bucket; a client it built itself is destroyed when the scope closes.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options): Effect.Effect<BlobStore.BlobStoreShape, never, Scope.Scope> =>
  Effect.gen(function*() {
    const owned = !(options.client instanceof S3Client)
    const client = options.client instanceof S3Client ? options.client : new S3Client(options.client ?? {})
    if (owned) yield* Effect.addFinalizer(() => Effect.sync(() => client.destroy()))
    // A process killed mid-download left its scratch directory behind: remove those of gone processes.
    yield* sweep(tmpdir(), [SCRATCH_PREFIX])
    const Bucket = options.bucket
    const prefix = options.prefix ?? ""
    if (prefix !== "" && !(prefix.endsWith("/") && isValidKey(prefix.slice(0, -1)))) {
      return yield* Effect.die(new Error(`S3 prefix ${JSON.stringify(prefix)} must be a valid key followed by "/"`))
    }
    /** The object key of a (checked) store key. */
    const objectKey = (key: string) => prefix + key

    const call = <A>(operation: string, key: string, f: (signal: AbortSignal) => Promise<A>) =>
      Effect.flatMap(checkKey(operation, key), () =>
        Effect.tryPromise({
          try: f,
          catch: (e) =>
            isMissing(e) ? new BlobStore.BlobNotFound({ key }) : new BlobStore.BlobError({ operation, keys: [key], reason: reasonOf(e), cause: e })
        }))
    const noMissing = <A, R>(operation: string, key: string, self: Effect.Effect<A, BlobStore.BlobNotFound | BlobStore.BlobError, R>) =>
      Effect.catchTag(self, "BlobNotFound", () =>
        Effect.fail(new BlobStore.BlobError({ operation, keys: [key], reason: "not found" })))

    const put = (key: string, bytes: Uint8Array, contentType?: string) =>
      noMissing("put", key, call("put", key, (abortSignal) =>
        client.send(new PutObjectCommand({ Bucket, Key: objectKey(key), Body: bytes, ContentType: contentType }), { abortSignal })))
        .pipe(Effect.asVoid)

    const putFile = (key: string, file: string, contentType?: string) =>
      noMissing("putFile", key, call("putFile", key, () =>
        new Upload({
          client,
          params: { Bucket, Key: objectKey(key), Body: fs.createReadStream(file), ContentType: contentType },
          partSize: options.partSize ?? 8 * 1024 * 1024,
          queueSize: 4
        }).done()))
        .pipe(Effect.asVoid)

    const getObject = (operation: string, key: string, range?: BlobStore.ByteRange) =>
      call(operation, key, (abortSignal) =>
        client.send(
          new GetObjectCommand({
            Bucket,
            Key: objectKey(key),
            ...(range ? { Range: `bytes=${range.start}-${range.end ?? ""}` } : {})
          }),
          { abortSignal }
        ))

    const get = (key: string) =>
      Effect.flatMap(getObject("get", key), (out) =>
        Effect.tryPromise({
          try: () => out.Body!.transformToByteArray(),
          catch: (e) => new BlobStore.BlobError({ operation: "get", keys: [key], reason: reasonOf(e), cause: e })
        }))

    const stream = (key: string, range?: BlobStore.ByteRange) =>
      Stream.unwrap(
        Effect.map(getObject("stream", key, range), (out) =>
          Stream.fromAsyncIterable(
            out.Body as unknown as AsyncIterable<Uint8Array>,
            (e) => new BlobStore.BlobError({ operation: "stream", keys: [key], reason: reasonOf(e), cause: e })
          ))
      )

    const size = (key: string) =>
      call("size", key, (abortSignal) => client.send(new HeadObjectCommand({ Bucket, Key: objectKey(key) }), { abortSignal })).pipe(
        Effect.map((out) => Option.some(Number(out.ContentLength ?? 0))),
        Effect.catchTag("BlobNotFound", () => Effect.succeed(Option.none<number>()))
      )

    /** A scoped temporary download: removed with its directory when the scope closes. */
    const localPath = (key: string) =>
      Effect.gen(function*() {
        const out = yield* getObject("localPath", key)
        const dir = yield* tempDir(SCRATCH_PREFIX).pipe(
          Effect.mapError((e) => new BlobStore.BlobError({ operation: "localPath", keys: [key], reason: e.message, cause: e }))
        )
        const file = path.join(dir, path.basename(key))
        yield* Effect.tryPromise({
          try: () => fs.promises.writeFile(file, out.Body as unknown as AsyncIterable<Uint8Array>),
          catch: (e) => new BlobStore.BlobError({ operation: "localPath", keys: [key], reason: reasonOf(e), cause: e })
        })
        return file
      })

    const del = (keys: ReadonlyArray<string>) =>
      Effect.gen(function*() {
        yield* checkKeys("delete", keys)
        const failed: Array<string> = []
        const reasons = new Set<string>()
        for (let i = 0; i < keys.length; i += 1000) {
          const batch = keys.slice(i, i + 1000)
          const out = yield* Effect.tryPromise({
            try: () =>
              client.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: batch.map((key) => ({ Key: objectKey(key) })), Quiet: true } })),
            catch: (e) => new BlobStore.BlobError({ operation: "delete", keys: batch, reason: reasonOf(e), cause: e })
          })
          for (const error of out.Errors ?? []) {
            if (error.Code === "NoSuchKey") continue
            failed.push(error.Key?.slice(prefix.length) ?? "?")
            reasons.add(`${error.Code ?? "Error"}: ${error.Message ?? ""}`)
          }
        }
        if (failed.length > 0) {
          return yield* new BlobStore.BlobError({ operation: "delete", keys: failed, reason: [...reasons].join("; ") })
        }
      })

    const list = (under: string) =>
      Effect.tryPromise({
        try: async () => {
          const keys: Array<string> = []
          let token: string | undefined
          do {
            const out = await client.send(new ListObjectsV2Command({ Bucket, Prefix: objectKey(under), ContinuationToken: token }))
            for (const o of out.Contents ?? []) if (o.Key?.startsWith(prefix)) keys.push(o.Key.slice(prefix.length))
            token = out.IsTruncated ? out.NextContinuationToken : undefined
          } while (token)
          return keys.sort()
        },
        catch: (e) => new BlobStore.BlobError({ operation: "list", keys: [under], reason: reasonOf(e), cause: e })
      })

    const url = (key: string) =>
      options.publicBaseUrl !== undefined
        ? Effect.map(checkKey("url", key), (k) => options.publicBaseUrl + encodeKey(objectKey(k)))
        : noMissing("url", key, call("url", key, () =>
          getSignedUrl(client, new GetObjectCommand({ Bucket, Key: objectKey(key) }), { expiresIn: options.presignExpiresIn ?? 3600 })))

    return BlobStore.BlobStore.of({ put, putFile, get, stream, size, localPath, delete: del, list, url })
  })

/**
 * A BlobStore on an S3 bucket as a scoped layer.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<BlobStore.BlobStore> => Layer.scoped(BlobStore.BlobStore, make(options))

/**
 * Reads `S3_BUCKET_NAME`, `AWS_REGION` and optional `HEATERS_PUBLIC_BASE_URL` by default; the AWS
 * SDK finds credentials itself.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  config: Config.Config<Options> = Config.all({
    bucket: Config.string("S3_BUCKET_NAME"),
    client: Config.map(Config.option(Config.string("AWS_REGION")), (region) => Option.match(region, { onNone: () => ({}), onSome: (r) => ({ region: r }) })),
    publicBaseUrl: Config.option(Config.string("HEATERS_PUBLIC_BASE_URL")).pipe(Config.map(Option.getOrUndefined))
  })
): Layer.Layer<BlobStore.BlobStore, ConfigError.ConfigError> => Layer.unwrapEffect(Effect.map(config, layer))
