/**
 * The `heaters` command line, on `@effect/cli`: every command is a `Command` in `commands/` with
 * typed options and arguments, `--help` and validation for free. Adding a command is one import and
 * one entry in `commands` below.
 *
 * Exit codes: 0 success, 1 the command failed (the reason on stderr), 2 a usage error (unknown
 * option, missing argument, a value that is not valid), 130/143 interrupted by SIGINT/SIGTERM.
 * Stdout belongs to the command's results; help goes to stdout, everything else to stderr.
 *
 * @since 0.1.0
 */
import { pathToFileURL } from "node:url"
import { Command, ValidationError } from "@effect/cli"
import { NodeContext } from "@effect/platform-node"
import { Cause, Effect, Exit, Fiber, Logger, Option } from "effect"
import { clips } from "./commands/clips.js"
import { demo } from "./commands/demo.js"
import { doctor } from "./commands/doctor.js"
import { exportClip } from "./commands/export.js"
import { ingest } from "./commands/ingest.js"
import { review } from "./commands/review.js"
import { scenes } from "./commands/scenes.js"
import { search } from "./commands/search.js"
import { serve } from "./commands/serve.js"
import { sprite } from "./commands/sprite.js"
import { status } from "./commands/status.js"
import { videos } from "./commands/videos.js"
import { work } from "./commands/work.js"
import { describeError } from "./describe.js"
import { UsageError } from "./errors.js"
import { plainConsole } from "./console.js"

/** The root command with every subcommand. @since 0.1.0 */
export const heaters = Command.make("heaters").pipe(
  Command.withDescription("turn long videos into reviewed, searchable clips"),
  Command.withSubcommands([demo, ingest, serve, work, status, videos, clips, review, search, exportClip, scenes, sprite, doctor])
)

const cli = Command.run(heaters, { name: "heaters", version: "0.1.0" })

/** Logs go to stderr: stdout carries only a command's results (e.g. `--json` output). */
const logToStderr = Logger.replace(Logger.defaultLogger, Logger.withConsoleError(Logger.logfmtLogger))

const failureCode = (cause: Cause.Cause<unknown>, command: string): number => {
  const failure = Cause.failureOption(cause)
  if (Option.isNone(failure)) {
    process.stderr.write(`heaters ${command}: ${Cause.pretty(cause)}\n`)
    return 1
  }
  const error = failure.value
  // The parser already printed its message.
  if (ValidationError.isValidationError(error)) {
    const where = ValidationError.isCommandMismatch(error) || command === "" ? "" : `${command} `
    process.stderr.write(`(see: heaters ${where}--help)\n`)
    return 2
  }
  process.stderr.write(`heaters ${command}: ${describeError(error)}\n`)
  if (error instanceof UsageError) {
    process.stderr.write(`(see: heaters ${command} --help)\n`)
    return 2
  }
  return 1
}

/**
 * Runs the CLI with `argv` (without node and script) and resolves to the exit code. SIGINT and
 * SIGTERM interrupt the command (servers and workers stop through their scopes).
 *
 * @since 0.1.0
 */
export const main = async (argv: ReadonlyArray<string>): Promise<number> => {
  // Bare `heaters`: the overview, as a usage error (no command given).
  const usage = argv.length === 0
  const args = usage ? ["--help"] : argv
  const command = args.filter((a) => !a.startsWith("-")).slice(0, args[0] === "review" ? 2 : 1).join(" ")
  const program = cli(["node", "heaters", ...args]).pipe(Effect.provide(NodeContext.layer), Effect.provide(logToStderr), plainConsole)
  const fiber = Effect.runFork(program)
  let signal: NodeJS.Signals | undefined
  const stop = (s: NodeJS.Signals) => {
    // A second signal while the scopes close: the user insists, stop now.
    if (signal !== undefined) process.exit(s === "SIGINT" ? 130 : 143)
    signal = s
    Effect.runFork(Fiber.interrupt(fiber))
  }
  // `on`, not `once`: signal-exit (loaded by execa) re-raises the signal — killing the process
  // before our scopes close and leaving temp dirs behind — when it finds itself the only listener,
  // which a `once` listener no longer is by the time signal-exit's own handler runs.
  process.on("SIGINT", stop)
  process.on("SIGTERM", stop)
  const exit = await Effect.runPromise(Fiber.await(fiber))
  process.removeListener("SIGINT", stop)
  process.removeListener("SIGTERM", stop)
  if (signal !== undefined) return signal === "SIGINT" ? 130 : 143
  if (Exit.isSuccess(exit)) return usage ? 2 : 0
  return failureCode(exit.cause, command)
}

// Run when executed directly (tsx src/cli/main.ts …); bin/heaters.mjs imports and calls `main` itself.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code
  })
}
