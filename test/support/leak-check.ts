/**
 * vitest globalSetup: the suite fails if a test leaves anything behind.
 *
 * setup gives the run its own temp directory (TMPDIR, which `os.tmpdir()` and ffmpeg, yt-dlp,
 * Postgres… all honour) and a marker in the environment every process it starts inherits.
 * teardown then looks for live processes carrying the marker (other than vitest's own workers, which
 * vitest ends right after) and for anything still in the run's temp directory, waits a few seconds
 * for cleanups that are on their way, and fails the run listing what is left. It kills and removes
 * the leftovers afterwards so one leaky run does not poison the machine.
 *
 * The generated-video cache lives outside the run's directory (HEATERS_TEST_VIDEO_CACHE) so it
 * survives between runs.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, chmodSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

const MARKER = "HEATERS_TEST_RUN"

/** A live process started by this run: pid and command line. */
export interface Leftover {
  readonly pid: number
  readonly cmdline: string
}

/** Live (not zombie) processes whose environment carries `MARKER=run`, except vitest's own workers. */
export const markedProcesses = (run: string): ReadonlyArray<Leftover> => {
  const found: Array<Leftover> = []
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue
    try {
      const environ = readFileSync(`/proc/${name}/environ`, "utf8").split("\0")
      if (!environ.includes(`${MARKER}=${run}`)) continue
      const status = readFileSync(`/proc/${name}/status`, "utf8")
      if (/^State:\s+Z/m.test(status)) continue
      const cmdline = readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0").join(" ").trim()
      // vitest's own pool workers (they rename themselves "node (vitest N)"); vitest ends them.
      if (/^node \(vitest|node_modules\/(vitest|tinypool)\//.test(cmdline)) continue
      found.push({ pid: Number(name), cmdline })
    } catch {
      // Exited while we looked, or not ours to read.
    }
  }
  return found
}

/** What tools keep in the temp directory on purpose: tsx's compile cache (`tsx-<uid>`). */
const CACHES = /^tsx-\d+$/

/** The run's temp entries that are not caches. */
const tempEntries = () => readdirSync(runDir).filter((name) => !CACHES.test(name))

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

let runDir = ""
let runId = ""

export const setup = () => {
  const realTmp = tmpdir()
  runDir = mkdtempSync(join(realTmp, "heaters-run-"))
  // Postgres runs as its own user under root and must traverse into its cluster directory.
  chmodSync(runDir, 0o755)
  runId = runDir.slice(realTmp.length + 1)
  process.env.HEATERS_TEST_VIDEO_CACHE ??= join(realTmp, "heaters-test-videos")
  process.env[MARKER] = runId
  process.env.TMPDIR = runDir
}

export const teardown = async () => {
  let processes = markedProcesses(runId)
  let files = tempEntries()
  for (let waited = 0; (processes.length > 0 || files.length > 0) && waited < 5_000; waited += 250) {
    await sleep(250)
    processes = markedProcesses(runId)
    files = tempEntries()
  }
  for (const p of processes) {
    try {
      process.kill(p.pid, "SIGKILL")
    } catch {
      // Already gone.
    }
  }
  rmSync(runDir, { recursive: true, force: true })
  if (processes.length === 0 && files.length === 0) return
  const report = [
    "The test run left things behind:",
    ...processes.map((p) => `  process ${p.pid}: ${p.cmdline.slice(0, 300)}`),
    ...files.map((f) => `  temp entry: ${join(runDir, f)}`)
  ].join("\n")
  process.exitCode = 1
  throw new Error(report)
}
