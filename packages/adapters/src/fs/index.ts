/**
 * `@heaters/adapters/fs` — the BlobStore port on a local directory. Writes are atomic (temporary
 * file in the target directory, then rename), every key is checked and its resolved path must stay
 * under the root, reads stream with byte ranges, and `localPath` is the stored file itself.
 *
 * @example
 * import * as Fs from "@heaters/adapters/fs"
 * const Blobs = Fs.layer({ root: "data/blobs", baseUrl: "http://localhost:3000/blobs/" })
 *
 * @since 0.1.0
 */
import { randomUUID } from "node:crypto"
import * as fs from "node:fs"
import * as path from "node:path"
import { pathToFileURL } from "node:url"
import { BlobStore, Errors } from "@heaters/core"
import type { ConfigError } from "effect"
import { Config, Effect, Layer, Option, Stream } from "effect"
import { checkKey, checkKeys, encodeKey } from "./key.js"

/** Where the local BlobStore keeps its objects and how it addresses them. @since 0.1.0 */
export interface Options {
  /** The directory holding the objects (created if missing). */
  readonly root: string
  /** Prefix of the URLs `url` returns; default the `file://` URL of the root. */
  readonly baseUrl?: string
}

const TEMP = ".heaters-tmp-"
const isMissing = (e: unknown) => (e as NodeJS.ErrnoException)?.code === "ENOENT"
const reasonOf = (e: unknown) => Errors.describe(e)

/**
 * Builds a BlobStore on the directory `root`, creating it if missing.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options): Effect.Effect<BlobStore.BlobStoreShape, BlobStore.BlobError> =>
  Effect.gen(function*() {
    const root = path.resolve(options.root)
    yield* Effect.tryPromise({
      try: () => fs.promises.mkdir(root, { recursive: true }),
      catch: (e) => new BlobStore.BlobError({ operation: "open", keys: [], reason: `${root}: ${reasonOf(e)}`, cause: e })
    })
    const baseUrl = options.baseUrl ?? pathToFileURL(root + path.sep).href

    /** The file of a key, checked twice: by the key rules, then by where it resolves. */
    const fileOf = (operation: string, key: string) =>
      Effect.flatMap(checkKey(operation, key), () => {
        const file = path.resolve(root, key)
        return file.startsWith(root + path.sep)
          ? Effect.succeed(file)
          : Effect.fail(new BlobStore.BlobError({ operation, keys: [key], reason: "key escapes the store root" }))
      })

    const fail = (operation: string, key: string) => (e: unknown) =>
      isMissing(e) ? new BlobStore.BlobNotFound({ key }) : new BlobStore.BlobError({ operation, keys: [key], reason: reasonOf(e), cause: e })
    const failNoMissing = (operation: string, key: string) => (e: unknown) =>
      new BlobStore.BlobError({ operation, keys: [key], reason: reasonOf(e), cause: e })

    /** Write to a temp file beside the target, then rename: readers see the old or the new object. */
    const atomically = (operation: string, key: string, write: (temp: string) => Promise<void>) =>
      Effect.flatMap(fileOf(operation, key), (file) =>
        Effect.tryPromise({
          try: async () => {
            await fs.promises.mkdir(path.dirname(file), { recursive: true })
            const temp = path.join(path.dirname(file), `${TEMP}${randomUUID()}`)
            try {
              await write(temp)
              await fs.promises.rename(temp, file)
            } catch (e) {
              await fs.promises.rm(temp, { force: true })
              throw e
            }
          },
          catch: failNoMissing(operation, key)
        }))

    const put = (key: string, bytes: Uint8Array) => atomically("put", key, (temp) => fs.promises.writeFile(temp, bytes))
    const putFile = (key: string, source: string) =>
      atomically("putFile", key, (temp) => fs.promises.copyFile(source, temp))

    const get = (key: string) =>
      Effect.flatMap(fileOf("get", key), (file) =>
        Effect.tryPromise({ try: () => fs.promises.readFile(file), catch: fail("get", key) }).pipe(
          Effect.map((buffer) => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength))
        ))

    const stream = (key: string, range?: BlobStore.ByteRange) =>
      Stream.unwrapScoped(
        Effect.gen(function*() {
          const file = yield* fileOf("stream", key)
          // Open first, so a missing object fails the stream with BlobNotFound before any chunk.
          const handle = yield* Effect.acquireRelease(
            Effect.tryPromise({ try: () => fs.promises.open(file, "r"), catch: fail("stream", key) }),
            (h) => Effect.promise(() => h.close())
          )
          const readable = handle.createReadStream({
            start: range?.start ?? 0,
            ...(range?.end !== undefined ? { end: range.end } : {}),
            autoClose: false
          })
          return Stream.fromAsyncIterable(readable as AsyncIterable<Buffer>, failNoMissing("stream", key)).pipe(
            Stream.map((b): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength))
          )
        })
      )

    const size = (key: string) =>
      Effect.flatMap(fileOf("size", key), (file) =>
        Effect.tryPromise({
          try: () => fs.promises.stat(file).then((s) => Option.some(s.size), (e) => (isMissing(e) ? Option.none() : Promise.reject(e))),
          catch: failNoMissing("size", key)
        }))

    const localPath = (key: string) =>
      Effect.flatMap(fileOf("localPath", key), (file) =>
        Effect.tryPromise({ try: () => fs.promises.access(file, fs.constants.R_OK), catch: fail("localPath", key) }).pipe(
          Effect.as(file)
        ))

    const del = (keys: ReadonlyArray<string>) =>
      Effect.gen(function*() {
        yield* checkKeys("delete", keys)
        const failed: Array<string> = []
        const reasons = new Set<string>()
        yield* Effect.forEach(keys, (key) =>
          Effect.promise(() =>
            fs.promises.rm(path.resolve(root, key), { force: true }).catch((e) => {
              failed.push(key)
              reasons.add(reasonOf(e))
            })
          ), { concurrency: 16, discard: true })
        if (failed.length > 0) {
          return yield* new BlobStore.BlobError({ operation: "delete", keys: failed, reason: [...reasons].join("; ") })
        }
      })

    const list = (prefix: string) =>
      Effect.tryPromise({
        try: async () => {
          const entries = await fs.promises.readdir(root, { recursive: true, withFileTypes: true })
          return entries
            .filter((e) => e.isFile() && !e.name.startsWith(TEMP))
            .map((e) => path.relative(root, path.join(e.parentPath ?? e.path, e.name)).split(path.sep).join("/"))
            .filter((key) => key.startsWith(prefix))
            .sort()
        },
        catch: (e) => new BlobStore.BlobError({ operation: "list", keys: [prefix], reason: reasonOf(e), cause: e })
      })

    const url = (key: string) => Effect.map(checkKey("url", key), (k) => baseUrl + encodeKey(k))

    return BlobStore.BlobStore.of({ put, putFile, get, stream, size, localPath, delete: del, list, url })
  })

/**
 * A BlobStore on the directory `root` as a layer.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<BlobStore.BlobStore, BlobStore.BlobError> =>
  Layer.effect(BlobStore.BlobStore, make(options))

/**
 * Reads `HEATERS_BLOB_ROOT` (and optional `HEATERS_BLOB_BASE_URL`) by default.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  config: Config.Config<Options> = Config.all({
    root: Config.string("HEATERS_BLOB_ROOT"),
    baseUrl: Config.option(Config.string("HEATERS_BLOB_BASE_URL")).pipe(Config.map(Option.getOrUndefined))
  })
): Layer.Layer<BlobStore.BlobStore, BlobStore.BlobError | ConfigError.ConfigError> =>
  Layer.unwrapEffect(Effect.map(config, layer))
