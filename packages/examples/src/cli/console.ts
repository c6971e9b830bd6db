/**
 * Help and parser messages without colour codes when they go to a pipe or a file (or `NO_COLOR`
 * is set): `@effect/cli` always styles them, which scripts and logs do not want.
 *
 * @since 0.1.0
 */
import type { Console as EffectConsole } from "effect"
import { Effect } from "effect"

// eslint-disable-next-line no-control-regex
const ansi = /\x1b\[[0-9;]*m/g

const styled = (stream: NodeJS.WriteStream) => stream.isTTY === true && process.env["NO_COLOR"] === undefined

const writer = (stream: NodeJS.WriteStream) => (...args: ReadonlyArray<unknown>) =>
  Effect.sync(() => {
    const text = args.map((a) => (typeof a === "string" ? a : String(a))).join(" ")
    stream.write(`${styled(stream) ? text : text.replace(ansi, "")}\n`)
  })

/**
 * Runs `self` with a console whose `log` (stdout) and `error` (stderr) drop colour codes unless
 * the stream is a terminal.
 *
 * @since 0.1.0
 */
export const plainConsole = <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.flatMap(Effect.console, (current) =>
    Effect.withConsole(self, { ...current, log: writer(process.stdout), error: writer(process.stderr) } satisfies EffectConsole.Console)
  )
