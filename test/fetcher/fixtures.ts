/**
 * Fixtures of the Fetcher suites: one tiny generated video and a loopback HTTP server that serves
 * it directly, embedded in a page, slowly, stalled, chunked, as a 404 and as a text file. No
 * internet: everything yt-dlp and the HTTP client see comes from here.
 */
import { afterAll, afterEach, beforeAll, beforeEach } from "@effect/vitest"
import { execa } from "execa"
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { mkdtemp, rm } from "node:fs/promises"
import { createServer } from "node:http"
import type { IncomingMessage, ServerResponse } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"

/** A 3 s 160×90 H.264/AAC MP4 (≈ 40 kB) generated with ffmpeg's lavfi sources. */
export const makeVideo = async (dir: string): Promise<Buffer> => {
  const path = join(dir, "clip.mp4")
  await execa("ffmpeg", [
    "-v", "error", "-y",
    "-f", "lavfi", "-i", "testsrc=size=160x90:rate=25:duration=3",
    "-f", "lavfi", "-i", "sine=duration=3",
    "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest", path
  ])
  return readFileSync(path)
}

/** What `ffprobe` says the streams of a file are (["video", "audio"] for a good download). */
export const streamTypes = async (path: string): Promise<ReadonlyArray<string>> => {
  const { stdout } = await execa("ffprobe", ["-v", "error", "-show_entries", "stream=codec_type", "-of", "json", path])
  return (JSON.parse(stdout) as { streams: Array<{ codec_type: string }> }).streams.map((s) => s.codec_type)
}

export const PAGE_TITLE = "Heaters Test Page"
export const LAST_MODIFIED = "Tue, 14 Nov 2023 08:00:00 GMT"

export interface TestServer {
  readonly base: string
  readonly video: Buffer
  /** Requests per path (HEAD and GET alike). */
  readonly hits: Map<string, number>
  readonly close: () => Promise<void>
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export const startServer = async (video: Buffer): Promise<TestServer> => {
  const hits = new Map<string, number>()
  const sendVideo = (res: ServerResponse, headers: Record<string, string> = {}) => {
    res.writeHead(200, { "content-type": "video/mp4", "content-length": String(video.length), "last-modified": LAST_MODIFIED, ...headers })
    res.end(video)
  }
  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void | Promise<void>> = {
    "/clip.mp4": (_req, res) => sendVideo(res),
    "/file-download": (_req, res) => sendVideo(res, { "content-type": "application/octet-stream" }),
    "/page.html": (_req, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "last-modified": LAST_MODIFIED })
      res.end(`<!doctype html><html><head><title>${PAGE_TITLE}</title></head><body><h1>Clip</h1><video controls src="/clip.mp4"></video></body></html>`)
    },
    "/empty-page.html": (_req, res) => {
      res.writeHead(200, { "content-type": "text/html" })
      res.end("<html><head><title>Nothing</title></head><body>no video here</body></html>")
    },
    "/notes.txt": (_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" })
      res.end("these are notes, not a video\n")
    },
    // No Content-Length: the size is only known by counting.
    "/chunked.mp4": async (req, res) => {
      res.writeHead(200, { "content-type": "video/mp4" })
      if (req.method === "HEAD") return void res.end()
      for (let i = 0; i < video.length; i += 8192) res.write(video.subarray(i, i + 8192))
      res.end()
    },
    // The whole file in small pieces over ≈ 0.5 s: several progress events.
    "/throttled.mp4": async (req, res) => {
      res.writeHead(200, { "content-type": "video/mp4", "content-length": String(video.length), "last-modified": LAST_MODIFIED })
      if (req.method === "HEAD") return void res.end()
      for (let i = 0; i < video.length && !res.destroyed; i += 4096) {
        res.write(video.subarray(i, i + 4096))
        await sleep(50)
      }
      res.end()
    },
    // Headers and the first bytes, then silence until the client gives up.
    "/stall.mp4": (req, res) => {
      res.writeHead(200, { "content-type": "video/mp4", "content-length": String(video.length) })
      if (req.method === "HEAD") return void res.end()
      res.write(video.subarray(0, 4096))
    },
    // Never answers at all.
    "/no-answer.mp4": () => undefined
  }
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname
    hits.set(path, (hits.get(path) ?? 0) + 1)
    const route = routes[path]
    if (route === undefined) {
      res.writeHead(404, { "content-type": "text/plain" })
      return void res.end("File not found")
    }
    void route(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const address = server.address()
  if (address === null || typeof address === "string") throw new Error("no port")
  return {
    base: `http://127.0.0.1:${address.port}`,
    video,
    hits,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}

/** A fresh parent for the fetcher's per-call directories, so a test can see what is left. */
export const makeRoot = () => mkdtemp(join(tmpdir(), "heaters-fetch-test-"))
export const removeRoot = (root: string) => rm(root, { recursive: true, force: true })
export const entries = (root: string): ReadonlyArray<string> => (existsSync(root) ? readdirSync(root) : [])

/** Pids of live processes whose command line mentions `needle` (Linux /proc). */
export const processesMentioning = (needle: string): ReadonlyArray<number> => {
  const found: Array<number> = []
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, "utf8")
      const status = readFileSync(`/proc/${name}/status`, "utf8")
      if (cmdline.includes(needle) && !/^State:\s+Z/m.test(status)) found.push(Number(name))
    } catch {
      // The process exited while we looked.
    }
  }
  return found
}

/**
 * Registers the hooks of a Fetcher suite: one video and server per file, a fresh (and afterwards
 * removed) root for the per-call directories per test.
 */
export const useFixtures = () => {
  const state = { server: undefined as unknown as TestServer, root: "", media: "" }
  beforeAll(async () => {
    state.media = await mkdtemp(join(tmpdir(), "heaters-fetch-media-"))
    state.server = await startServer(await makeVideo(state.media))
  })
  afterAll(async () => {
    await state.server?.close()
    await rm(state.media, { recursive: true, force: true })
  })
  beforeEach(async () => {
    state.root = await makeRoot()
  })
  afterEach(() => removeRoot(state.root))
  return state
}
