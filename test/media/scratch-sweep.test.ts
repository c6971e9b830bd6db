/**
 * Scratch directories of killed processes are swept when an adapter starts
 * (docs/RELIABILITY.md, "Scratch directories"): only those whose process is gone from this host.
 */
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as Ffmpeg from "@heaters/adapters/ffmpeg"
import { Media } from "@heaters/core"
import { Effect } from "effect"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { ownedPrefix, sweep } from "../../packages/adapters/src/scratch/sweep.js"

let root: string
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "sweep-root-"))
})
afterEach(() => fs.rmSync(root, { recursive: true, force: true }))

/** The pid of a process that existed and has exited (reaped), so it is certainly gone. */
const deadPid = async (): Promise<number> => {
  const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" })
  await new Promise((resolve) => child.once("spawn", resolve))
  const pid = child.pid!
  child.kill("SIGKILL")
  await new Promise((resolve) => child.once("exit", resolve))
  return pid
}

const dir = (name: string, file = true) => {
  const p = path.join(root, name)
  fs.mkdirSync(p)
  if (file) fs.writeFileSync(path.join(p, "tile-0001.rgb"), Buffer.alloc(1024))
  return p
}

describe("scratch sweep", () => {
  it("removes the directories of a gone process, keeps live, foreign, legacy and unrelated ones", async () => {
    const gone = await deadPid()
    const goneMaster = dir(`${ownedPrefix("heaters-master-", gone)}aB3dEf`)
    const goneTiles = dir(`${ownedPrefix("heaters-tiles-", gone)}x1y2z3`)
    const mine = dir(`${ownedPrefix("heaters-master-")}Qw9eRt`)
    const live = dir(`${ownedPrefix("heaters-master-", process.ppid)}Zx8cVb`)
    const otherHost = dir(`heaters-master-${gone}.zzzzzz-AbCdEf`)
    const legacy = dir("heaters-master-AbCdEf")
    const otherPrefix = dir(`${ownedPrefix("heaters-fetch-", gone)}AbCdEf`)
    const unrelated = dir(`something-${gone}.x-AbCdEf`)

    const removed = await Effect.runPromise(sweep(root, ["heaters-master-", "heaters-tiles-"]))

    expect([...removed].sort()).toEqual([goneMaster, goneTiles].sort())
    expect(fs.existsSync(goneMaster)).toBe(false)
    expect(fs.existsSync(goneTiles)).toBe(false)
    for (const kept of [mine, live, otherHost, legacy, otherPrefix, unrelated]) expect(fs.existsSync(kept)).toBe(true)
  })

  it("a missing root is no error", async () => {
    expect(await Effect.runPromise(sweep(path.join(root, "nope"), ["heaters-master-"]))).toEqual([])
  })

  it("the ffmpeg adapter names its scratch directories after its process and sweeps a killed process's on start", async () => {
    // A real process that creates a scratch directory through the adapter, then is SIGKILLed holding it.
    const script = `
      const { scratchDir } = await import(${JSON.stringify(path.resolve("packages/adapters/src/ffmpeg/process.ts"))})
      const { Effect } = await import("effect")
      Effect.runFork(Effect.scoped(Effect.flatMap(scratchDir(${JSON.stringify(root)}, "heaters-tiles-", "analyze"), (d) =>
        Effect.zipRight(Effect.sync(() => console.log(d)), Effect.never))))
    `
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] })
    const made = await new Promise<string>((resolve) => child.stdout!.once("data", (d) => resolve(String(d).trim())))
    expect(path.basename(made).startsWith(ownedPrefix("heaters-tiles-", child.pid!))).toBe(true)
    fs.writeFileSync(path.join(made, "tiles.rgb"), Buffer.alloc(4096))
    child.kill("SIGKILL")
    await new Promise((resolve) => child.once("exit", resolve))
    expect(fs.existsSync(made)).toBe(true)

    const liveDir = dir(`${ownedPrefix("heaters-tiles-")}LiVe01`)
    await Effect.runPromise(Effect.provide(Media.Media, Ffmpeg.layer({ tempDir: root })))

    expect(fs.existsSync(made)).toBe(false)
    expect(fs.existsSync(liveDir)).toBe(true)
  }, 60_000)
})
