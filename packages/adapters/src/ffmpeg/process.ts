/**
 * ffmpeg/ffprobe runs on the package's one process runner (`internal/process.ts`), with its
 * `ProcessFailed` mapped to the Media port's errors at this edge: a binary that cannot start is
 * `BinaryNotFound`, any other failure `MediaFailed` with the command line and the stderr tail.
 *
 * @since 0.1.0
 */
import { Media } from "@heaters/core"
import type { Scope } from "effect"
import { Effect } from "effect"
import * as Process from "../internal/process.js"
import { tempDir } from "../internal/tempDir.js"

/** Keeps the last `max` characters of ffmpeg's stderr: the error is at the end. @since 0.1.0 */
export const tail = Process.tail

/** A copy-pasteable rendering of a command line, for error messages. @since 0.1.0 */
export const render = Process.render

/** The runner's failure as the Media port's. @since 0.1.0 */
export const toMediaError = (operation: string, bin: string) => (error: Process.ProcessFailed): Media.MediaFailed | Media.BinaryNotFound =>
  error.reason === "spawn" && (error.code === "ENOENT" || error.code === "EACCES")
    ? new Media.BinaryNotFound({ binary: bin, hint: `cannot start it (${error.code}); install ffmpeg or set HEATERS_FFMPEG/HEATERS_FFPROBE` })
    : new Media.MediaFailed({
      operation,
      command: error.command,
      exitCode: error.exitCode,
      stderr: tail(error.stderr || error.message),
      cause: error
    })

/**
 * The environment every ffmpeg/ffprobe run gets. A sprite sheet is one frame of up to 16 000 px a
 * side (≈ 23 MB at 5×24 tiles of 480×270), and its tile filter and encoder each allocate such
 * frames afresh: in 4 KB pages that is ≈ 20 000 page faults per sheet, which on a virtual machine
 * cost more than the JPEG encoding itself. glibc (2.35+) backs allocations of 4 MiB and more with
 * transparent huge pages when asked to: measured on eight 1080p clips' sheets in one run, CPU
 * 3.0 s → 1.4–1.8 s and wall 1.8 s → 0.8–1.0 s; a bare decode is unchanged. Other C libraries
 * ignore the variable, and a host that sets `GLIBC_TUNABLES` itself keeps its own.
 */
const childEnv: Readonly<Record<string, string>> = process.env.GLIBC_TUNABLES === undefined
  ? { GLIBC_TUNABLES: "glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=4194304" }
  : {}

const mapFailure = <A, E, R>(self: Effect.Effect<A, Process.ProcessFailed | E, R>, operation: string, bin: string) =>
  Effect.catchIf(
    self,
    (e): e is Process.ProcessFailed => e instanceof Process.ProcessFailed,
    (e) => Effect.fail(toMediaError(operation, bin)(e))
  )

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
  mapFailure(Process.run(bin, args, { stdin, env: childEnv }), operation, bin)

/**
 * Runs a command and feeds each stdout chunk to `onChunk` as it arrives (e.g. raw frames, progress
 * lines), returning the stderr tail. The child is killed if `onChunk` fails or the fiber is interrupted.
 *
 * @since 0.1.0
 */
export const streamStdout = <E, R>(
  bin: string,
  args: ReadonlyArray<string>,
  operation: string,
  onChunk: (chunk: Uint8Array) => Effect.Effect<void, E, R>
): Effect.Effect<string, E | Media.MediaFailed | Media.BinaryNotFound, R> =>
  Effect.map(mapFailure(Process.run(bin, args, { onStdout: onChunk, env: childEnv }), operation, bin), (r) => r.stderr)

/**
 * The prefixes of the adapter's scratch directories: the layer sweeps those of dead processes when
 * it is built (`scratch/sweep.ts`), so `scratchDir` accepts no other.
 *
 * @since 0.1.0
 */
export const SCRATCH_PREFIXES = ["heaters-master-", "heaters-tiles-", "heaters-sheet-", "heaters-sheets-", "heaters-keyframes-", "heaters-export-"] as const

/**
 * A scratch directory under `root` for one operation, removed when the scope closes; failing to
 * create it is the operation's `MediaFailed`.
 *
 * @since 0.1.0
 */
export const scratchDir = (root: string, prefix: (typeof SCRATCH_PREFIXES)[number], operation: string): Effect.Effect<string, Media.MediaFailed, Scope.Scope> =>
  Effect.mapError(tempDir(prefix, root), (e) =>
    new Media.MediaFailed({ operation, command: `mkdtemp ${root}/${prefix}XXXXXX`, exitCode: null, stderr: e.reason, cause: e }))

/**
 * A file operation an ffmpeg stage does itself (writing a list, linking a file): its failure is the
 * operation's `MediaFailed`, with `command` naming what was attempted.
 *
 * @since 0.1.0
 */
export const fileStep = <A>(operation: string, command: string, run: () => Promise<A>): Effect.Effect<A, Media.MediaFailed> =>
  Effect.tryPromise({
    try: run,
    catch: (e) => new Media.MediaFailed({ operation, command, exitCode: null, stderr: e instanceof Error ? e.message : String(e), cause: e })
  })
