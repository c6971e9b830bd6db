/**
 * Child processes as scoped resources. Every ffmpeg/ffprobe run is acquired with
 * `Effect.acquireRelease`: closing the scope (success, failure or interruption) SIGKILLs a child
 * that is still running and waits for it, so no zombie outlives the Effect that started it.
 * Arguments are arrays handed to execa — never a shell.
 *
 * @since 0.1.0
 */
import { Media } from "@heaters/core"
import type { Scope } from "effect"
import { Chunk, Effect, Stream } from "effect"
import type { ResultPromise } from "execa"
import { execa } from "execa"

type Child = ResultPromise<{ reject: false; encoding: "buffer"; stdin: "ignore"; buffer: { stdout: false; stderr: true } }>

/** Keeps the last `max` characters of ffmpeg's stderr: the error is at the end. @since 0.1.0 */
export const tail = (text: string, max = 2_000): string => (text.length <= max ? text : `…${text.slice(-max)}`)

const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)

/** A copy-pasteable rendering of a command line, for error messages. @since 0.1.0 */
export const render = (bin: string, args: ReadonlyArray<string>): string => [bin, ...args].map(quote).join(" ")

const decode = (bytes: unknown): string =>
  bytes instanceof Uint8Array ? Buffer.from(bytes).toString("utf8") : typeof bytes === "string" ? bytes : ""

/**
 * Starts `bin args` inside the current scope; stdout is left unbuffered for the caller to read.
 *
 * @since 0.1.0
 */
export const spawn = (bin: string, args: ReadonlyArray<string>, stdin?: AsyncIterable<Uint8Array>): Effect.Effect<Child, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.sync(() =>
      execa(bin, args, {
        reject: false,
        encoding: "buffer",
        // An iterable is streamed to the child's stdin with back-pressure (execa pulls as it drains).
        stdin: stdin ?? "ignore",
        buffer: { stdout: false, stderr: true },
        maxBuffer: { stderr: 16 * 1024 * 1024 },
        stripFinalNewline: false
      }) as Child
    ),
    (child) =>
      Effect.promise(async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL")
        // `reject: false`: this resolves even for a killed child, so nothing is left unhandled.
        await child
      })
  )

/** The finished child's result, mapped to `MediaFailed` (or `BinaryNotFound` on ENOENT) when it failed. @since 0.1.0 */
export const awaitExit = (child: Child, operation: string, bin: string, args: ReadonlyArray<string>) =>
  Effect.flatMap(Effect.promise(() => child), (result): Effect.Effect<string, Media.MediaFailed | Media.BinaryNotFound> => {
    const stderr = decode(result.stderr)
    if (result.exitCode === 0 && !result.failed) return Effect.succeed(stderr)
    const code = (result as { code?: string }).code
    if (code === "ENOENT") {
      return Effect.fail(new Media.BinaryNotFound({ binary: bin, hint: "the executable disappeared; install ffmpeg or set HEATERS_FFMPEG/HEATERS_FFPROBE" }))
    }
    return Effect.fail(
      new Media.MediaFailed({
        operation,
        command: render(bin, args),
        exitCode: result.exitCode ?? null,
        stderr: tail(stderr || result.message || "")
      })
    )
  })

/**
 * Runs a command to completion and returns its stdout bytes and stderr text; `stdin`, when given,
 * is streamed to the child.
 *
 * @since 0.1.0
 */
export const collect = (
  bin: string,
  args: ReadonlyArray<string>,
  operation: string,
  stdin?: AsyncIterable<Uint8Array>
): Effect.Effect<{ readonly stdout: Uint8Array; readonly stderr: string }, Media.MediaFailed | Media.BinaryNotFound> =>
  Effect.scoped(
    Effect.gen(function*() {
      const child = yield* spawn(bin, args, stdin)
      const out = child.stdout
      // Read stdout concurrently with waiting, so a big output never blocks the child on a full pipe.
      const stdout = out === null
        ? new Uint8Array()
        : yield* Stream.fromAsyncIterable(out as AsyncIterable<Uint8Array>, (e) => e).pipe(
          Stream.runCollect,
          Effect.map((chunks) => new Uint8Array(Buffer.concat(Chunk.toReadonlyArray(chunks)))),
          Effect.orElseSucceed(() => new Uint8Array())
        )
      const stderr = yield* awaitExit(child, operation, bin, args)
      return { stdout, stderr }
    })
  )

/**
 * Runs a command and feeds each stdout chunk to `onChunk` as it arrives (e.g. raw frames, progress
 * lines). The child is killed if `onChunk` fails or the fiber is interrupted.
 *
 * @since 0.1.0
 */
export const streamStdout = <E, R>(
  bin: string,
  args: ReadonlyArray<string>,
  operation: string,
  onChunk: (chunk: Uint8Array) => Effect.Effect<void, E, R>
): Effect.Effect<string, E | Media.MediaFailed | Media.BinaryNotFound, R> =>
  Effect.scoped(
    Effect.gen(function*() {
      const child = yield* spawn(bin, args)
      if (child.stdout !== null) {
        yield* Stream.fromAsyncIterable(child.stdout as AsyncIterable<Uint8Array>, (e) => e).pipe(
          Stream.catchAll(() => Stream.empty),
          Stream.runForEach(onChunk)
        )
      }
      return yield* awaitExit(child, operation, bin, args)
    })
  )
