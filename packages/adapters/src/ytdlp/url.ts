/**
 * The adapter's URL guard: which inputs may reach yt-dlp or the HTTP client at all.
 *
 * @since 0.1.0
 */
import { Errors } from "@heaters/core"
import { Either } from "effect"

/**
 * Container extensions that mark a URL as a direct link to a media file.
 *
 * @since 0.1.0
 */
export const MEDIA_EXTENSIONS: ReadonlyArray<string> = ["mp4", "m4v", "mov", "mkv", "webm", "avi", "mpg", "mpeg", "ts", "flv", "ogv", "3gp", "wmv"]

/**
 * Parses and checks a submitted URL. Only absolute `http:` / `https:` URLs with a host and
 * without embedded credentials pass: everything else (`file:`, `data:`, `javascript:`, relative or
 * malformed strings) is refused here, before any process or socket is opened, because yt-dlp
 * would happily read local files and credentials in URLs end up in logs and error messages.
 *
 * @since 0.1.0
 */
export const validateUrl = (input: string): Either.Either<URL, Errors.UnsupportedSource> => {
  const refuse = (reason: string) => Either.left(new Errors.UnsupportedSource({ source: input, reason }))
  const text = input.trim()
  if (text.length === 0) return refuse("empty URL")
  if (text.length > 8192) return refuse("URL longer than 8192 characters")
  // Control characters and whitespace inside a URL are how argument and header injection start;
  // a real URL has them percent-encoded.
  if (/[\u0000-\u0020\u007f]/.test(text)) return refuse("URL contains whitespace or control characters")
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return refuse("not a valid absolute URL")
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return refuse(`scheme ${url.protocol} is not allowed (only http: and https:)`)
  }
  if (url.hostname === "") return refuse("URL has no host")
  if (url.username !== "" || url.password !== "") return refuse("URL must not contain credentials")
  return Either.right(url)
}

/**
 * The lower-case extension of the URL's last path segment, or null.
 *
 * @since 0.1.0
 */
export const pathExtension = (url: URL): string | null => {
  const last = url.pathname.split("/").pop() ?? ""
  const dot = last.lastIndexOf(".")
  return dot > 0 && dot < last.length - 1 ? last.slice(dot + 1).toLowerCase() : null
}

/**
 * Whether the URL's path ends in a known media container extension.
 *
 * @since 0.1.0
 */
export const hasMediaExtension = (url: URL): boolean => {
  const ext = pathExtension(url)
  return ext !== null && MEDIA_EXTENSIONS.includes(ext)
}

/**
 * A title for a direct download: the decoded file name without extension, else the host
 * (docs/pipeline.md#intake), at most 250 characters.
 *
 * @since 0.1.0
 */
export const titleFromUrl = (url: URL): string => {
  const last = url.pathname.split("/").pop() ?? ""
  let name = last
  try {
    name = decodeURIComponent(last)
  } catch {
    // A malformed escape is not worth failing a download over: keep the raw segment.
  }
  const dot = name.lastIndexOf(".")
  const stem = (dot > 0 ? name.slice(0, dot) : name).trim()
  return (stem.length > 0 ? stem : url.hostname).slice(0, 250)
}

/**
 * A file name safe on every file system: ASCII letters, digits, `-` and `_` only, then one extension (the same idea
 * as yt-dlp's `--restrict-filenames`), at most 120 characters before the extension.
 *
 * @since 0.1.0
 */
export const restrictFileName = (stem: string, ext: string): string => {
  const safe = stem
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "") // accents split off by NFKD: "é" → "e"
    .replace(/[^A-Za-z0-9-]+/g, "_") // dots too: the only dot is the extension's
    .replace(/^[_-]+|[_-]+$/g, "")
    .slice(0, 120)
  return `${safe.length > 0 ? safe : "video"}.${ext.replace(/[^A-Za-z0-9]/g, "") || "bin"}`
}
