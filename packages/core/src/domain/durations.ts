/**
 * Time spans in settings: what a host may write for a duration (in code or in the environment) and
 * how it becomes an Effect `Duration` (docs/configuration.md#durations).
 *
 * @since 0.1.0
 */
import { Config, ConfigError, Duration, Either, Option, ParseResult, Schema } from "effect"

const expected = "a duration: milliseconds ≥ 0, a Duration, or a string such as \"30 seconds\""

/** A `Duration.DurationInput` that is not negative (Effect would silently clamp it to zero). */
const fromInput = (input: unknown): Option.Option<Duration.Duration> => {
  if (typeof input === "number" && !(input >= 0)) return Option.none()
  if (typeof input === "string" && input.trim().startsWith("-")) return Option.none()
  return Duration.decodeUnknown(input).pipe(Option.filter(Duration.isFinite))
}

/**
 * A finite, non-negative duration from any `Duration.DurationInput` (a `Duration`, a number of
 * milliseconds, `"30 seconds"`, …); negative, infinite or unreadable input fails to decode.
 *
 * @since 0.1.0
 * @category schemas
 */
export const durationInput: Schema.Schema<Duration.Duration, unknown> = Schema.transformOrFail(Schema.Unknown, Schema.DurationFromSelf, {
  strict: true,
  decode: (input, _, ast) =>
    Option.match(fromInput(input), {
      onNone: () => ParseResult.fail(new ParseResult.Type(ast, input, `must be ${expected}, got ${JSON.stringify(input) ?? String(input)}`)),
      onSome: ParseResult.succeed
    }),
  encode: ParseResult.succeed
})

const shortUnits: Record<string, (n: number) => Duration.Duration> = {
  ms: Duration.millis,
  s: Duration.seconds,
  m: Duration.minutes,
  h: Duration.hours,
  d: Duration.days
}

/**
 * An environment value as a duration: a plain number is milliseconds (`1500`), a number with a
 * short unit is read as such (`500ms`, `30s`, `2m`, `1h`, `1d`), and Effect's own form works too
 * (`30 seconds`, `2 minutes`). Anything else is `undefined`.
 *
 * @since 0.1.0
 */
export const parseDuration = (raw: string): Duration.Duration | undefined => {
  const text = raw.trim()
  if (/^\d+(\.\d+)?$/.test(text)) return Duration.millis(Number(text))
  const short = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(text)
  if (short !== null) return shortUnits[short[2]!]!(Number(short[1]))
  return Option.getOrUndefined(fromInput(text))
}

/**
 * One duration read from the environment variable `name` with `parseDuration`; an unreadable value
 * is a `ConfigError` naming the variable.
 *
 * @since 0.1.0
 */
export const durationFromEnv = (name: string): Config.Config<Duration.Duration> =>
  Config.mapOrFail(Config.string(name), (raw) => {
    const parsed = parseDuration(raw)
    return parsed === undefined
      ? Either.left(ConfigError.InvalidData([name], `Expected a duration (1500 = millis, 30s, 2m, "30 seconds") but received ${JSON.stringify(raw)}`))
      : Either.right(parsed)
  })
