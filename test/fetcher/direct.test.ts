/**
 * The direct HTTP(S) strategy against a loopback server: success with progress and metadata, each
 * tagged failure, and the per-call directory's removal after success, failure and interruption.
 */
import { describe, expect, it } from "@effect/vitest"
import * as YtDlp from "@heaters/adapters/ytdlp"
import type { Fetcher } from "@heaters/core"
import { Deferred, Effect, Fiber } from "effect"
import { readFileSync } from "node:fs"
import { entries, LAST_MODIFIED, streamTypes, useFixtures } from "./fixtures.js"

const fx = useFixtures()

const direct = (options: YtDlp.FetcherOptions = {}) => YtDlp.make({ mode: "direct", tempDir: fx.root, progressIntervalMs: 0, allowPrivateAddresses: true, ...options })

const failure = (url: string, options: YtDlp.FetcherOptions = {}) =>
  Effect.gen(function* () {
    const fetcher = yield* direct(options)
    const error = yield* Effect.flip(fetcher.fetch(url))
    // Removed at once, not only when the caller's scope closes.
    expect(entries(fx.root)).toEqual([])
    return error
  })

describe("direct HTTP download", () => {
  it.live("streams the file into a directory that is removed when the scope closes", () =>
    Effect.gen(function* () {
      const fetcher = yield* direct()
      const events: Array<Fetcher.FetchProgress> = []
      const fetched = yield* Effect.scoped(
        Effect.gen(function* () {
          const result = yield* fetcher.fetch(`${fx.server.base}/throttled.mp4`, (p) => Effect.sync(() => events.push(p)))
          expect(readFileSync(result.path).equals(fx.server.video)).toBe(true)
          expect(yield* Effect.promise(() => streamTypes(result.path))).toEqual(["video", "audio"])
          expect(entries(fx.root)).toHaveLength(1)
          return result
        })
      )
      expect(entries(fx.root)).toEqual([])
      expect(fetched).toMatchObject({ title: "throttled", webpageUrl: `${fx.server.base}/throttled.mp4`, extractor: "http", uploader: null })
      expect(fetched.path.endsWith("/throttled.mp4")).toBe(true)
      expect(events.length).toBeGreaterThan(3)
      expect(events.at(-1)?.fraction).toBe(1)
      const fractions = events.map((e) => e.fraction ?? 0)
      expect([...fractions].sort((a, b) => a - b)).toEqual(fractions)
      expect(events.some((e) => e.bytesPerSecond !== null && e.bytesPerSecond > 0)).toBe(true)
      expect(events.some((e) => e.etaSeconds !== null && e.etaSeconds > 0)).toBe(true)
    }))

  it.scopedLive("reads the date from Last-Modified and takes application/octet-stream", () =>
    Effect.gen(function* () {
      const fetcher = yield* direct()
      const fetched = yield* fetcher.fetch(`${fx.server.base}/file-download`)
      expect(fetched.publishedDate).toBe(new Date(LAST_MODIFIED).toISOString().slice(0, 10))
      expect(fetched.title).toBe("file-download")
      expect(fetched.path.endsWith("/file-download.bin")).toBe(true)
      expect(yield* Effect.promise(() => streamTypes(fetched.path))).toContain("video")
    }))

  it.scopedLive("a 404 is an HTTP error", () =>
    Effect.gen(function* () {
      const error = yield* failure(`${fx.server.base}/missing.mp4`)
      expect(error).toMatchObject({ _tag: "FetchFailed", strategy: YtDlp.Strategy.Direct, reason: YtDlp.Reason.HttpStatus })
      expect(error.detail).toContain("404")
      expect(error.url).toBe(`${fx.server.base}/missing.mp4`)
    }))

  it.scopedLive("a text file is not a media file", () =>
    Effect.gen(function* () {
      const error = yield* failure(`${fx.server.base}/notes.txt`)
      expect(error).toMatchObject({ strategy: YtDlp.Strategy.Direct, reason: YtDlp.Reason.NotMedia })
      expect(error.detail).toContain("text/plain")
    }))

  it.scopedLive("a file over the cap is refused from its Content-Length, before the body", () =>
    Effect.gen(function* () {
      const error = yield* failure(`${fx.server.base}/clip.mp4`, { maxBytes: 10_000 })
      expect(error).toMatchObject({ reason: YtDlp.Reason.TooLarge })
      expect(error.detail).toContain(`announced ${fx.server.video.length} bytes`)
    }))

  it.scopedLive("a chunked file over the cap is stopped while streaming", () =>
    Effect.gen(function* () {
      const error = yield* failure(`${fx.server.base}/chunked.mp4`, { maxBytes: 10_000 })
      expect(error).toMatchObject({ reason: YtDlp.Reason.TooLarge })
      expect(error.detail).toContain("more than 10000 bytes received")
    }))

  it.scopedLive("a stalled body times out", () =>
    Effect.gen(function* () {
      const error = yield* failure(`${fx.server.base}/stall.mp4`, { timeoutMs: 400 })
      expect(error).toMatchObject({ reason: YtDlp.Reason.Timeout })
      expect(error.detail).toContain("no data for 400 ms after 4096 bytes")
    }))

  it.scopedLive("a server that never answers times out", () =>
    Effect.gen(function* () {
      const error = yield* failure(`${fx.server.base}/no-answer.mp4`, { timeoutMs: 400 })
      expect(error).toMatchObject({ reason: YtDlp.Reason.Timeout })
      expect(error.detail).toContain("no response headers")
    }))

  it.scopedLive("a refused connection is a network error", () =>
    Effect.gen(function* () {
      const error = yield* failure("http://127.0.0.1:1/clip.mp4")
      expect(error).toMatchObject({ reason: YtDlp.Reason.Network })
    }))

  it.scopedLive("interruption stops the transfer and removes the directory", () =>
    Effect.gen(function* () {
      const fetcher = yield* direct({ timeoutMs: 30_000 })
      const started = yield* Deferred.make<void>()
      const fiber = yield* Effect.fork(Effect.scoped(fetcher.fetch(`${fx.server.base}/stall.mp4`, () => Deferred.succeed(started, undefined))))
      yield* Deferred.await(started)
      expect(entries(fx.root)).toHaveLength(1)
      yield* Fiber.interrupt(fiber)
      expect(entries(fx.root)).toEqual([])
    }))

  it.scopedLive("file:, data:, javascript: and malformed URLs are refused before any request", () =>
    Effect.gen(function* () {
      const fetcher = yield* direct()
      const before = [...fx.server.hits.values()].reduce((a, b) => a + b, 0)
      for (const url of ["file:///etc/passwd", "data:video/mp4;base64,AAAA", "javascript:alert(1)", "http//broken", `${fx.server.base.replace("http://", "http://u:p@")}/clip.mp4`]) {
        const error = yield* Effect.flip(fetcher.fetch(url))
        expect(error).toMatchObject({ strategy: YtDlp.Strategy.Validate, reason: YtDlp.Reason.UnsupportedUrl })
        expect(error.url).not.toContain("u:p@")
      }
      expect([...fx.server.hits.values()].reduce((a, b) => a + b, 0)).toBe(before)
      expect(entries(fx.root)).toEqual([])
    }))
})
