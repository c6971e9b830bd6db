/**
 * Reading the fields Heaters keeps from yt-dlp's info JSON (docs/pipeline.md#ingest).
 *
 * @since 0.1.0
 */
import type { Fetcher } from "@heaters/core"

/** @since 0.1.0 */
export type Metadata = Omit<Fetcher.Fetched, "path">

/** @since 0.1.0 */
export const emptyMetadata: Metadata = {
  title: null,
  publishedDate: null,
  webpageUrl: null,
  uploader: null,
  durationSeconds: null,
  extractor: null
}

/**
 * yt-dlp's `upload_date` (`YYYYMMDD`) → ISO `YYYY-MM-DD`; anything that is not a real calendar
 * date → null rather than a bogus value in the catalog.
 *
 * @since 0.1.0
 */
export const isoDate = (yyyymmdd: unknown): string | null => {
  if (typeof yyyymmdd !== "string" || !/^\d{8}$/.test(yyyymmdd)) return null
  const iso = `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`
  const date = new Date(`${iso}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : null
}

/**
 * An HTTP `Last-Modified` header → ISO date (what yt-dlp's generic extractor reports as the upload
 * date of a direct link), or null.
 *
 * @since 0.1.0
 */
export const isoDateFromHttp = (header: string | null): string | null => {
  if (header === null) return null
  const time = Date.parse(header)
  return Number.isNaN(time) ? null : new Date(time).toISOString().slice(0, 10)
}

const str = (value: unknown): string | null => (typeof value === "string" && value.trim().length > 0 ? value : null)

/**
 * The metadata and the final file path from one info JSON object (yt-dlp's `%()j` after the move
 * step). Unknown shapes give nulls, never an exception.
 *
 * @since 0.1.0
 */
export const fromInfo = (info: unknown): Metadata & { readonly filepath: string | null } => {
  if (typeof info !== "object" || info === null) return { ...emptyMetadata, filepath: null }
  const o = info as Record<string, unknown>
  const duration = typeof o.duration === "number" && Number.isFinite(o.duration) && o.duration > 0 ? o.duration : null
  return {
    title: str(o.title)?.slice(0, 250) ?? null,
    publishedDate: isoDate(o.upload_date),
    webpageUrl: str(o.webpage_url),
    uploader: str(o.uploader),
    durationSeconds: duration,
    extractor: str(o.extractor_key) ?? str(o.extractor),
    filepath: str(o.filepath)
  }
}

/**
 * The last JSON object of a file written by `--print-to-file` (it appends one line per item).
 *
 * @since 0.1.0
 */
export const lastJsonLine = (text: string): unknown => {
  const lines = text.split("\n").map((l) => l.trim()).filter((l) => l.startsWith("{"))
  for (let i = lines.length - 1; i >= 0; i--) {
    try {
      return JSON.parse(lines[i]!)
    } catch {
      // A line cut short by a kill: try the one before.
    }
  }
  return null
}
