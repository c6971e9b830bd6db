/**
 * Private addresses (issue: a URL submitted to the server could point at 127.0.0.1, 10.x,
 * 169.254.x or a name resolving there). The address table, then the Fetcher with its default
 * (`allowPrivateAddresses: false`): IP literals, `localhost`, redirects to a private address, yt-dlp
 * refused before it starts, and redirects to other schemes and redirect loops with the guard off.
 */
import { describe, expect, it } from "@effect/vitest"
import * as YtDlp from "@heaters/adapters/ytdlp"
import { Effect } from "effect"
import { createServer } from "node:http"
import type { Server } from "node:http"
import { afterAll, beforeAll } from "vitest"
import { downloadDirect } from "../../packages/adapters/src/ytdlp/http.js"
import { entries, processesMentioning, useFixtures } from "./fixtures.js"

const fx = useFixtures()

describe("the non-public address table", () => {
  const table: ReadonlyArray<readonly [string, boolean]> = [
    ["127.0.0.1", true], ["127.255.255.254", true], ["10.0.0.1", true], ["10.255.255.255", true],
    ["172.16.0.1", true], ["172.31.255.255", true], ["172.32.0.1", false], ["172.15.255.255", false],
    ["192.168.0.1", true], ["192.169.0.1", false], ["169.254.169.254", true], ["169.255.0.1", false],
    ["100.64.0.1", true], ["100.127.255.255", true], ["100.128.0.1", false], ["100.63.255.255", false],
    ["0.0.0.0", true], ["0.1.2.3", true], ["224.0.0.1", true], ["255.255.255.255", true], ["198.18.0.1", true],
    ["8.8.8.8", false], ["1.1.1.1", false], ["93.184.216.34", false],
    ["::1", true], ["::", true], ["[::1]", true], ["fe80::1", true], ["febf::1", true], ["fec0::1", true],
    ["fc00::1", true], ["fd12:3456::1", true], ["ff02::1", true], ["2001:db8::1", true],
    ["::ffff:127.0.0.1", true], ["::ffff:7f00:1", true], ["::ffff:10.0.0.1", true], ["::ffff:169.254.169.254", true], ["::ffff:8.8.8.8", false],
    ["64:ff9b::7f00:1", true], ["64:ff9b::808:808", false], ["2002:7f00:1::1", true], ["2002:808:808::1", false],
    ["2606:4700:4700::1111", false], ["2a00:1450:4001:81c::200e", false],
    ["not-an-ip", true], ["", true]
  ]
  it.each(table)("%s → non-public %s", (ip, expected) => {
    expect(YtDlp.isNonPublicAddress(ip)).toBe(expected)
  })
})

// A second loopback server on 127.0.0.2 that redirects to the fixture server on 127.0.0.1: with a
// guard that refuses only 127.0.0.1 and ::1, the first hop is allowed and the redirect is not.
let redirector: Server
let redirectBase: string
beforeAll(async () => {
  redirector = createServer((req, res) => {
    const target = new URL(req.url ?? "/", "http://x").searchParams.get("to") ?? ""
    if (req.url?.startsWith("/loop")) {
      res.writeHead(302, { location: `/loop?n=${Number(new URL(req.url, "http://x").searchParams.get("n") ?? 0) + 1}` })
      return void res.end()
    }
    res.writeHead(302, { location: target })
    res.end()
  })
  await new Promise<void>((resolve) => redirector.listen(0, "127.0.0.2", resolve))
  redirectBase = `http://127.0.0.2:${(redirector.address() as { port: number }).port}`
})
afterAll(async () => {
  redirector?.closeAllConnections()
  await new Promise((r) => redirector?.close(r))
})

const only127001 = (ip: string) => ip === "127.0.0.1" || ip === "::1" || ip === "::ffff:127.0.0.1"

describe("allowPrivateAddresses: false (the default)", () => {
  const guarded = (options: YtDlp.FetcherOptions = {}) => YtDlp.make({ tempDir: fx.root, timeoutMs: 5_000, retries: 0, ...options })

  it.scopedLive("an IP literal on loopback is refused before any request, in every mode", () =>
    Effect.gen(function* () {
      for (const mode of ["auto", "direct", "yt-dlp"] as const) {
        const fetcher = yield* guarded({ mode })
        const error = yield* Effect.flip(fetcher.fetch(`${fx.server.base}/clip.mp4`))
        expect(error).toMatchObject({ _tag: "FetchFailed", reason: YtDlp.Reason.PrivateAddress })
        expect(error.detail).toContain("127.0.0.1")
      }
      expect(fx.server.hits.get("/clip.mp4") ?? 0).toBe(0)
      expect(entries(fx.root)).toEqual([])
    }))

  it.scopedLive("a name that resolves to loopback (localhost) is refused after DNS", () =>
    Effect.gen(function* () {
      const url = fx.server.base.replace("127.0.0.1", "localhost")
      for (const mode of ["auto", "direct", "yt-dlp"] as const) {
        const error = yield* Effect.flip((yield* guarded({ mode })).fetch(`${url}/clip.mp4`))
        expect(error).toMatchObject({ reason: YtDlp.Reason.PrivateAddress })
        expect(error.detail).toMatch(/localhost resolves to (127\.0\.0\.1|::1)/)
      }
      expect(fx.server.hits.get("/clip.mp4") ?? 0).toBe(0)
      // yt-dlp never started.
      expect(processesMentioning(fx.root)).toEqual([])
    }))

  it.scopedLive("other private literals (10.x, 169.254.x, [::1], IPv4-mapped) are refused without a connection attempt", () =>
    Effect.gen(function* () {
      const fetcher = yield* guarded({ mode: "direct" })
      for (const host of ["10.0.0.1", "169.254.169.254", "[::1]", "[::ffff:127.0.0.1]", "0.0.0.0", "100.64.0.1", "[fd00::1]", "2130706433"]) {
        const error = yield* Effect.flip(fetcher.fetch(`http://${host}:9/v.mp4`))
        expect(error, host).toMatchObject({ reason: YtDlp.Reason.PrivateAddress })
      }
    }))

  it.scopedLive("a redirect to a refused address is refused (checked on every hop)", () =>
    Effect.gen(function* () {
      const settings = { maxBytes: null, timeoutMs: 5_000, userAgent: "test", allowPrivateAddresses: false, isRefused: only127001 }
      // The first hop (127.0.0.2) passes this guard; the redirect target does not.
      for (const to of [`${fx.server.base}/clip.mp4`, `${fx.server.base.replace("127.0.0.1", "localhost")}/clip.mp4`]) {
        const error = yield* Effect.flip(downloadDirect(new URL(`${redirectBase}/go?to=${encodeURIComponent(to)}`), fx.root, settings, () => Effect.void))
        expect(error, to).toMatchObject({ reason: YtDlp.Reason.PrivateAddress })
      }
      expect(fx.server.hits.get("/clip.mp4") ?? 0).toBe(0)
      // The same redirect with the guard off lands.
      const fetched = yield* downloadDirect(new URL(`${redirectBase}/go?to=${encodeURIComponent(`${fx.server.base}/clip.mp4`)}`), fx.root, { ...settings, allowPrivateAddresses: true }, () => Effect.void)
      expect(fetched.extractor).toBe("http")
    }))
})

describe("redirects with the guard off", () => {
  const open = (options: YtDlp.FetcherOptions = {}) => YtDlp.make({ tempDir: fx.root, mode: "direct", timeoutMs: 5_000, allowPrivateAddresses: true, ...options })

  it.scopedLive("a redirect to file: or data: is refused", () =>
    Effect.gen(function* () {
      for (const to of ["file:///etc/passwd", "data:video/mp4;base64,AAAA"]) {
        const error = yield* Effect.flip((yield* open()).fetch(`${redirectBase}/go?to=${encodeURIComponent(to)}`))
        expect(error, to).toMatchObject({ reason: YtDlp.Reason.UnsupportedUrl })
      }
    }))

  it.scopedLive("a redirect loop ends after MAX_REDIRECTS", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip((yield* open()).fetch(`${redirectBase}/loop`))
      expect(error).toMatchObject({ reason: YtDlp.Reason.Network })
      expect(error.detail).toContain(`more than ${YtDlp.MAX_REDIRECTS} redirects`)
    }))
})
