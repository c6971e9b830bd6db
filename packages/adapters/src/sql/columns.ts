/**
 * Column types of the shared SQL catalog as Schemas that read what either driver returns
 * (docs/data-model.md#how-the-two-databases-store-a-column): SQLite gives integers for times and
 * flags and text for JSON, Postgres gives `Date`s, booleans and parsed `jsonb`, and `numeric` or
 * `int8` values as decimal strings.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { floatsOf } from "./dialect.js"

/** One plain message for a column, instead of one per alternative the driver might have sent. */
const expecting = <S extends Schema.Schema.Any>(what: string, column: S): S =>
  column.annotations({
    message: (issue) => ({ message: `expected ${what}, got ${describe(issue.actual)}`, override: true })
  }) as S

const describe = (value: unknown): string => {
  if (value instanceof Uint8Array) return `${value.byteLength} bytes`
  const text = typeof value === "string" ? JSON.stringify(value) : value instanceof Date ? value.toString() : JSON.stringify(value) ?? String(value)
  return text.length > 80 ? `${text.slice(0, 77)}...` : text
}

/** A number as the driver gives it: a JS number, or the decimal string of `numeric`/`int8`. */
const numeric = Schema.Union(Schema.Number, Schema.NumberFromString)

/**
 * A whole-number column (ids, counts, frames).
 *
 * @since 0.1.0
 * @category columns
 */
export const Int = expecting("a whole number", Schema.Union(Schema.Int, Schema.NumberFromString.pipe(Schema.int())))

/**
 * A real-number column (seconds, fps).
 *
 * @since 0.1.0
 * @category columns
 */
export const Real = expecting("a number", numeric)

/**
 * A flag: Postgres `boolean`, SQLite `0`/`1`.
 *
 * @since 0.1.0
 * @category columns
 */
export const Flag = expecting("a flag (boolean, 0 or 1)", Schema.Union(
  Schema.Boolean,
  Schema.transform(Schema.Literal(0, 1), Schema.Boolean, { strict: true, decode: (n) => n === 1, encode: (b) => (b ? 1 : 0) })
))

/**
 * A timestamp: Postgres `timestamptz` (a `Date`), SQLite integer milliseconds, or ISO text.
 *
 * @since 0.1.0
 * @category columns
 */
export const Time = expecting("a time (timestamp, milliseconds or ISO text)", Schema.Union(
  Schema.ValidDateFromSelf,
  Schema.DateFromNumber.pipe(Schema.compose(Schema.ValidDateFromSelf)),
  Schema.Date
))

const pad = (n: number) => String(n).padStart(2, "0")

/**
 * A calendar day as `YYYY-MM-DD`: SQLite keeps the text, Postgres `date` arrives as local midnight.
 *
 * @since 0.1.0
 * @category columns
 */
export const Day = expecting("a day (YYYY-MM-DD or date)", Schema.Union(
  Schema.String,
  Schema.transform(Schema.ValidDateFromSelf, Schema.String, {
    strict: true,
    decode: (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
    encode: (s) => new Date(`${s}T00:00:00`)
  })
))

const JsonMap = Schema.Record({ key: Schema.String, value: Schema.Unknown })

/**
 * A JSON object column: SQLite text through `Schema.parseJson`, Postgres `jsonb` already parsed;
 * `NULL` reads as `{}`.
 *
 * @since 0.1.0
 * @category columns
 */
export const JsonObject = expecting("a JSON object", Schema.transform(
  Schema.NullishOr(Schema.Union(Schema.parseJson(JsonMap), JsonMap)),
  Schema.typeSchema(JsonMap),
  { strict: true, decode: (v) => v ?? {}, encode: (v) => v }
))

/**
 * A stored vector before its width is known: SQLite's float blob, or JSON text (pgvector's
 * `[x,y,…]` text form is valid JSON), or an already parsed array.
 *
 * @since 0.1.0
 * @category columns
 */
export const RawVector = expecting("a vector (float blob or JSON array)", Schema.Union(
  Schema.Uint8ArrayFromSelf,
  Schema.parseJson(Schema.Array(Schema.Number)),
  Schema.Array(Schema.Number)
))

/**
 * The numbers of a raw vector; a blob is float64 when it is 8 × `dim` bytes, float32 otherwise.
 *
 * @since 0.1.0
 */
export const vectorOf = (raw: typeof RawVector.Type, dim: number): Array<number> =>
  raw instanceof Uint8Array ? Array.from(floatsOf(raw, dim)) : Array.from(raw)
