/**
 * The `heaters` binary as a user runs it: `node packages/examples/bin/heaters.mjs …` from a clean
 * checkout (no build), each run in its own process group so a test can kill it with everything it
 * started (ffmpeg, workers). `stopAll()` in `afterAll`/`afterEach` makes sure no process outlives
 * the test.
 *
 * @since 0.1.0
 */
import { fileURLToPath } from "node:url"
import { execa, type ResultPromise } from "execa"

/** The real binary. @since 0.1.0 */
export const bin = fileURLToPath(new URL("../../packages/examples/bin/heaters.mjs", import.meta.url))

/** What `heaters` runs: the run's prebuilt bundle of the CLI (`cli-bundle.ts`), else the real binary. */
const entry = (options: RunOptions) => (options.realBin === true ? bin : process.env["HEATERS_TEST_CLI"] ?? bin)

/** @since 0.1.0 */
export interface RunOptions {
  readonly env?: Readonly<Record<string, string>>
  readonly timeout?: number
  readonly cwd?: string
  /** Run `bin/heaters.mjs` itself (TypeScript sources through tsx) rather than the run's bundle. */
  readonly realBin?: boolean
}

const live = new Set<ResultPromise>()

// The environment a user's shell would give, minus our own settings that tests set explicitly.
const baseEnv = () => {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith("HEATERS_")) env[k] = v
  return env
}

/**
 * Starts `heaters …` (stdout/stderr captured, never rejects on a non-zero exit).
 *
 * @since 0.1.0
 */
export const start = (args: ReadonlyArray<string>, options: RunOptions = {}) => {
  const child = execa("node", [entry(options), ...args], {
    reject: false,
    detached: true, // its own process group: killGroup reaches its children too
    env: { ...baseEnv(), ...options.env },
    extendEnv: false,
    cwd: options.cwd,
    timeout: options.timeout ?? 240_000,
    killSignal: "SIGKILL",
    stdin: "ignore"
  })
  live.add(child)
  void child.finally(() => live.delete(child)).catch(() => undefined)
  return child
}

/** Runs `heaters …` to the end. @since 0.1.0 */
export const run = (args: ReadonlyArray<string>, options: RunOptions = {}) => start(args, options)

const quote = (arg: string) => `'${arg.replace(/'/g, "'\\''")}'`

/**
 * Runs `heaters …` on a pseudo-terminal (util-linux `script`), as a person at a terminal would;
 * stdout and stderr both arrive in `stdout`, with their control sequences.
 *
 * @since 0.1.0
 */
export const runInTerminal = (args: ReadonlyArray<string>, options: RunOptions = {}) => {
  const child = execa("script", ["-qfec", ["node", entry(options), ...args].map(quote).join(" "), "/dev/null"], {
    reject: false,
    detached: true,
    env: { ...baseEnv(), TERM: "xterm-256color", ...options.env },
    extendEnv: false,
    timeout: options.timeout ?? 240_000,
    killSignal: "SIGKILL",
    stdin: "ignore"
  })
  live.add(child)
  void child.finally(() => live.delete(child)).catch(() => undefined)
  return child
}

/** Sends `signal` to the child's whole process group. @since 0.1.0 */
export const killGroup = (child: ResultPromise, signal: NodeJS.Signals = "SIGKILL") => {
  if (child.pid === undefined) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    // already gone
  }
}

/** Kills every still-running child's process group and waits for them. @since 0.1.0 */
export const stopAll = async () => {
  const children = [...live]
  for (const child of children) killGroup(child)
  await Promise.allSettled(children)
}

/**
 * Resolves with the first match of `pattern` in the child's stderr (rejects if it exits first or
 * `ms` pass).
 *
 * @since 0.1.0
 */
export const waitForStderr = (child: ResultPromise, pattern: RegExp, ms = 180_000): Promise<RegExpMatchArray> =>
  new Promise((resolve, reject) => {
    let text = ""
    const timer = setTimeout(() => reject(new Error(`no ${pattern} on stderr after ${ms} ms:\n${text}`)), ms)
    child.stderr?.on("data", (chunk: Buffer) => {
      text += chunk.toString()
      const match = text.match(pattern)
      if (match) {
        clearTimeout(timer)
        resolve(match)
      }
    })
    void child.then((r) => {
      clearTimeout(timer)
      reject(new Error(`exited (${r.exitCode}) before ${pattern}:\n${text}`))
    })
  })

/** True when a process with this pid still exists. @since 0.1.0 */
export const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** No ANSI colour codes (help and errors are for scripts when piped). @since 0.1.0 */
// eslint-disable-next-line no-control-regex
export const hasAnsi = (text: string): boolean => /\x1b\[/.test(text)

/** Maps with at most `n` runs at once, results in input order. @since 0.1.0 */
export const inBatches = async <A, B>(items: ReadonlyArray<A>, n: number, f: (a: A) => Promise<B>): Promise<Array<B>> => {
  const out: Array<B> = []
  for (let i = 0; i < items.length; i += n) out.push(...(await Promise.all(items.slice(i, i + n).map(f))))
  return out
}
