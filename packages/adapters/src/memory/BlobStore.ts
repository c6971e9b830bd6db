/**
 * The BlobStore port in memory, with the key rules every store enforces.
 *
 * @since 0.1.0
 */
import { BlobStore } from "@heaters/core"
import { Chunk, Effect, Layer, Option, Stream } from "effect"
import { Files } from "./Files.js"

/**
 * A key is relative, has no empty, `.` or `..` segment and no backslash or NUL; anything else is
 * refused so no store can be made to write outside its root.
 *
 * @since 0.1.0
 */
export const checkKey = (operation: string, key: string): Effect.Effect<string, BlobStore.BlobError> => {
  const bad =
    key.length === 0 ||
    key.length > 1024 ||
    key.startsWith("/") ||
    /[\\\0]/.test(key) ||
    key.split("/").some((segment) => segment === "" || segment === "." || segment === "..")
  return bad
    ? Effect.fail(new BlobStore.BlobError({ operation, keys: [key], reason: "invalid key (must be relative, without empty, '.' or '..' segments)" }))
    : Effect.succeed(key)
}

/** Settings of the in-memory BlobStore. @since 0.1.0 */
export interface Options {
  /** Prefix of the URLs `url` returns (default `/blobs/`). */
  readonly baseUrl?: string
}

/**
 * Builds an in-memory BlobStore over `Files`: objects live in a map, `localPath` materialises them
 * as pretend files.
 *
 * @since 0.1.0
 */
export const make = (options: Options = {}) =>
  Effect.gen(function* () {
    const files = yield* Files
    const objects = new Map<string, Uint8Array>()
    const get = (key: string) =>
      Effect.flatMap(checkKey("get", key), () => {
        const bytes = objects.get(key)
        return bytes ? Effect.succeed(bytes) : Effect.fail(new BlobStore.BlobNotFound({ key }))
      })
    return BlobStore.BlobStore.of({
      put: (key, bytes) => Effect.map(checkKey("put", key), () => void objects.set(key, bytes.slice())),
      putFile: (key, path) =>
        Effect.flatMap(checkKey("putFile", key), () => {
          const bytes = files.read(path)
          return bytes
            ? Effect.sync(() => void objects.set(key, bytes))
            : Effect.fail(new BlobStore.BlobError({ operation: "putFile", keys: [key], reason: `no such file ${path}` }))
        }),
      get,
      stream: (key, range) =>
        Stream.unwrap(Effect.map(get(key), (bytes) =>
          Stream.fromChunk(Chunk.of(bytes.subarray(range?.start ?? 0, range?.end === undefined ? undefined : range.end + 1)))
        )),
      size: (key) => Effect.map(checkKey("size", key), () => Option.map(Option.fromNullable(objects.get(key)), (b) => b.length)),
      localPath: (key) =>
        Effect.flatMap(get(key), (bytes) =>
          Effect.acquireRelease(
            Effect.sync(() => {
              const path = files.temp(`-${key.split("/").pop()}`)
              files.write(path, bytes)
              return path
            }),
            (path) => Effect.sync(() => files.remove(path))
          )
        ),
      delete: (keys) =>
        Effect.forEach(keys, (key) => checkKey("delete", key), { discard: true }).pipe(
          Effect.map(() => keys.forEach((key) => objects.delete(key)))
        ),
      list: (prefix) => Effect.sync(() => Array.from(objects.keys()).filter((k) => k.startsWith(prefix)).sort()),
      url: (key) => Effect.map(checkKey("url", key), () => `${options.baseUrl ?? "/blobs/"}${key}`)
    })
  })

/** The in-memory BlobStore as a layer (needs `Files`). @since 0.1.0 */
export const layer = (options: Options = {}) => Layer.effect(BlobStore.BlobStore, make(options))
