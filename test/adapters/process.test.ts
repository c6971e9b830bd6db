/**
 * The adapters' shared plumbing on real processes and real directories: the process runner
 * (arguments, stdin, stdout callback and cap, stderr tail, failures that keep the command line,
 * interruption that leaves no child), the scoped temp dir, the binary lookup, and the error cause
 * that survives the mapping to the Media port's error.
 */
import { describe, expect, it } from "@effect/vitest"
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { ConfigProvider, Deferred, Effect, Exit, Fiber } from "effect"
import { afterAll } from "vitest"
import { locate, which } from "../../packages/adapters/src/internal/binaries.js"
import * as Process from "../../packages/adapters/src/internal/process.js"
import { tempDir } from "../../packages/adapters/src/internal/tempDir.js"
import { collect } from "../../packages/adapters/src/ffmpeg/process.js"

const work = mkdtempSync(join(tmpdir(), "heaters-plumbing-"))
afterAll(() => rmSync(work, { recursive: true, force: true }))

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

async function* chunksOf(...parts: ReadonlyArray<string>) {
  for (const part of parts) yield new TextEncoder().encode(part)
}

/** Starts `script` under sh, returns its pid (the script's first line of stdout) and the fiber. */
/**
 * Runs `sh -c` with `script` and waits until the shell has printed its pid — after `setup`, so a
 * test that interrupts at once never races the shell's own preparation (a `trap` not yet set).
 */
const started = (script: string, options: Process.RunOptions = {}, setup = "") =>
  Effect.gen(function*() {
    const pid = yield* Deferred.make<number>()
    const fiber = yield* Effect.fork(
      Process.run("sh", ["-c", `${setup}echo $$; ${script}`], { ...options, onStdout: (chunk) => Deferred.succeed(pid, Number(new TextDecoder().decode(chunk).trim())) })
    )
    return { pid: yield* Deferred.await(pid), fiber }
  })

describe("process runner", () => {
  it.live("passes arguments verbatim (no shell) and streams stdin from an async iterable", () =>
    Effect.gen(function*() {
      const echoed = yield* Process.run("printf", ["%s|", "a b", "$HOME", "'; rm -rf /"])
      expect(new TextDecoder().decode(echoed.stdout)).toBe("a b|$HOME|'; rm -rf /|")
      const cat = yield* Process.run("cat", [], { stdin: chunksOf("one ", "two ", "three") })
      expect(new TextDecoder().decode(cat.stdout)).toBe("one two three")
    }))

  it.live("stdin: a source may refill one buffer for every chunk (each is written out before the next is pulled)", () =>
    Effect.gen(function*() {
      // 40 chunks of 256 KB — four times a pipe's capacity each — all from the same buffer.
      async function* refilled() {
        const buf = Buffer.alloc(256 * 1024)
        for (let i = 0; i < 40; i++) yield buf.fill(i)
      }
      const { stdout } = yield* Process.run("cat", [], { stdin: refilled() })
      expect(stdout.length).toBe(40 * 256 * 1024)
      for (let i = 0; i < 40; i++) expect(stdout[i * 256 * 1024 + 1000], `chunk ${i}`).toBe(i)
    }))

  it.live("stdin: a source that throws fails the run with `input` and its message", () =>
    Effect.gen(function*() {
      async function* broken() {
        yield new TextEncoder().encode("some ")
        throw new Error("tile 7 is truncated")
      }
      const error = yield* Effect.flip(Process.run("cat", [], { stdin: broken() }))
      expect(error).toMatchObject({ _tag: "ProcessFailed", reason: "input" })
      expect(error.stderr).toContain("tile 7 is truncated")
      expect(error.message).toContain("its input failed")
    }))

  it.live("a slow consumer back-pressures the child: it waits on a full pipe rather than Node buffering its output", () =>
    Effect.gen(function*() {
      const size = 32 * 1024 * 1024
      let pid = 0
      let bytes = 0
      let aliveWhileStalled = false
      yield* Process.run("sh", ["-c", `echo $$; exec head -c ${size} /dev/zero`], {
        onStdout: (chunk) =>
          Effect.gen(function*() {
            if (pid === 0) {
              pid = Number(new TextDecoder().decode(chunk.subarray(0, 16)).split("\n")[0])
              // 32 MB take a few milliseconds to write; blocked on the pipe, the child is still there.
              yield* Effect.sleep("500 millis")
              aliveWhileStalled = alive(pid)
            }
            bytes += chunk.length
          })
      })
      expect(aliveWhileStalled).toBe(true)
      expect(bytes).toBe(size + `${pid}\n`.length)
    }))

  it.live("a non-zero exit keeps the command line, the exit code and the stderr tail", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Process.run("sh", ["-c", "echo first >&2; echo 'it broke' >&2; exit 3"]))
      expect(error).toMatchObject({ _tag: "ProcessFailed", reason: "exit", exitCode: 3, signal: null })
      expect(error.command).toBe(`sh -c 'echo first >&2; echo '\\''it broke'\\'' >&2; exit 3'`)
      expect(error.stderr).toBe("first\nit broke\n")
      expect(error.message).toContain("exit 3")
    }))

  it.live("a binary that cannot start is a spawn failure with its system code and cause", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Process.run(join(work, "no-such-binary"), ["x"]))
      expect(error).toMatchObject({ reason: "spawn", code: "ENOENT", exitCode: null })
      expect(error.cause).toBeInstanceOf(Error)
    }))

  it.live("stdout is capped (the child is stopped) and only the end of stderr is kept", () =>
    Effect.gen(function*() {
      const capped = yield* Effect.flip(Process.run("head", ["-c", "1000000", "/dev/zero"], { maxStdoutBytes: 10_000 }))
      expect(capped.reason).toBe("output-cap")
      const loud = yield* Process.run("sh", ["-c", "i=0; while [ $i -lt 2000 ]; do echo noise-$i >&2; i=$((i+1)); done; echo THE-END >&2"], { maxStderrBytes: 100 })
      expect(loud.stderr.length).toBeLessThanOrEqual(100)
      expect(loud.stderr.endsWith("THE-END\n")).toBe(true)
    }))

  it.live("interruption kills a child that is blocked and silent, at once", () =>
    Effect.gen(function*() {
      const { pid, fiber } = yield* started("exec sleep 30")
      expect(alive(pid)).toBe(true)
      const t0 = Date.now()
      yield* Fiber.interrupt(fiber)
      expect(Date.now() - t0).toBeLessThan(2_000)
      expect(alive(pid)).toBe(false)
    }))

  it.live("a child that ignores the polite signal is killed after the grace period", () =>
    Effect.gen(function*() {
      // The ignored SIGINT is set before the pid is printed (and survives the exec).
      const { pid, fiber } = yield* started("exec sleep 30", { kill: { signal: "SIGINT", graceMs: 300 } }, "trap '' INT; ")
      const t0 = Date.now()
      yield* Fiber.interrupt(fiber)
      const took = Date.now() - t0
      expect(took).toBeGreaterThanOrEqual(250)
      expect(took).toBeLessThan(3_000)
      expect(alive(pid)).toBe(false)
    }))

  it.live("a failing stdout callback fails the run and stops the child", () =>
    Effect.gen(function*() {
      let pid = 0
      const exit = yield* Effect.exit(
        Process.run("sh", ["-c", "echo $$; exec sleep 30"], {
          onStdout: (chunk) => {
            pid = Number(new TextDecoder().decode(chunk).trim())
            return Effect.fail("enough" as const)
          }
        })
      )
      expect(exit).toStrictEqual(Exit.fail("enough"))
      expect(pid).toBeGreaterThan(0)
      expect(alive(pid)).toBe(false)
    }))

  it.effect("lines are split across chunks, at \\n, \\r\\n and \\r, multi-byte characters intact", () =>
    Effect.gen(function*() {
      const lines: Array<string> = []
      const split = Process.lineSplitter((line) => Effect.sync(() => lines.push(line)))
      const bytes = new TextEncoder().encode("héllo\r\nwor")
      yield* split.push(bytes.subarray(0, 2)) // cuts "é" in half
      yield* split.push(bytes.subarray(2))
      yield* split.push(new TextEncoder().encode("ld\r50%\r60%\nlast"))
      yield* split.end
      expect(lines).toEqual(["héllo", "world", "50%", "60%", "last"])
    }))
})

describe("scoped temp dir", () => {
  it.live("is removed when the scope closes, also on interruption", () =>
    Effect.gen(function*() {
      const made = yield* Effect.scoped(Effect.tap(tempDir("plain-", work), (dir) => Effect.sync(() => writeFileSync(join(dir, "f"), "x"))))
      expect(existsSync(made)).toBe(false)
      const ready = yield* Deferred.make<string>()
      const fiber = yield* Effect.fork(Effect.scoped(Effect.flatMap(tempDir("interrupted-", join(work, "new", "root")), (dir) => Effect.zipRight(Deferred.succeed(ready, dir), Effect.never))))
      const dir = yield* Deferred.await(ready)
      expect(existsSync(dir)).toBe(true)
      yield* Fiber.interrupt(fiber)
      expect(existsSync(dir)).toBe(false)
    }))

  it.live("a root that cannot be created is a TempDirFailed naming it", () =>
    Effect.gen(function*() {
      const file = join(work, "a-file")
      writeFileSync(file, "")
      const error = yield* Effect.flip(Effect.scoped(tempDir("x-", join(file, "below"))))
      expect(error).toMatchObject({ _tag: "TempDirFailed", root: join(file, "below") })
      expect(error.cause).toBeInstanceOf(Error)
    }))
})

describe("binary lookup", () => {
  const withEnv = (map: Record<string, string>) => Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(map))))

  it.live("option, then HEATERS_*, then PATH; a variable that points nowhere is an error", () =>
    Effect.gen(function*() {
      const link = join(work, "my-ffmpeg")
      symlinkSync(which("ffmpeg")!, link)
      expect(yield* locate("ffmpeg").pipe(withEnv({ HEATERS_FFMPEG: link }))).toEqual({ path: link, source: "environment" })
      expect(yield* locate("ffmpeg", link).pipe(withEnv({ HEATERS_FFMPEG: "/nope" }))).toEqual({ path: link, source: "option" })
      expect((yield* locate("ffprobe").pipe(withEnv({}))).source).toBe("PATH")
      const wrong = yield* Effect.flip(locate("ffprobe").pipe(withEnv({ HEATERS_FFPROBE: join(work, "nope") })))
      expect(wrong).toMatchObject({ _tag: "BinaryNotFound", binary: "ffprobe" })
      expect(wrong.hint).toContain("HEATERS_FFPROBE")
    }))
})

describe("error causes", () => {
  it.live("ffmpeg's MediaFailed keeps the runner's failure as its cause", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(collect(which("ffmpeg")!, ["-v", "error", "-i", join(work, "missing.mp4"), "-f", "null", "-"], "test"))
      expect(error._tag).toBe("MediaFailed")
      expect(error).toMatchObject({ operation: "test", exitCode: 1 })
      expect(error.cause).toMatchObject({ _tag: "ProcessFailed", reason: "exit", exitCode: 1 })
    }))
})
