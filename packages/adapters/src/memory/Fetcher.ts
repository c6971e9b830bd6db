/**
 * A fake Fetcher serving synthetic videos for URLs registered up front; any other URL answers 404.
 *
 * @since 0.1.0
 */
import { Fetcher } from "@heaters/core"
import { Effect, Layer } from "effect"
import { Files, videoBytes, type SyntheticVideo } from "./Files.js"

/** What the fake Fetcher serves for one URL: a synthetic video and the site metadata to report. @since 0.1.0 */
export interface Resource {
  readonly video: SyntheticVideo | ConstructorParameters<typeof SyntheticVideo>[0]
  readonly title?: string
  readonly publishedDate?: string
}

/** Builds a fake Fetcher that serves `resources` (keyed by URL) as pretend files in `Files`. @since 0.1.0 */
export const make = (resources: Readonly<Record<string, Resource>>) =>
  Effect.gen(function* () {
    const files = yield* Files
    return Fetcher.Fetcher.of({
      fetch: (url, onProgress) =>
        Effect.gen(function* () {
          const resource = resources[url]
          if (resource === undefined) {
            return yield* new Fetcher.FetchFailed({ url, strategy: "memory", reason: "HTTP 404", detail: "" })
          }
          if (onProgress) yield* onProgress({ fraction: 1, bytesPerSecond: null, etaSeconds: 0 })
          const path = yield* Effect.acquireRelease(
            Effect.sync(() => {
              const p = files.temp(".mp4")
              files.write(p, videoBytes(resource.video))
              return p
            }),
            (p) => Effect.sync(() => files.remove(p))
          )
          return {
            path,
            title: resource.title ?? null,
            publishedDate: resource.publishedDate ?? null,
            webpageUrl: url,
            uploader: null,
            durationSeconds: null,
            extractor: "memory"
          }
        })
    })
  })

/** The fake Fetcher as a layer (needs `Files`). @since 0.1.0 */
export const layer = (resources: Readonly<Record<string, Resource>> = {}) => Layer.effect(Fetcher.Fetcher, make(resources))
