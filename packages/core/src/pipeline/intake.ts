/**
 * Intake (docs/pipeline.md#intake): validate a submission, insert the `new` source video, enqueue its
 * ingest job at once (the dispatcher is only the safety net).
 *
 * @since 0.1.0
 */
import { Effect, Option } from "effect"
import { DuplicateSource, UnsupportedSource } from "../domain/errors.js"
import { Catalog } from "../services/Catalog.js"
import * as JobQueue from "../services/JobQueue.js"

/** A classified submission: the URL or local path as given, a display title, and whether it is a URL. @since 0.1.0 */
export interface Source {
  readonly sourceUri: string
  readonly title: string
  readonly webScraped: boolean
}

const maxTitle = 250

/**
 * A title fit to store and show: control characters (NUL, escape sequences, line breaks) and
 * bidirectional overrides become spaces, runs of whitespace collapse, and it is cut at `max` code
 * points — never inside a surrogate pair. Titles come from file names, URLs and sites' metadata:
 * none of those is trusted (Postgres rejects NUL in text; a terminal obeys escapes; U+202E makes
 * "abc\u202Egpj.exe" read as "abcexe.jpg").
 *
 * @since 0.1.0
 */
export const cleanTitle = (raw: string, max = maxTitle): string =>
  Array.from(
    raw
      .normalize("NFC")
      .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]+/g, " ")
      .replace(/\s+/g, " ")
      .trim()
  )
    .slice(0, max)
    .join("")
    .trim()

/**
 * Classifies a submission: an `http(s)` URL (title = its host) or a local path (title = its base
 * name without extension). Any other scheme, a malformed URL or an empty string is refused.
 *
 * @since 0.1.0
 */
export const classify = (input: string): Effect.Effect<Source, UnsupportedSource> => {
  const source = input.trim()
  const refuse = (reason: string) => Effect.fail(new UnsupportedSource({ source: input, reason }))
  if (source.length === 0) return refuse("empty source")
  if (source.length > 4096) return refuse("longer than 4096 characters")
  if (/[\0\r\n]/.test(source)) return refuse("contains control characters")
  if (/^https?:\/\//i.test(source)) {
    let url: URL
    try {
      url = new URL(source)
    } catch {
      return refuse("malformed URL")
    }
    if (url.hostname === "") return refuse("URL has no host")
    if (url.username !== "" || url.password !== "") return refuse("URLs with credentials are not accepted")
    return Effect.succeed({ sourceUri: url.href, title: url.hostname, webScraped: true })
  }
  // A scheme (`file:`, `data:`, `ftp:` …) but not a Windows drive letter (`C:\…`).
  if (/^[a-z][a-z0-9+.-]+:/i.test(source)) return refuse("only http:// and https:// URLs or local paths are accepted")
  const base = source.split(/[\\/]/).filter((s) => s.length > 0).pop() ?? ""
  const stem = base.includes(".") && !base.startsWith(".") ? base.slice(0, base.lastIndexOf(".")) : base
  return Effect.succeed({ sourceUri: source, title: cleanTitle(stem) || "video", webScraped: false })
}

/**
 * Inserts the video and enqueues its ingest job. A source submitted before is refused with
 * `DuplicateSource` (naming the existing video) rather than ingested twice.
 *
 * @since 0.1.0
 */
export const submit = (input: string) =>
  Effect.gen(function* () {
    const source = yield* classify(input)
    const catalog = yield* Catalog
    const queue = yield* JobQueue.JobQueue
    const video = yield* catalog.withTransaction(
      Effect.gen(function* () {
        const existing = yield* catalog.findVideoBySource(source.sourceUri)
        if (Option.isSome(existing)) {
          return yield* new DuplicateSource({ source: source.sourceUri, existingId: existing.value.id })
        }
        return yield* catalog.insertVideo(source)
      })
    )
    yield* queue.offer("download", new JobQueue.Ingest({ videoId: video.id, version: video.version }))
    return video
  })
