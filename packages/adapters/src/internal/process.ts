/**
 * The one way this package runs a child process (ffmpeg, ffprobe, yt-dlp). Arguments are arrays
 * handed to execa — never a shell. Each child is a scoped resource: closing the scope (success,
 * failure or interruption) stops a child that is still running and waits for it, so none outlives
 * the Effect that started it. A failure is a `ProcessFailed` that keeps the command line, the exit
 * code and the tail of stderr; each adapter maps it to its port's error at its edge
 * (docs/architecture.md#processes-files-and-binaries).
 *
 * @since 0.1.0
 */
import type { Scope } from "effect"
import { Effect, Fiber, Schema } from "effect"
import { execa } from "execa"
import { forEachChunk, keepTail } from "./stdout.js"
import { feed } from "./stdin.js"

/**
 * A child process that could not start (`spawn`), ended badly (`exit`: non-zero code or a signal),
 * printed more on stdout than the caller allowed (`output-cap`), or whose stdin source failed
 * (`input`).
 *
 * @since 0.1.0
 */
export class ProcessFailed extends Schema.TaggedError<ProcessFailed>()("ProcessFailed", {
  reason: Schema.Literal("spawn", "exit", "output-cap", "input"),
  /** A copy-pasteable rendering of the command line. */
  command: Schema.String,
  exitCode: Schema.NullOr(Schema.Number),
  signal: Schema.NullOr(Schema.String),
  /** The system error code when the binary could not be started (`ENOENT`, `EACCES`). */
  code: Schema.NullOr(Schema.String),
  /** The last `maxStderrBytes` of stderr. */
  stderr: Schema.String,
  cause: Schema.optional(Schema.Defect)
}) {
  override get message() {
    const how = this.reason === "spawn"
      ? `cannot start (${this.code ?? "unknown error"})`
      : this.reason === "output-cap"
      ? "printed more than allowed on stdout"
      : this.reason === "input"
      ? "its input failed"
      : this.signal !== null
      ? `killed by ${this.signal}`
      : `exit ${this.exitCode}`
    return `${this.command}: ${how}${this.stderr.trim() === "" ? "" : `: ${tail(this.stderr.trim(), 300)}`}`
  }
}

/** How to run one command; everything is optional. @since 0.1.0 */
export interface RunOptions<E = never, R = never> {
  readonly cwd?: string | undefined
  /** Added to (not replacing) the parent's environment. */
  readonly env?: Readonly<Record<string, string>> | undefined
  /**
   * Streamed to the child's stdin with back-pressure; without it stdin is closed. Each chunk is
   * written out before the next is pulled, so a source may refill one buffer for every chunk.
   * A source that throws fails the run with `input`.
   */
  readonly stdin?: AsyncIterable<Uint8Array> | undefined
  /** Receives each stdout chunk as it arrives; stdout is then not collected. A failure kills the child. */
  readonly onStdout?: ((chunk: Uint8Array) => Effect.Effect<void, E, R>) | undefined
  /** Largest collected stdout (default 1 GiB); more kills the child with `output-cap`. */
  readonly maxStdoutBytes?: number | undefined
  /** How much of the end of stderr is kept (default 1 MiB): the error is at the end. */
  readonly maxStderrBytes?: number | undefined
  /**
   * How a child still running at scope close is stopped: `signal` (default `SIGKILL`), then
   * `SIGKILL` if it has not exited after `graceMs` (default 0).
   */
  readonly kill?: { readonly signal: NodeJS.Signals; readonly graceMs: number } | undefined
}

/** A finished run that exited with code 0. @since 0.1.0 */
export interface RunResult {
  /** The collected stdout (empty when `onStdout` consumed it). */
  readonly stdout: Uint8Array
  /** The tail of stderr (see `maxStderrBytes`). */
  readonly stderr: string
}

/** Keeps the last `max` characters of a text: a tool prints its error at the end. @since 0.1.0 */
export const tail = (text: string, max = 2_000): string => (text.length <= max ? text : `…${text.slice(-max)}`)

const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)

/** A copy-pasteable rendering of a command line, for error messages. @since 0.1.0 */
export const render = (bin: string, args: ReadonlyArray<string>): string => [bin, ...args].map(quote).join(" ")

const spawn = (bin: string, args: ReadonlyArray<string>, options: RunOptions<unknown, unknown>) =>
  execa(bin, args, {
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    ...(options.env === undefined ? {} : { env: options.env }),
    stdin: options.stdin === undefined ? "ignore" : "pipe",
    // Both outputs are read here, chunk by chunk, so neither is buffered twice nor unbounded.
    buffer: false,
    encoding: "buffer",
    reject: false,
    stripFinalNewline: false,
    forceKillAfterDelay: false
  })

type Child = ReturnType<typeof spawn>

const exited = (child: Child) => child.exitCode !== null || child.signalCode !== null

/** Stops a child that is still running and waits for it; `reject: false` makes the wait never throw. */
const terminate = (child: Child, kill: { readonly signal: NodeJS.Signals; readonly graceMs: number }): Effect.Effect<void> =>
  Effect.promise(async () => {
    if (!exited(child)) {
      child.kill(kill.signal)
      if (kill.signal !== "SIGKILL") {
        const done = await Promise.race([
          child.then(() => true),
          new Promise<boolean>((resolve) => setTimeout(() => resolve(false), kill.graceMs).unref())
        ])
        if (!done) child.kill("SIGKILL")
      }
    }
    await child
  })

/**
 * Runs `bin args` to completion in a scope of its own. Succeeds with the collected stdout and the
 * stderr tail when the exit code is 0; fails with `ProcessFailed` otherwise, or with the error of
 * `onStdout`. Interrupting the fiber stops the child before the effect completes.
 *
 * @since 0.1.0
 */
export const run = <E = never, R = never>(
  bin: string,
  args: ReadonlyArray<string>,
  options: RunOptions<E, R> = {}
): Effect.Effect<RunResult, ProcessFailed | E, R> =>
  Effect.scoped(
    Effect.gen(function*() {
      const child = yield* start(bin, args, options)
      const command = render(bin, args)
      const stderrFiber = yield* Effect.forkScoped(keepTail(child.stderr, options.maxStderrBytes ?? 1024 ** 2))
      const input = options.stdin === undefined || child.stdin === null ? Promise.resolve(undefined) : feed(child.stdin, options.stdin)
      const stdout = yield* readStdout(child, command, options)
      const result = yield* Effect.promise(() => child)
      const stderr = yield* Fiber.join(stderrFiber)
      const failedInput = yield* Effect.promise(() => input)
      if (failedInput !== undefined) {
        const reason = failedInput instanceof Error ? failedInput.message : String(failedInput)
        return yield* new ProcessFailed({
          reason: "input",
          command,
          exitCode: result.exitCode ?? null,
          signal: result.signal ?? null,
          code: null,
          stderr: `${reason}\n${stderr}`,
          cause: failedInput
        })
      }
      if (result.exitCode === 0 && !result.failed) return { stdout, stderr }
      const spawnFailed = result.exitCode === undefined && result.signal === undefined
      const code = (result as { code?: unknown }).code
      return yield* new ProcessFailed({
        reason: spawnFailed ? "spawn" : "exit",
        command,
        exitCode: typeof result.exitCode === "number" ? result.exitCode : null,
        signal: result.signal ?? null,
        code: typeof code === "string" ? code : null,
        stderr,
        ...(spawnFailed ? { cause: result.cause ?? result } : {})
      })
    })
  )

/** Starts the child inside the current scope; the scope's close stops it (see `RunOptions.kill`). */
const start = (bin: string, args: ReadonlyArray<string>, options: RunOptions<unknown, unknown>): Effect.Effect<Child, never, Scope.Scope> =>
  Effect.acquireRelease(Effect.sync(() => spawn(bin, args, options)), (child) =>
    terminate(child, options.kill ?? { signal: "SIGKILL", graceMs: 0 }))

const readStdout = <E, R>(child: Child, command: string, options: RunOptions<E, R>): Effect.Effect<Uint8Array, ProcessFailed | E, R> => {
  if (options.onStdout !== undefined) return Effect.as(forEachChunk(child.stdout, options.onStdout), new Uint8Array())
  const max = options.maxStdoutBytes ?? 1024 ** 3
  return Effect.gen(function*() {
    const parts: Array<Uint8Array> = []
    let size = 0
    yield* forEachChunk(child.stdout, (chunk) =>
      Effect.sync(() => {
        size += chunk.length
        parts.push(chunk)
        return size <= max
      }))
    if (size > max) {
      return yield* new ProcessFailed({ reason: "output-cap", command, exitCode: null, signal: null, code: null, stderr: `stdout passed ${max} bytes` })
    }
    // One copy into memory of its own (not Node's shared pool), handed out as a plain Uint8Array view:
    // `new Uint8Array(Buffer.concat(parts))` copied a sheet batch's 10 MB twice, into zeroed memory.
    const out = new Uint8Array(Buffer.allocUnsafeSlow(size).buffer, 0, size)
    let at = 0
    for (const part of parts) {
      out.set(part, at)
      at += part.length
    }
    return out
  })
}

/**
 * An `onStdout` callback that hands `onLine` each non-empty line (split at `\n`, `\r\n` or a lone
 * `\r`, as progress bars print), plus `end` to flush a last line that has no line break.
 *
 * @since 0.1.0
 */
export const lineSplitter = <E, R>(onLine: (line: string) => Effect.Effect<void, E, R>) => {
  const decoder = new TextDecoder()
  let pending = ""
  const emit = (lines: ReadonlyArray<string>) => Effect.forEach(lines.filter((l) => l !== ""), onLine, { discard: true })
  return {
    push: (chunk: Uint8Array): Effect.Effect<void, E, R> =>
      Effect.suspend(() => {
        // `stream: true` keeps a multi-byte character cut between two chunks whole.
        const parts = (pending + decoder.decode(chunk, { stream: true })).split(/\r\n|\r|\n/)
        pending = parts.pop() ?? ""
        return emit(parts)
      }),
    end: Effect.suspend(() => {
      const last = pending + decoder.decode()
      pending = ""
      return emit([last])
    })
  }
}

/** Whether process `pid` exists on this host (`EPERM`: it does, under another user). @since 0.1.0 */
export const processExists = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"
  }
}
