/**
 * The demo server as a black box: `heaters serve --data DIR --port N` in its own process group,
 * talked to over HTTP only, so these tests hold whatever the server is built with. The data
 * directory is prepared through the facade first (ingested videos with clips ready for review).
 */
import { spawn } from "node:child_process"
import type { ChildProcess } from "node:child_process"
import { fileURLToPath } from "node:url"
import { freePort } from "../support/postgres.js"

const bin = fileURLToPath(new URL("../../packages/examples/bin/heaters.mjs", import.meta.url))

export interface ServerProcess {
  readonly url: string
  /** JSON request; resolves with the status and the parsed body (or the raw text). */
  readonly request: (method: string, path: string, body?: unknown, raw?: string) => Promise<{ status: number; body: any; contentType: string | null }>
  readonly stop: () => Promise<void>
}

const busyVideoStates = ["new", "downloading", "downloaded", "splicing"]

/** No queued job and no video mid-ingest or mid-splice. */
const idle = (status: { videos?: Record<string, number>; queues?: Record<string, number> }) =>
  Object.values(status.queues ?? {}).every((n) => n === 0) &&
  busyVideoStates.every((state) => (status.videos?.[state] ?? 0) === 0)

export const startServerProcess = async (dataDir: string): Promise<ServerProcess> => {
  const port = await freePort()
  const child: ChildProcess = spawn(process.execPath, [bin, "serve", "--data", dataDir, "--port", String(port)], {
    detached: true,
    stdio: ["ignore", "ignore", "pipe"]
  })
  let stderr = ""
  child.stderr!.on("data", (d) => void (stderr += String(d)))
  const url = `http://127.0.0.1:${port}`
  /**
   * Waits (up to 60 s) until no job is queued or running, so no stage is cut off with its temp
   * files, then SIGKILLs the process group. (A signal does not close the CLI's scopes today: see
   * docs/RELIABILITY.md.)
   */
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const deadline = Date.now() + 60_000
    while (Date.now() < deadline) {
      const status = await request("GET", "/api/status").catch(() => null)
      if (status === null || idle(status.body)) break
      await new Promise((r) => setTimeout(r, 250))
    }
    const exited = new Promise((resolve) => child.once("exit", resolve))
    try {
      process.kill(-child.pid!, "SIGKILL")
    } catch {
      // already gone
    }
    await exited
  }
  const request: ServerProcess["request"] = async (method, path, body, raw) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: body !== undefined || raw !== undefined ? { "content-type": "application/json" } : {},
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body))
    })
    const text = await res.text()
    let parsed: unknown = text
    try {
      parsed = JSON.parse(text)
    } catch {
      // not JSON: the test will say so
    }
    return { status: res.status, body: parsed, contentType: res.headers.get("content-type") }
  }
  const deadline = Date.now() + 60_000
  for (;;) {
    try {
      const res = await fetch(`${url}/api/status`)
      if (res.ok) break
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop()
      throw new Error(`heaters serve did not start: ${stderr.slice(-2000)}`)
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  return { url, request, stop }
}
