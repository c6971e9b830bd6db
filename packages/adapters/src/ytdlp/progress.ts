/**
 * Download progress: parsing yt-dlp's templated progress lines, computing progress from bytes
 * received, and throttling what reaches the caller.
 *
 * @since 0.1.0
 */
import type { Fetcher } from "@heaters/core"
import { Effect } from "effect"

/** Marks our progress lines so that yt-dlp's other output on stdout is ignored. @since 0.1.0 */
export const PROGRESS_PREFIX = "HEATERS-PROGRESS"

/**
 * The `--progress-template` we pass: downloaded bytes, total, estimated total, speed, ETA. yt-dlp
 * prints `NA` for unknown fields; one line per update thanks to `--newline`.
 *
 * @since 0.1.0
 */
export const PROGRESS_TEMPLATE =
  `download:${PROGRESS_PREFIX} %(progress.downloaded_bytes)s %(progress.total_bytes)s ` +
  `%(progress.total_bytes_estimate)s %(progress.speed)s %(progress.eta)s`

const num = (field: string | undefined): number | null => {
  if (field === undefined || field === "NA" || field === "None") return null
  const n = Number(field)
  return Number.isFinite(n) ? n : null
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x))

/**
 * One of our progress lines → a progress event; any other line → null.
 *
 * @since 0.1.0
 */
export const parseProgressLine = (line: string): Fetcher.FetchProgress | null => {
  const trimmed = line.trim()
  if (!trimmed.startsWith(`${PROGRESS_PREFIX} `)) return null
  const [, downloaded, total, estimate, speed, eta] = trimmed.split(/\s+/)
  const done = num(downloaded)
  const size = num(total) ?? num(estimate)
  return {
    fraction: done !== null && size !== null && size > 0 ? clamp01(done / size) : null,
    bytesPerSecond: num(speed),
    etaSeconds: num(eta)
  }
}

/**
 * Progress of a plain HTTP transfer from the bytes received so far.
 *
 * @since 0.1.0
 */
export const progressFromBytes = (received: number, total: number | null, elapsedMs: number): Fetcher.FetchProgress => {
  const speed = elapsedMs > 0 ? (received * 1000) / elapsedMs : null
  return {
    fraction: total !== null && total > 0 ? clamp01(received / total) : null,
    bytesPerSecond: speed,
    etaSeconds: total !== null && speed !== null && speed > 0 ? Math.max(0, (total - received) / speed) : null
  }
}

/**
 * Wraps a caller's progress callback so it runs at most every `intervalMs`, except that the
 * first event and completion (`fraction === 1`) always pass: yt-dlp and socket reads report many
 * times per second, far more than a CLI or a catalog row needs. A failing or slow callback must
 * not break the download, so its defects are swallowed.
 *
 * @since 0.1.0
 */
export const throttle = (
  onProgress: ((progress: Fetcher.FetchProgress) => Effect.Effect<void>) | undefined,
  intervalMs = 250
): ((progress: Fetcher.FetchProgress) => Effect.Effect<void>) => {
  if (onProgress === undefined) return () => Effect.void
  let last = Number.NEGATIVE_INFINITY
  let finished = false
  return (progress) =>
    Effect.suspend(() => {
      const now = Date.now()
      const complete = progress.fraction === 1
      if (complete ? finished : now - last < intervalMs) return Effect.void
      last = now
      if (complete) finished = true
      return Effect.catchAllCause(onProgress(progress), () => Effect.void)
    })
}
