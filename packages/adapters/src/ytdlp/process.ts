/**
 * Running one child process (yt-dlp) with its stdout read line by line, and killing it — with
 * any ffmpeg it started — when the surrounding fiber is interrupted.
 *
 * @since 0.1.0
 */
import { execa } from "execa"
import { Effect, Stream } from "effect"
import { createInterface } from "node:readline"

/** @since 0.1.0 */
export interface ProcessResult {
  /** Null when killed by a signal or when the binary could not be started. */
  readonly exitCode: number | null
  readonly stderr: string
  /** Why the process could not start (ENOENT, EACCES), else null. */
  readonly spawnError: string | null
}

/** How long a process gets to exit after SIGINT before SIGKILL. @since 0.1.0 */
export const KILL_GRACE_MS = 3000

const spawn = (bin: string, args: ReadonlyArray<string>, cwd: string) =>
  execa(bin, args, {
    cwd,
    stdin: "ignore",
    reject: false,
    // stdout is consumed line by line as it comes; stderr is kept for the error's tail.
    buffer: { stdout: false, stderr: true },
    // Python block-buffers a piped stdout, which would hold progress back until the end.
    env: { PYTHONUNBUFFERED: "1" },
    forceKillAfterDelay: false
  })

type Child = ReturnType<typeof spawn>

const exited = (child: Child) => child.exitCode !== null || child.signalCode !== null

/**
 * SIGINT first: yt-dlp turns it into KeyboardInterrupt and kills the ffmpeg it is waiting on
 * (a SIGKILL would orphan that ffmpeg, still writing into a directory we are about to delete);
 * SIGKILL when it does not exit within the grace period.
 */
const terminate = (child: Child): Effect.Effect<void> =>
  Effect.promise(async () => {
    if (exited(child)) return
    child.kill("SIGINT")
    const done = await Promise.race([
      child.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), KILL_GRACE_MS).unref())
    ])
    if (!done) {
      child.kill("SIGKILL")
      await child
    }
  })

/**
 * Runs `bin args` (no shell) in `cwd`, handing every stdout line to `onLine` as it arrives, and
 * returns the exit code and stderr. Never fails: a non-zero exit is the caller's to classify.
 * Interruption kills the process before the effect completes.
 *
 * @since 0.1.0
 */
export const runProcess = (
  bin: string,
  args: ReadonlyArray<string>,
  options: { readonly cwd: string; readonly onLine: (line: string) => Effect.Effect<void> }
): Effect.Effect<ProcessResult> =>
  Effect.scoped(
    Effect.gen(function* () {
      const child = yield* Effect.acquireRelease(Effect.sync(() => spawn(bin, args, options.cwd)), terminate)
      const lines = createInterface({ input: child.stdout, crlfDelay: Number.POSITIVE_INFINITY })
      yield* Stream.fromAsyncIterable(lines, (error) => error).pipe(
        Stream.runForEach((line) => options.onLine(String(line))),
        // A broken stdout pipe only loses progress lines; the exit status below still decides.
        Effect.ignore
      )
      const result = yield* Effect.promise(() => child)
      const spawnFailed = result.exitCode === undefined && result.signal === undefined
      return {
        exitCode: typeof result.exitCode === "number" ? result.exitCode : null,
        stderr: typeof result.stderr === "string" ? result.stderr : "",
        spawnError: spawnFailed ? (result.originalMessage ?? result.shortMessage ?? "cannot start") : null
      }
    })
  )
