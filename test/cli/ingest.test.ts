/**
 * The `heaters` CLI as a user runs it (a child process from a clean checkout, no build) on the
 * embedded default: URL ingest over HTTP with progress, status, and a refused source.
 */
import { createReadStream, mkdtempSync, rmSync, statSync } from "node:fs"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { run as heaters, stopAll } from "../support/cli.js"
import { generateVideo } from "../support/videos.js"

let server: Server
let base = ""
let dataDir = ""

beforeAll(async () => {
  const video = await generateVideo({
    shots: [
      { source: "testsrc2", seconds: 2 },
      { source: "smptebars", seconds: 2 },
      { source: "color:0x884422", seconds: 2 }
    ],
    width: 320,
    height: 180,
    fps: 25,
    audio: true
  })
  server = createServer((request, response) => {
    if (request.url !== "/media/talk.mp4") return void response.writeHead(404).end("not found")
    response.writeHead(200, { "content-type": "video/mp4", "content-length": statSync(video.path).size })
    createReadStream(video.path).pipe(response)
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  dataDir = mkdtempSync(join(tmpdir(), "heaters-cli-"))
}, 120_000)

afterAll(async () => {
  await stopAll()
  server?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

describe("heaters ingest", () => {
  it("downloads a URL, shows progress, and leaves its clips ready for review in SQLite", async () => {
    const run = await heaters(["ingest", `${base}/media/talk.mp4`, "--data", dataDir])
    expect(run.stderr).toContain("[download] video 1 progress")
    expect(run.stderr).toContain("[splice] video 1 done")
    expect(run.stdout.trim()).toBe(`video 1 "talk": spliced, 3 clips`)
    expect(run.exitCode).toBe(0)
    const status = await heaters(["status", "--data", dataDir])
    expect(JSON.parse(status.stdout)).toMatchObject({ videos: { spliced: 1 }, clips: { pending_review: 3 } })
  }, 240_000)

  it("refuses a file: URL before anything runs, with exit code 1 and the reason", async () => {
    const run = await heaters(["ingest", "file:///etc/passwd", "--data", dataDir])
    expect(run.exitCode).toBe(1)
    expect(run.stderr).toContain("UnsupportedSource")
    expect(run.stdout).toBe("")
  }, 120_000)

  it("a 404 URL ends ingestion_failed with the HTTP reason and exit code 1", async () => {
    const run = await heaters(["ingest", `${base}/missing.mp4`, "--data", dataDir])
    expect(run.exitCode).toBe(1)
    expect(run.stdout.trim()).toMatch(/^video \d+ "127.0.0.1": ingestion_failed, 0 clips — download of http:\/\/127.0.0.1:\d+\/missing.mp4 failed \(probe\): HTTP error — 404$/)
  }, 240_000)
})
