/**
 * At a terminal (a pseudo-terminal through util-linux `script`): progress is one bar per stage,
 * redrawn in place, instead of the plain lines pipes get; help is styled.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { hasAnsi, runInTerminal, stopAll } from "../support/cli.js"
import { generateVideo } from "../support/videos.js"

let data = ""
afterAll(async () => {
  await stopAll()
  if (data) rmSync(data, { recursive: true, force: true })
})

describe("heaters at a terminal", () => {
  it("ingest draws a bar per stage (cursor moves, counts per stage), no plain event lines", async () => {
    const video = await generateVideo({ shots: [{ source: "testsrc2", seconds: 2 }, { source: "smptebars", seconds: 2 }, { source: "color:0x884422", seconds: 2 }], width: 320, height: 180, fps: 25 })
    data = mkdtempSync(join(tmpdir(), "heaters-cli-tty-"))
    const r = await runInTerminal(["ingest", video.path, "--data", data])
    expect(r.exitCode).toBe(0)
    const screen = r.stdout
    expect(screen).toMatch(/\x1b\[\d+A/) // redrawn in place
    expect(screen).toMatch(/ingest\s+█{24}\s+100%\s+1\/1 video/)
    expect(screen).toMatch(/splice\s+█{24}\s+100%\s+1\/1 video/)
    expect(screen).toMatch(/sprite\s+█{24}\s+100%\s+3\/3 clips/)
    expect(screen).toMatch(/sprite\s+█{0,23}░+\s+\d+%\s+[0-2]\/\d clips/) // and partway there before
    expect(screen).not.toMatch(/\[sprite\] clip \d+ done/)
    expect(screen).toMatch(/video 1 ".*": spliced, 3 clips/)
  }, 240_000)

  it("help is styled at a terminal", async () => {
    const r = await runInTerminal(["videos", "--help"])
    expect(r.exitCode).toBe(0)
    expect(hasAnsi(r.stdout)).toBe(true)
  }, 120_000)
})
