/**
 * The yt-dlp strategy: one attempt per format of the chain, each in an emptied directory, with
 * progress from stdout and the failure classified from stderr.
 *
 * @since 0.1.0
 */
import { Errors, type Fetcher } from "@heaters/core"
import { Effect, Either } from "effect"
import { readFile } from "node:fs/promises"
import { extname, join, relative } from "node:path"
import { attemptArgs, FORMAT_CHAIN, INFO_FILE } from "./args.js"
import type { FormatStrategy } from "./args.js"
import * as Process from "../internal/process.js"
import { fail, Reason, Strategy, tail } from "./errors.js"
import { fromInfo, lastJsonLine } from "./metadata.js"
import { parseProgressLine } from "./progress.js"
import { emptyDir, fileSize, largestMediaFile } from "./tempdir.js"
import { MEDIA_EXTENSIONS, titleFromUrl } from "./url.js"

/** How long yt-dlp gets to exit after SIGINT before SIGKILL. @since 0.1.0 */
export const KILL_GRACE_MS = 3000

/** @since 0.1.0 */
export interface YtDlpSettings {
  readonly bin: string
  readonly maxBytes: number | null
  readonly timeoutMs: number
  readonly retries: number
  readonly fragmentRetries: number
  readonly ffmpegPath: string | null
  readonly strategies: ReadonlyArray<FormatStrategy>
}

/** One failed attempt, as classified. @since 0.1.0 */
export interface AttemptFailure {
  readonly strategy: string
  readonly reason: Reason
  /** True when another format cannot help (the page itself is missing or unsupported). */
  readonly fatal: boolean
  readonly line: string
  readonly output: string
}

const lastErrorLine = (stderr: string): string => {
  const lines = stderr.split("\n").map((l) => l.trim()).filter((l) => l.length > 0)
  return [...lines].reverse().find((l) => l.startsWith("ERROR:")) ?? lines.at(-1) ?? ""
}

/**
 * Classifies a failed run from yt-dlp's messages (stable across versions since 2021).
 *
 * @since 0.1.0
 */
export const classify = (strategy: string, stderr: string, stdoutNotes: string): AttemptFailure => {
  const text = `${stderr}\n${stdoutNotes}`
  const base = { strategy, line: lastErrorLine(stderr) || lastErrorLine(stdoutNotes), output: tail(text) }
  const status = /HTTP Error (\d{3})/.exec(text)
  if (/larger than max-filesize/i.test(text)) return { ...base, reason: Reason.TooLarge, fatal: false }
  if (status) return { ...base, reason: Reason.HttpStatus, fatal: status[1]!.startsWith("4") }
  if (/Unsupported URL|No video formats found|no suitable formats|is not a valid URL/i.test(text)) {
    return { ...base, reason: Reason.NotMedia, fatal: /Unsupported URL|is not a valid URL/i.test(text) }
  }
  if (/timed out/i.test(text)) return { ...base, reason: Reason.Timeout, fatal: false }
  if (/Connection refused|Name or service not known|getaddrinfo|No route to host|Network is unreachable|CERTIFICATE_VERIFY_FAILED/i.test(text)) {
    return { ...base, reason: Reason.Network, fatal: true }
  }
  return { ...base, reason: Reason.YtDlpFailed, fatal: false }
}

type Outcome = { readonly _tag: "ok"; readonly fetched: Fetcher.Fetched } | { readonly _tag: "failed"; readonly failure: AttemptFailure }

const attempt = (
  settings: YtDlpSettings,
  url: string,
  dir: string,
  strategy: FormatStrategy,
  onProgress: (p: Fetcher.FetchProgress) => Effect.Effect<void>
): Effect.Effect<Outcome> =>
  Effect.gen(function* () {
    const name = Strategy.ytDlp(strategy.name)
    let notes = ""
    const args = attemptArgs({
      url,
      format: strategy.format,
      dir,
      maxBytes: settings.maxBytes,
      socketTimeoutSeconds: Math.max(1, Math.ceil(settings.timeoutMs / 1000)),
      retries: settings.retries,
      fragmentRetries: settings.fragmentRetries,
      ffmpegPath: settings.ffmpegPath
    })
    const lines = Process.lineSplitter((line: string) => {
      const progress = parseProgressLine(line)
      if (progress !== null) return onProgress(progress)
      // yt-dlp reports a skipped oversize file on stdout with exit code 0: keep such lines.
      if (/max-filesize|ERROR:/.test(line)) notes += `${line}\n`
      return Effect.void
    })
    const result = yield* Process.run(settings.bin, args, {
      cwd: dir,
      // Python block-buffers a piped stdout, which would hold progress back until the end.
      env: { PYTHONUNBUFFERED: "1" },
      onStdout: lines.push,
      // SIGINT first: yt-dlp turns it into KeyboardInterrupt and stops the ffmpeg it is waiting on
      // (a SIGKILL would orphan that ffmpeg, still writing into a directory about to be deleted).
      kill: { signal: "SIGINT", graceMs: KILL_GRACE_MS }
    }).pipe(Effect.ensuring(lines.end), Effect.either)
    if (Either.isLeft(result)) {
      const error = result.left
      if (error.reason === "spawn") {
        return { _tag: "failed", failure: { strategy: name, reason: Reason.YtDlpMissing, fatal: true, line: Errors.describe(error.cause ?? error), output: tail(error.stderr) } }
      }
      return { _tag: "failed", failure: classify(name, error.stderr, notes) }
    }
    const failed = (reason: Reason, line: string, fatal = false): Outcome => ({
      _tag: "failed",
      failure: { strategy: name, reason, fatal, line, output: tail(`${result.right.stderr}\n${notes}`) }
    })
    if (/larger than max-filesize/i.test(notes)) return failed(Reason.TooLarge, notes.trim())
    const info = yield* Effect.promise(() => readFile(join(dir, INFO_FILE), "utf8").catch(() => ""))
    const meta = fromInfo(lastJsonLine(info))
    // Trust the info's path only inside our directory and only for a media container: yt-dlp's
    // generic extractor "downloads" any URL, a text file included.
    const named = meta.filepath !== null && !relative(dir, meta.filepath).startsWith("..") ? meta.filepath : null
    const namedIsMedia = named !== null && MEDIA_EXTENSIONS.includes(extname(named).slice(1).toLowerCase()) && ((yield* fileSize(named)) ?? 0) > 0
    const path = namedIsMedia ? named : yield* largestMediaFile(dir)
    if (path === null) {
      return failed(Reason.NotMedia, named !== null ? `yt-dlp produced ${extname(named) || "a file without extension"}, not a video container` : "no media file produced", true)
    }
    const size = (yield* fileSize(path)) ?? 0
    // --max-filesize only acts when the size is announced; a chunked response is checked here.
    if (settings.maxBytes !== null && size > settings.maxBytes) {
      return failed(Reason.TooLarge, `downloaded ${size} bytes, more than the cap of ${settings.maxBytes}`)
    }
    const { filepath: _, ...metadata } = meta
    return { _tag: "ok", fetched: { ...metadata, path, title: metadata.title ?? titleFromUrl(new URL(url)) } }
  })

/**
 * Downloads `url` into `dir` with yt-dlp, trying each format strategy in turn until one succeeds
 * or a failure shows that no format can help. The error names the last strategy, the reason of
 * its failure, every attempt's error line and the tail of the last stderr.
 *
 * @since 0.1.0
 */
export const downloadWithYtDlp = (
  settings: YtDlpSettings,
  url: string,
  dir: string,
  onProgress: (p: Fetcher.FetchProgress) => Effect.Effect<void>
): Effect.Effect<Fetcher.Fetched, Fetcher.FetchFailed> =>
  Effect.gen(function* () {
    const failures: Array<AttemptFailure> = []
    const strategies = settings.strategies.length > 0 ? settings.strategies : FORMAT_CHAIN
    for (const strategy of strategies) {
      yield* emptyDir(dir)
      const outcome = yield* attempt(settings, url, dir, strategy, onProgress)
      if (outcome._tag === "ok") return outcome.fetched
      failures.push(outcome.failure)
      if (outcome.failure.fatal) break
    }
    yield* emptyDir(dir)
    const last = failures.at(-1)!
    const summary = failures.map((f) => `${f.strategy}: ${f.reason}: ${f.line}`).join("\n")
    return yield* Effect.fail(fail(url, last.strategy, last.reason, `${summary}\n--- last output ---\n${last.output}`))
  })
