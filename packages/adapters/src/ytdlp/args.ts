/**
 * yt-dlp's command line, as data: the format chain of docs/pipeline.md#ingest and the argument array for
 * one attempt. Pure, so the exact flags are unit-tested without running anything.
 *
 * @since 0.1.0
 */
import { PROGRESS_TEMPLATE } from "./progress.js"

/** One step of the format chain: a short name (reported as the strategy) and its selector. @since 0.1.0 */
export interface FormatStrategy {
  readonly name: string
  readonly format: string
}

/**
 * docs/pipeline.md#ingest: best quality without ext/height filters first (4K VP9/AV1 allowed, the
 * master transcode normalises later), an mp4-friendly chain when merging fails, `worst` last.
 *
 * @since 0.1.0
 */
export const FORMAT_CHAIN: ReadonlyArray<FormatStrategy> = [
  { name: "best", format: "bv*+ba/b" },
  { name: "mp4", format: "best[ext=mp4]/bestvideo[ext=mp4]+bestaudio[ext=m4a]/best" },
  { name: "worst", format: "worst" }
]

/** The name of the info file yt-dlp writes into the job's directory. @since 0.1.0 */
export const INFO_FILE = "heaters-info.json"

/**
 * The inputs of one yt-dlp attempt: URL, format selector, target directory, size cap, timeout and
 * retries.
 *
 * @since 0.1.0
 */
export interface AttemptArgs {
  readonly url: string
  readonly format: string
  /** The per-job directory (absolute). */
  readonly dir: string
  readonly maxBytes: number | null
  readonly socketTimeoutSeconds: number
  readonly retries: number
  readonly fragmentRetries: number
  /** ffmpeg binary (or its directory) for merging; null lets yt-dlp search PATH. */
  readonly ffmpegPath: string | null
}

/**
 * The argument array of one yt-dlp attempt. Never passed through a shell; the URL comes after
 * `--` so that a URL can never be read as an option.
 *
 * @since 0.1.0
 */
export const attemptArgs = (a: AttemptArgs): ReadonlyArray<string> => [
  // The user's or system's yt-dlp config must not change what we download or where it goes.
  "--ignore-config",
  "--no-cache-dir",
  // Single item only (docs/pipeline.md#ingest): a playlist URL yields its first entry.
  "--no-playlist",
  "--playlist-items",
  "1",
  "--format",
  a.format,
  "--merge-output-format",
  "mp4",
  "--restrict-filenames",
  "--trim-filenames",
  "180",
  "--paths",
  a.dir,
  "--output",
  "%(title)s.%(ext)s",
  "--no-mtime",
  "--no-colors",
  "--retries",
  String(a.retries),
  "--fragment-retries",
  String(a.fragmentRetries),
  "--socket-timeout",
  String(a.socketTimeoutSeconds),
  ...(a.maxBytes === null ? [] : ["--max-filesize", String(a.maxBytes)]),
  ...(a.ffmpegPath === null ? [] : ["--ffmpeg-location", a.ffmpegPath]),
  // Progress as one parseable line per update on stdout.
  "--newline",
  "--progress-template",
  PROGRESS_TEMPLATE,
  // Metadata through a result file rather than stdout: robust against log noise
  // (docs/pipeline.md#ingest), and unlike `--print` it does not silence the messages we classify errors by.
  "--print-to-file",
  "after_move:%()j",
  // The file name is itself an output template: a literal `%` in the directory must be doubled.
  `${a.dir}/${INFO_FILE}`.replaceAll("%", "%%"),
  "--",
  a.url
]
