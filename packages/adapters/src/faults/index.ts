/**
 * `@heaters/adapters/faults` — fault injection for any adapter: layers that wrap the BlobStore,
 * Media, Catalog, Fetcher or Embedder already in context and make a fraction of its calls fail
 * (transiently or permanently), slow them down, cut streams mid-way, or fail everything during an
 * outage. Each injected failure is the port's own tagged error with a reason starting "injected",
 * so it travels the same paths a real one would. See docs/RELIABILITY.md, "Fault injection".
 *
 * @example
 * import * as Faults from "@heaters/adapters/faults"
 * import * as Fs from "@heaters/adapters/fs"
 * // Every fifth blob call fails; every call takes 5–50 ms longer.
 * const Blobs = Faults.blobStore({ transient: 0.2, latencyMs: [5, 50] }).pipe(Layer.provide(Fs.layer({ root: "data/blobs" })))
 *
 * @since 0.1.0
 */
import * as fs from "node:fs"
import { BlobStore, Catalog, Embedder, Errors, Fetcher, Media } from "@heaters/core"
import { Effect, Layer, Stream } from "effect"
import * as Policy from "./policy.js"

export { makeSwitch, type FaultCounts, type FaultKind, type FaultOptions, type OutageSwitch } from "./policy.js"

/** A policy, or the options to build one. @since 0.1.0 */
export type PolicyInput = Policy.Policy | Policy.FaultOptions

const policyOf = (input: PolicyInput): Policy.Policy => ("decide" in input ? input : Policy.make(input))

/**
 * A policy whose `counts` a test or report can read after the run.
 *
 * @since 0.1.0
 */
export const policy = (options: Policy.FaultOptions): Policy.Policy => Policy.make(options)

/** Runs the policy and fails with `toError(kind, operation, target)` when it says so. */
const gate =
  <E>(p: Policy.Policy, toError: (kind: Policy.FaultKind, operation: string, target: string) => E) =>
  (operation: string, args: ReadonlyArray<unknown>) => {
    const target = Policy.targetOf(args)
    return Effect.flatMap(p.decide(operation, target), (kind) => (kind === null ? Effect.void : Effect.fail(toError(kind, operation, target))))
  }

/** Cuts a byte stream after `limit` bytes with `error`. */
const cutAfter = <E, E2>(stream: Stream.Stream<Uint8Array, E>, limit: number, error: () => E2): Stream.Stream<Uint8Array, E | E2> =>
  Stream.suspend(() => {
    let sent = 0
    return stream.pipe(
      Stream.mapEffect((chunk): Effect.Effect<Uint8Array, E2> => {
        if (sent >= limit) return Effect.fail(error())
        const room = limit - sent
        sent += chunk.length
        return Effect.succeed(chunk.length > room ? chunk.subarray(0, room) : chunk)
      }),
      Stream.concat(Stream.suspend(() => (sent >= limit ? Stream.fail(error()) : Stream.empty)))
    )
  })

/**
 * Wraps a BlobStore: each call may fail with `BlobError`; `stream` is also cut after `cutAfterBytes`.
 *
 * @since 0.1.0
 */
export const wrapBlobStore = (blobs: BlobStore.BlobStoreShape, input: PolicyInput): BlobStore.BlobStoreShape => {
  const p = policyOf(input)
  const error = (kind: Policy.FaultKind, operation: string, target: string) =>
    new BlobStore.BlobError({ operation, keys: target ? [target] : [], reason: Policy.reason(kind, operation) })
  const before = gate(p, error)
  const wrapped = Policy.wrapMethods(blobs, before, ["stream"])
  return {
    ...wrapped,
    stream: (key, range) => {
      const opened = Stream.unwrap(Effect.as(before("stream", [key]), blobs.stream(key, range)))
      const limit = p.options.cutAfterBytes
      return limit === undefined ? opened : cutAfter(opened, limit, () => error("transient", "stream", key))
    }
  }
}

/**
 * Wraps Media: each call may fail with `MediaFailed` (as a crashed ffmpeg would).
 *
 * @since 0.1.0
 */
export const wrapMedia = (media: Media.MediaShape, input: PolicyInput): Media.MediaShape =>
  Policy.wrapMethods(
    media,
    gate(policyOf(input), (kind, operation, target) =>
      new Media.MediaFailed({ operation, command: `(fault injection) ${target}`, exitCode: null, stderr: Policy.reason(kind, operation) }))
  )

/**
 * Wraps a Catalog: each call (including opening a transaction) may fail with `CatalogError`.
 *
 * @since 0.1.0
 */
export const wrapCatalog = (catalog: Catalog.CatalogShape, input: PolicyInput): Catalog.CatalogShape =>
  Policy.wrapMethods(
    catalog,
    gate(policyOf(input), (kind, operation) => new Errors.CatalogError({ operation, reason: Policy.reason(kind, operation) }))
  )

/**
 * Wraps a Fetcher: a fetch may fail with `FetchFailed`, or (with `cutAfterBytes`) return a file
 * truncated to that many bytes — what a connection closed early leaves behind.
 *
 * @since 0.1.0
 */
export const wrapFetcher = (fetcher: Fetcher.FetcherShape, input: PolicyInput): Fetcher.FetcherShape => {
  const p = policyOf(input)
  const before = gate(p, (kind, operation, target) =>
    new Fetcher.FetchFailed({ url: target, strategy: "fault injection", reason: Policy.reason(kind, operation), detail: "" }))
  return {
    fetch: (url, onProgress) =>
      Effect.zipRight(
        before("fetch", [url]),
        Effect.tap(fetcher.fetch(url, onProgress), (fetched) =>
          p.options.cutAfterBytes === undefined
            ? Effect.void
            : Effect.sync(() => {
              if (fs.statSync(fetched.path).size > p.options.cutAfterBytes!) fs.truncateSync(fetched.path, p.options.cutAfterBytes!)
            }))
      )
  }
}

/**
 * Wraps an Embedder: `embed` (and `embedText`) may fail with `EmbedderError`.
 *
 * @since 0.1.0
 */
export const wrapEmbedder = (embedder: Embedder.EmbedderShape, input: PolicyInput): Embedder.EmbedderShape =>
  Policy.wrapMethods(
    embedder,
    gate(policyOf(input), (kind, operation) => new Embedder.EmbedderError({ model: embedder.model.name, reason: Policy.reason(kind, operation) }))
  )

/**
 * The BlobStore in context, with faults. Provide the real one below it.
 *
 * @since 0.1.0
 * @category layers
 */
export const blobStore = (input: PolicyInput): Layer.Layer<BlobStore.BlobStore, never, BlobStore.BlobStore> =>
  Layer.effect(BlobStore.BlobStore, Effect.map(BlobStore.BlobStore, (b) => wrapBlobStore(b, input)))

/** The Media in context, with faults. @since 0.1.0 @category layers */
export const media = (input: PolicyInput): Layer.Layer<Media.Media, never, Media.Media> =>
  Layer.effect(Media.Media, Effect.map(Media.Media, (m) => wrapMedia(m, input)))

/** The Catalog in context, with faults. @since 0.1.0 @category layers */
export const catalog = (input: PolicyInput): Layer.Layer<Catalog.Catalog, never, Catalog.Catalog> =>
  Layer.effect(Catalog.Catalog, Effect.map(Catalog.Catalog, (c) => wrapCatalog(c, input)))

/** The Fetcher in context, with faults. @since 0.1.0 @category layers */
export const fetcher = (input: PolicyInput): Layer.Layer<Fetcher.Fetcher, never, Fetcher.Fetcher> =>
  Layer.effect(Fetcher.Fetcher, Effect.map(Fetcher.Fetcher, (f) => wrapFetcher(f, input)))

/** The Embedder in context, with faults. @since 0.1.0 @category layers */
export const embedder = (input: PolicyInput): Layer.Layer<Embedder.Embedder, never, Embedder.Embedder> =>
  Layer.effect(Embedder.Embedder, Effect.map(Embedder.Embedder, (e) => wrapEmbedder(e, input)))
