/**
 * Cross-request batching for the image encoder: every `embed` call puts its preprocessed images
 * on one queue, and a single runner fiber takes whatever is waiting (at least one, at most the
 * batch size) for each inference. While one batch runs, the next fills up — so concurrent embed
 * jobs (several clips of the `ml` queue) share batches without a fixed wait, and a lone job
 * runs at once. `lingerMs` optionally waits a little for a fuller batch. See docs/embeddings.md.
 *
 * @since 0.1.0
 */
import { Deferred, Effect, Queue } from "effect"
import type { Embedder } from "@heaters/core"

type Failure = Embedder.EmbedderError

interface Item {
  readonly pixels: Float32Array
  readonly done: Deferred.Deferred<Array<number>, Failure>
}

/** @since 0.1.0 */
export interface BatcherOptions {
  readonly batchSize: number
  readonly lingerMs: number
  /** Floats per item (3 × size × size). */
  readonly itemLength: number
  readonly run: (pixels: Float32Array, n: number) => Effect.Effect<Array<Array<number>>, Failure>
  /** The error pending requests get when the layer closes. */
  readonly closed: () => Failure
  /** The error a batch gets when running it died unexpectedly. */
  readonly crashed: (defect: unknown) => Failure
}

/** @since 0.1.0 */
export interface Batcher {
  /** Embeds preprocessed images (in order), sharing batches with concurrent callers. */
  readonly embed: (items: ReadonlyArray<Float32Array>) => Effect.Effect<Array<Array<number>>, Failure>
  /** How many inference runs and images went through (for tests and benchmarks). */
  readonly stats: () => { readonly runs: number; readonly images: number }
}

/** Starts the runner fiber in the current scope; pending requests fail when the scope closes. @since 0.1.0 */
export const make = (options: BatcherOptions) =>
  Effect.gen(function* () {
    const queue = yield* Queue.unbounded<Item>()
    let runs = 0
    let images = 0
    const runBatch = (items: ReadonlyArray<Item>) =>
      Effect.gen(function* () {
        const batch = new Float32Array(items.length * options.itemLength)
        items.forEach((item, i) => batch.set(item.pixels, i * options.itemLength))
        runs++
        images += items.length
        const result = yield* Effect.either(options.run(batch, items.length))
        if (result._tag === "Left") {
          yield* Effect.forEach(items, (item) => Deferred.fail(item.done, result.left), { discard: true })
        } else {
          yield* Effect.forEach(items, (item, i) => Deferred.succeed(item.done, result.right[i]!), { discard: true })
        }
      })
    const next = Effect.gen(function* () {
      // Wait for one, then take what else is already there (an `embed` call offers all its images at once).
      const first = [yield* Queue.take(queue), ...(yield* Queue.takeUpTo(queue, options.batchSize - 1))]
      if (first.length < options.batchSize && options.lingerMs > 0) {
        yield* Effect.sleep(options.lingerMs)
        first.push(...(yield* Queue.takeUpTo(queue, options.batchSize - first.length)))
      }
      const failAll = (error: Failure) => Effect.forEach(first, (item) => Deferred.fail(item.done, error), { discard: true })
      yield* runBatch(first).pipe(
        Effect.onInterrupt(() => failAll(options.closed())),
        // A defect must not kill the runner (every later request would wait forever): fail this batch.
        Effect.catchAllDefect((defect) => failAll(options.crashed(defect)))
      )
    })
    // Finalizers run last-added first: the runner stops (failing its batch), then the queue drains.
    yield* Effect.addFinalizer(() =>
      Effect.flatMap(Queue.takeAll(queue), (left) => Effect.forEach(left, (item) => Deferred.fail(item.done, options.closed()), { discard: true }))
    )
    yield* Effect.forkScoped(Effect.forever(next))
    return {
      embed: (pixels) =>
        Effect.gen(function* () {
          const items: Array<Item> = []
          for (const p of pixels) items.push({ pixels: p, done: yield* Deferred.make<Array<number>, Failure>() })
          yield* Queue.offerAll(queue, items)
          return yield* Effect.forEach(items, (item) => Deferred.await(item.done))
        }),
      stats: () => ({ runs, images })
    } satisfies Batcher
  })
