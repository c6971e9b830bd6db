/**
 * The `heaters` command line. Each command is one entry of `commands` (name → module), so adding a
 * command is one import and one line here. A command parses its own arguments (node:util
 * `parseArgs`) and returns an Effect; `main` runs it, prints failures on stderr and sets the exit
 * code. Stdout belongs to the command (e.g. `scenes --json` prints only its JSON).
 *
 * @since 0.1.0
 */
import { pathToFileURL } from "node:url"
import { Cause, Effect, Exit, Logger } from "effect"
import { UsageError } from "./commands/args.js"
import { demo } from "./commands/demo.js"
import { doctor } from "./commands/doctor.js"
import { ingest, serve, status } from "./commands/pipeline.js"
import { scenes } from "./commands/scenes.js"
import { sprite } from "./commands/sprite.js"

/** A CLI command. `run` gets the arguments after the command name. @since 0.1.0 */
export interface Command {
  readonly name: string
  readonly summary: string
  readonly usage: string
  readonly run: (args: ReadonlyArray<string>) => Effect.Effect<void, unknown>
}

export { UsageError }

/** Every command, by name. Add new commands here. @since 0.1.0 */
export const commands: ReadonlyArray<Command> = [demo, ingest, serve, status, scenes, sprite, doctor]

const help = (): string =>
  ["usage: heaters <command> [options]", "", "commands:", ...commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`), "", "heaters <command> --help for details"].join("\n")

const describe = (error: unknown): string => {
  if (typeof error === "object" && error !== null && "message" in error && typeof error.message === "string" && error.message !== "") {
    const tag = "_tag" in error && typeof error._tag === "string" ? `${error._tag}: ` : ""
    return `${tag}${error.message}`
  }
  return String(error)
}

/** Logs go to stderr: stdout carries only a command's results (e.g. `--json` output). */
const logToStderr = Logger.replace(Logger.defaultLogger, Logger.withConsoleError(Logger.logfmtLogger))

/**
 * Runs the CLI with `argv` (without node and script) and resolves to the exit code.
 *
 * @since 0.1.0
 */
export const main = async (argv: ReadonlyArray<string>): Promise<number> => {
  const [name, ...rest] = argv
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(`${help()}\n`)
    return name === undefined ? 1 : 0
  }
  const command = commands.find((c) => c.name === name)
  if (command === undefined) {
    process.stderr.write(`heaters: unknown command "${name}"\n\n${help()}\n`)
    return 2
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    process.stdout.write(`usage: ${command.usage}\n`)
    return 0
  }
  const exit = await Effect.runPromiseExit(command.run(rest).pipe(Effect.provide(logToStderr)))
  if (Exit.isSuccess(exit)) return 0
  const failure = Cause.failureOption(exit.cause)
  if (failure._tag === "Some") {
    const error = failure.value
    process.stderr.write(`heaters ${name}: ${describe(error)}\n`)
    if (error instanceof UsageError) process.stderr.write(`usage: ${command.usage}\n`)
    return error instanceof UsageError ? 2 : 1
  }
  process.stderr.write(`heaters ${name}: ${Cause.pretty(exit.cause)}\n`)
  return 1
}

// Run when executed directly (tsx src/cli/main.ts …); bin/heaters.mjs imports and calls `main` itself.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code
  })
}
