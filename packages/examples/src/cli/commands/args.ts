/**
 * Small argument helpers shared by the commands: `parseArgs` with usage errors instead of throws,
 * and numeric options that must really be numbers.
 *
 * @since 0.1.0
 */
import { parseArgs, type ParseArgsConfig } from "node:util"
import { Effect } from "effect"

/** Usage problems (unknown option, missing FILE): printed with the command's usage, exit code 2. @since 0.1.0 */
export class UsageError extends Error {
  override readonly name = "UsageError"
}

/** @since 0.1.0 */
export const parse = <T extends ParseArgsConfig["options"]>(args: ReadonlyArray<string>, options: T) =>
  Effect.try({
    try: () => parseArgs({ args: [...args], options, allowPositionals: true, strict: true }),
    catch: (e) => new UsageError(e instanceof Error ? e.message : String(e))
  })

/** A numeric option: undefined when absent, a usage error when not a finite number. @since 0.1.0 */
export const number = (name: string, value: unknown): Effect.Effect<number | undefined, UsageError> => {
  if (value === undefined) return Effect.succeed(undefined)
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : NaN
  return Number.isFinite(n) ? Effect.succeed(n) : Effect.fail(new UsageError(`--${name} must be a number, got ${String(value)}`))
}

/** Exactly one positional FILE. @since 0.1.0 */
export const file = (positionals: ReadonlyArray<string>): Effect.Effect<string, UsageError> =>
  positionals.length === 1 ? Effect.succeed(positionals[0]!) : Effect.fail(new UsageError(positionals.length === 0 ? "FILE is required" : `one FILE expected, got ${positionals.length}`))
