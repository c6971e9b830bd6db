/**
 * Options and arguments shared by the commands, so each flag means the same everywhere: `--data`,
 * `--json`, `--video`, numbers that must really be numbers, clip ids.
 *
 * @since 0.1.0
 */
import { Args, HelpDoc, Options, ValidationError } from "@effect/cli"
import { Effect, Option } from "effect"
import { Ids } from "@heaters/core"

/** `--data DIR`: the data directory of the embedded store (default `$HEATERS_DATA_DIR` or `./.heaters`). @since 0.1.0 */
export const data = Options.text("data").pipe(
  Options.withPseudoName("DIR"),
  Options.withDescription("data directory of the embedded store (default $HEATERS_DATA_DIR or ./.heaters)"),
  Options.optional,
  Options.map(Option.getOrUndefined)
)

/** `--json`: print machine-readable JSON on stdout instead of text. @since 0.1.0 */
export const json = Options.boolean("json").pipe(Options.withDescription("print JSON on stdout"))

const invalid = (message: string) => ValidationError.invalidValue(HelpDoc.p(message))

/**
 * A numeric option; a value that is not a finite number is a usage error
 * (`--NAME must be a number, got X`).
 *
 * @since 0.1.0
 */
export const number = (name: string, pseudoName = "N") =>
  Options.text(name).pipe(
    Options.withPseudoName(pseudoName),
    Options.mapEffect((raw) => {
      const n = raw.trim() === "" ? NaN : Number(raw)
      return Number.isFinite(n) ? Effect.succeed(n) : Effect.fail(invalid(`--${name} must be a number, got ${raw}`))
    })
  )

/** A positive whole number option (ports, limits, ids). @since 0.1.0 */
export const positiveInt = (name: string, pseudoName = "N") =>
  number(name, pseudoName).pipe(
    Options.mapEffect((n) => (Number.isInteger(n) && n > 0 ? Effect.succeed(n) : Effect.fail(invalid(`--${name} must be a positive whole number, got ${n}`))))
  )

/** A whole number ≥ 0 option (`--port 0` = any free port). @since 0.1.0 */
export const nonNegativeInt = (name: string, pseudoName = "N") =>
  number(name, pseudoName).pipe(
    Options.mapEffect((n) => (Number.isInteger(n) && n >= 0 ? Effect.succeed(n) : Effect.fail(invalid(`--${name} must be a whole number ≥ 0, got ${n}`))))
  )

/** `--video ID`: restrict to one source video. @since 0.1.0 */
export const video = positiveInt("video", "ID").pipe(
  Options.withDescription("only this source video"),
  Options.optional,
  Options.map(Option.map((n) => Ids.SourceVideoId.make(n))),
  Options.map(Option.getOrUndefined)
)

const clipIdOf = (raw: string) => {
  const n = Number(raw)
  return Number.isInteger(n) && n > 0 ? Effect.succeed(Ids.ClipId.make(n)) : Effect.fail(HelpDoc.p(`CLIP_ID must be a positive whole number, got ${raw}`))
}

/** One `CLIP_ID` argument. @since 0.1.0 */
export const clipId = Args.text({ name: "CLIP_ID" }).pipe(Args.mapEffect(clipIdOf))

/** Any number of `CLIP_ID` arguments. @since 0.1.0 */
export const clipIds = Args.text({ name: "CLIP_ID" }).pipe(Args.mapEffect(clipIdOf), Args.repeated)

/** A clip id given to an option (`--similar CLIP_ID`). @since 0.1.0 */
export const clipIdOption = (name: string) =>
  Options.text(name).pipe(Options.withPseudoName("CLIP_ID"), Options.mapEffect((raw) => Effect.mapError(clipIdOf(raw), ValidationError.invalidValue)))

/** `FILE`: a path or URL argument. @since 0.1.0 */
export const file = (name = "FILE") => Args.text({ name })
