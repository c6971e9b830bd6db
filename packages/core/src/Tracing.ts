/**
 * Spans for every port call. The facade wraps each port it is built over, so every Catalog,
 * BlobStore, JobQueue, Media, Embedder, Fetcher and Search call made by a stage is a child span
 * (`Catalog.getClip`, `Media.analyze`, …) of the stage's span, itself a child of the job's span.
 * Export them with any Effect tracer, e.g. `@effect/opentelemetry`'s `NodeSdk.layer`.
 *
 * @since 0.1.0
 */
import { Context, Effect, Option } from "effect"
import { BlobStore } from "./services/BlobStore.js"
import { Catalog } from "./services/Catalog.js"
import { Embedder } from "./services/Embedder.js"
import { Fetcher } from "./services/Fetcher.js"
import { JobQueue } from "./services/JobQueue.js"
import { Media } from "./services/Media.js"
import { Search } from "./services/Search.js"

/**
 * `service` with every Effect-returning method (and every Effect-valued member) wrapped in a span
 * named `<name>.<member>`. Other members (streams, plain values) are passed through.
 *
 * @since 0.1.0
 */
export const traced = <S extends object>(name: string, service: S): S => {
  const wrapped: Record<string, unknown> = {}
  for (const [key, member] of Object.entries(service)) {
    const span = `${name}.${key}`
    if (typeof member === "function") {
      wrapped[key] = (...args: Array<unknown>) => {
        const result = member.apply(service, args)
        return Effect.isEffect(result) ? Effect.withSpan(result, span) : result
      }
    } else {
      wrapped[key] = Effect.isEffect(member) ? Effect.withSpan(member, span) : member
    }
  }
  return wrapped as S
}

/**
 * The ports in `context`, each wrapped by `traced`. Ports a context lacks (a Fetcher, say) stay
 * absent.
 *
 * @since 0.1.0
 */
export const tracePorts = <R>(context: Context.Context<R>): Context.Context<R> =>
  ports.reduce(
    (acc, [name, tag]) =>
      Option.match(Context.getOption(acc, tag as Context.Tag<unknown, object>), {
        onNone: () => acc,
        onSome: (service) => Context.add(acc, tag as Context.Tag<unknown, object>, traced(name, service))
      }),
    context
  )

const ports: ReadonlyArray<readonly [string, Context.Tag<any, any>]> = [
  ["BlobStore", BlobStore],
  ["Catalog", Catalog],
  ["Embedder", Embedder],
  ["Fetcher", Fetcher],
  ["JobQueue", JobQueue],
  ["Media", Media],
  ["Search", Search]
]
