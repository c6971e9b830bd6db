/**
 * Bad URLs (the corpus): refused at submit with `UnsupportedSource` and no row (file:, data:,
 * javascript:, malformed), or accepted and then failed with the download's reason in last_error
 * (unreachable, private address, redirect loop, stalling, lying Content-Length, early close) — the
 * rest of the catalog untouched and a good video right after still completes. A playlist URL goes
 * to yt-dlp, which takes its single item or fails with a reason.
 */
import { SourceVideo } from "@heaters/core"
import { Effect, Either } from "effect"
import { copyFileSync, readFileSync } from "node:fs"
import { createServer } from "node:http"
import type { Server } from "node:http"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { good } from "./inputs.js"
import type { Embedded } from "./support.js"
import { snapshot, startEmbedded } from "./support.js"

let open: Embedded // allowPrivateAddresses: the loopback test server is the internet here
let guarded: Embedded // the default: private addresses refused
let server: Server
let base: string
let video: Buffer
let goodPath: string
let n = 0

beforeAll(async () => {
  goodPath = await good()
  video = readFileSync(goodPath)
  const fetcher = { timeoutMs: 1_500, retries: 0 }
  ;[open, guarded] = await Promise.all([
    startEmbedded({ pipeline: { maxRetries: 1 }, fetcher: { ...fetcher, allowPrivateAddresses: true } }),
    startEmbedded({ pipeline: { maxRetries: 1 }, fetcher })
  ])
  server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname
    const head = req.method === "HEAD"
    switch (path) {
      case "/loop.mp4":
        res.writeHead(302, { location: "/loop.mp4" })
        return void res.end()
      case "/stall.mp4":
        res.writeHead(200, { "content-type": "video/mp4", "content-length": String(video.length) })
        if (head) return void res.end()
        return void res.write(video.subarray(0, 1000)) // …and nothing more
      case "/lies-more.mp4": // announces the whole file, sends a quarter, closes
        res.writeHead(200, { "content-type": "video/mp4", "content-length": String(video.length) })
        if (head) return void res.end()
        res.write(video.subarray(0, video.length >> 2))
        return void setTimeout(() => res.destroy(), 20)
      case "/lies-less.mp4": // announces 2000 bytes, sends the whole file
        res.writeHead(200, { "content-type": "video/mp4", "content-length": "2000" })
        if (head) return void res.end()
        return void res.socket?.end(video)
      case "/early-close.mp4": // chunked, closed mid-body
        res.writeHead(200, { "content-type": "video/mp4" })
        if (head) return void res.end()
        res.write(video.subarray(0, 5000))
        return void setTimeout(() => res.socket?.destroy(), 20)
      case "/list.m3u8":
        res.writeHead(200, { "content-type": "application/vnd.apple.mpegurl" })
        return void res.end(head ? undefined : "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:1.5,\n/one.mp4\n#EXTINF:1.5,\n/two.mp4\n#EXT-X-ENDLIST\n")
      case "/one.mp4":
      case "/two.mp4":
      case "/good.mp4":
        res.writeHead(200, { "content-type": "video/mp4", "content-length": String(video.length) })
        return void res.end(head ? undefined : video)
    }
    res.writeHead(404)
    res.end()
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
})
afterAll(async () => {
  server?.closeAllConnections()
  await new Promise((r) => server?.close(r))
  await Promise.all([open?.close(), guarded?.close()])
})

/** Submits a copy of the good file and drains: the worker still works. */
const goodAfter = async (h: Embedded) => {
  const path = join(h.dir, `good-${++n}.mp4`)
  copyFileSync(goodPath, path)
  const v = await h.run(h.heaters.submit(path))
  await h.run(h.heaters.drain)
  expect((await h.run(h.heaters.video(v.id))).state).toBe("spliced")
}

describe("URLs refused at submit (no row, nothing else changes)", () => {
  const refused = ["file:///etc/passwd", "data:video/mp4;base64,AAAAIGZ0eXA=", "javascript:alert(1)", "http://", "http://[::1", "ftp://example.com/v.mp4", "http://user:pw@example.com/v.mp4", "   "]
  it.each(refused)("%s", async (url) => {
    const before = await open.run(snapshot)
    const result = await open.run(Effect.either(open.heaters.submit(url)))
    expect(Either.isLeft(result) && result.left._tag).toBe("UnsupportedSource")
    expect(await open.run(snapshot)).toEqual(before)
    await goodAfter(open)
  })
})

describe("URLs that fail while downloading: the video is failed with the reason", () => {
  const cases: ReadonlyArray<readonly [string, () => string, RegExp, "open" | "guarded"]> = [
    ["unreachable host (connection refused)", () => "http://127.0.0.1:1/v.mp4", /network error|ECONNREFUSED/, "open"],
    ["unresolvable host", () => "http://no-such-host.invalid/v.mp4", /network error|ENOTFOUND|EAI_AGAIN|resolve/, "open"],
    ["private address (the default guard)", () => `${base}/good.mp4`, /private address/, "guarded"],
    ["localhost (the default guard)", () => `${base.replace("127.0.0.1", "localhost")}/good.mp4`, /private address/, "guarded"],
    ["redirect loop", () => `${base}/loop.mp4`, /redirects/, "open"],
    ["stalling server", () => `${base}/stall.mp4`, /timed out|no data/, "open"],
    ["Content-Length larger than the body", () => `${base}/lies-more.mp4`, /network error|aborted|announced/, "open"],
    ["connection closed mid-body", () => `${base}/early-close.mp4`, /network error|aborted|terminated/, "open"],
    ["404", () => `${base}/missing.mp4`, /404/, "open"]
  ]
  it.each(cases)("%s", async (_kind, url, reason, which) => {
    const h = which === "open" ? open : guarded
    const before = await h.run(snapshot)
    const v = await h.run(h.heaters.submit(url()))
    await h.run(h.heaters.drain)
    const after = await h.run(h.heaters.video(v.id))
    expect(SourceVideo.failed).toContain(after.state)
    expect(after.lastError).toMatch(reason)
    expect(await h.run(h.heaters.clips(v.id))).toEqual([])
    const now = await h.run(snapshot)
    expect(now.videos.filter((x) => x.id !== v.id)).toEqual(before.videos)
    expect(now.clips).toEqual(before.clips)
    await goodAfter(h)
  }, 60_000)

  it("Content-Length smaller than the body: the truncated file is ingested or failed, never a crash", async () => {
    const v = await open.run(open.heaters.submit(`${base}/lies-less.mp4`))
    await open.run(open.heaters.drain)
    const after = await open.run(open.heaters.video(v.id))
    // 2000 bytes of an MP4 without its index: ffmpeg cannot read it.
    expect(SourceVideo.failed).toContain(after.state)
    expect(after.lastError).toEqual(expect.any(String))
    await goodAfter(open)
  }, 60_000)

  it("a playlist URL (HLS, two items): one video, spliced or failed with a reason", async () => {
    const v = await open.run(open.heaters.submit(`${base}/list.m3u8`))
    await open.run(open.heaters.drain)
    const after = await open.run(open.heaters.video(v.id))
    const videos = (await open.run(snapshot)).videos
    expect(videos.filter((x) => x.id === v.id)).toHaveLength(1)
    if (after.state !== "spliced") expect(after.lastError).toEqual(expect.any(String))
    else expect((await open.run(open.heaters.clips(v.id))).length).toBeGreaterThan(0)
    await goodAfter(open)
  }, 90_000)
})
