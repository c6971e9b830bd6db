/**
 * Reading the fields Heaters keeps from yt-dlp's info JSON (docs/pipeline.md#ingest).
 *
 * @since 0.1.0
 */
import type { Fetcher } from "@heaters/core"
import { Either, ParseResult, Schema } from "effect"

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

const Text = Schema.String.pipe(Schema.filter((s) => s.trim().length > 0))

/**
 * One field of the info JSON that may be missing, `null` or of a shape we do not use: any of
 * those reads as `null` (yt-dlp's extractors differ in what they fill in), never as a failure.
 */
const lenient = <A>(schema: Schema.Schema<A, A>) => {
  const is = Schema.is(schema)
  return Schema.optionalWith(
    Schema.transform(Schema.Unknown, Schema.NullOr(Schema.typeSchema(schema)), {
      strict: true,
      decode: (value) => (is(value) ? value : null),
      encode: (value) => value
    }),
    { default: () => null }
  )
}

/**
 * The fields Heaters reads from yt-dlp's info JSON (an object; every field optional, and a field of
 * an unexpected type reads as `null`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const InfoJson = Schema.Struct({
  title: lenient(Text),
  upload_date: lenient(Schema.String),
  webpage_url: lenient(Text),
  uploader: lenient(Text),
  duration: lenient(Schema.Number.pipe(Schema.finite(), Schema.positive())),
  extractor_key: lenient(Text),
  extractor: lenient(Text),
  filepath: lenient(Text)
})

/** @since 0.1.0 */
export type InfoJson = typeof InfoJson.Type

/**
 * A line of the info file that is not a JSON object: cut short by a kill, or not JSON at all.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidInfoJson extends Schema.TaggedError<InvalidInfoJson>()("InvalidInfoJson", {
  /** The start of the offending line. */
  line: Schema.String,
  problem: Schema.String
}) {
  override get message() {
    return `yt-dlp info JSON unreadable (${this.problem}): ${this.line}`
  }
}

const JsonObject = Schema.parseJson(Schema.Record({ key: Schema.String, value: Schema.Unknown }))
const decodeObject = Schema.decodeUnknownEither(JsonObject)

/**
 * One line of the info file as a JSON object, through `Schema.parseJson`; anything else is an
 * `InvalidInfoJson`.
 *
 * @since 0.1.0
 */
export const parseInfoLine = (line: string): Either.Either<Record<string, unknown>, InvalidInfoJson> =>
  Either.mapLeft(decodeObject(line), (error) =>
    new InvalidInfoJson({ line: line.slice(0, 120), problem: ParseResult.TreeFormatter.formatErrorSync(error).split("\n").at(-1)!.trim() }))

const decodeInfo = Schema.decodeUnknownEither(InfoJson)

/**
 * The metadata and the final file path from one info JSON object (yt-dlp's `%()j` after the move
 * step), decoded with `InfoJson`. Unknown shapes give nulls, never an exception.
 *
 * @since 0.1.0
 */
export const fromInfo = (info: unknown): Metadata & { readonly filepath: string | null } =>
  Either.match(decodeInfo(info), {
    onLeft: () => ({ ...emptyMetadata, filepath: null }),
    onRight: (o) => ({
      title: o.title?.slice(0, 250) ?? null,
      publishedDate: isoDate(o.upload_date),
      webpageUrl: o.webpage_url,
      uploader: o.uploader,
      durationSeconds: o.duration,
      extractor: o.extractor_key ?? o.extractor,
      filepath: o.filepath
    })
  })

/**
 * The last JSON object of a file written by `--print-to-file` (it appends one line per item); a
 * line cut short by a kill is skipped for the one before. `null` when no line is an object.
 *
 * @since 0.1.0
 */
export const lastJsonLine = (text: string): Record<string, unknown> | null => {
  const lines = text.split("\n").map((l) => l.trim()).filter((l) => l.startsWith("{"))
  for (let i = lines.length - 1; i >= 0; i--) {
    const parsed = parseInfoLine(lines[i]!)
    if (Either.isRight(parsed)) return parsed.right
  }
  return null
}
