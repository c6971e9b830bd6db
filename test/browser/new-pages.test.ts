/**
 * The status, submit and library pages in Chromium, at 1440×900 and 390×844: live status with
 * failures and retry, URL and file submission, the library's video list, timeline, filters, and a
 * clip's page with history, lineage, "find similar" and the MP4 download.
 */
import { Ids } from "@heaters/core"
import type { Browser, Page } from "playwright-core"
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest"
import { launch } from "./browser.js"
import { closeAll, desktop, freshVideo, open, phone } from "./fixtures.js"
import { type Running, start } from "./server.js"
import { generateVideo } from "../support/videos.js"

// Each test ingests a fresh video with real ffmpeg; on a busy machine that alone can take a minute.
vi.setConfig({ testTimeout: 150_000 })

let server: Running
let browser: Browser
let clips: Array<number> = []
let videoId = 0

beforeAll(async () => {
  // No grace period: a merge commits on the next drain, so lineage can be checked.
  server = await start({ commitDelay: 0, maxRetries: 1 })
  browser = await launch()
  clips = await freshVideo(server, 4)
  videoId = (await server.run(server.heaters.clip(Ids.unsafe.clip(clips[0]!)))).sourceVideoId
}, 180_000)

afterEach(() => closeAll(browser))

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

const fits = async (page: Page, width: number) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)

describe("status page", () => {
  for (const viewport of [desktop, phone]) {
    it(`${viewport.width}px: videos with per-stage progress, queues, failures with retry, updates live`, async () => {
      const broken = await server.run(server.heaters.submit(`/no/such/video-${viewport.width}.mp4`))
      await server.run(server.heaters.drain)
      const { page, errors } = await open(browser, server.url + "/status?poll=500", viewport)
      const row = page.locator(`#videos tr[data-video="${videoId}"]`)
      await expect.poll(() => row.count()).toBe(1)
      expect(await row.locator(".state").first().getAttribute("data-state")).toBe("spliced")
      expect(await row.locator('[data-stage="sprites"]').textContent()).toContain("4 / 4")
      expect(await page.locator("#queues tr[data-queue]").count()).toBe(4)
      const failure = page.locator(`#failures li[data-video="${broken.id}"]`)
      await expect.poll(() => failure.count()).toBe(1)
      expect(await failure.textContent()).toMatch(/ingestion failed|download failed/)
      expect(await failure.textContent()).toContain("no/such")
      await failure.locator("button.retry").click()
      await expect.poll(() => page.locator("#flash").textContent()).toBe(`Retry queued for video ${broken.id}`)
      const late = await generateVideo({ shots: [{ source: "mandelbrot", seconds: 1 }], width: viewport.width > 1000 ? 192 : 176, height: 90 })
      const added = await server.run(server.heaters.submit(late.path))
      await expect.poll(() => page.locator(`#videos tr[data-video="${added.id}"]`).count(), { timeout: 5000 }).toBe(1)
      await fits(page, viewport.width)
      expect(errors).toEqual([])
      await page.close()
    })
  }
})

describe("submit page", () => {
  for (const viewport of [desktop, phone]) {
    it(`${viewport.width}px: a refused URL shows why; a file upload shows progress and the new video`, async () => {
      const { page, errors } = await open(browser, server.url + "/submit", viewport)
      await page.locator("#source").fill("ftp://example.com/v.mp4")
      await page.locator("#url-form button").click()
      await expect.poll(() => page.locator("#flash").textContent()).toMatch(/^Error: unsupported source/)
      const video = await generateVideo({ shots: [{ source: "life", seconds: 1 }], width: 160, height: viewport.width > 1000 ? 120 : 112 })
      await page.locator("#file").setInputFiles(video.path)
      await page.locator("#file-form button").click()
      await expect.poll(() => page.locator("#flash").textContent()).toMatch(/^Submitted as video \d+ /)
      expect(await page.locator("#progress").evaluate((p: HTMLProgressElement) => p.value)).toBe(1)
      await fits(page, viewport.width)
      expect(errors).toEqual([])
      await page.close()
    })
  }
})

describe("library", () => {
  for (const viewport of [desktop, phone]) {
    it(`${viewport.width}px: videos, a timeline with cut points, a grid filtered by state`, async () => {
      const { page, errors } = await open(browser, server.url + "/library", viewport)
      await page.locator(`tr[data-video="${videoId}"] a`).click()
      await expect.poll(() => page.locator(".timeline .segment").count()).toBe(4)
      expect(await page.locator(".timeline .segment.cut").count()).toBe(3)
      expect(await page.locator("#clips .thumb").count()).toBe(4)
      await page.locator("#state-filter").selectOption("pending_review")
      expect(await page.locator("#clips .thumb").count()).toBe(await page.locator('#clips .state[data-state="pending_review"]').count())
      await fits(page, viewport.width)
      expect(errors).toEqual([])
      await page.close()
    })
  }

  it("a clip page: player, review history, merge lineage, find similar, MP4 download", async () => {
    await server.run(server.heaters.review.act(Ids.unsafe.clip(clips[0]!), { action: "approve" }))
    await server.run(server.heaters.review.act(Ids.unsafe.clip(clips[0]!), { action: "undo" }))
    await server.run(server.heaters.review.act(Ids.unsafe.clip(clips[0]!), { action: "approve" }))
    await server.run(server.heaters.review.act(Ids.unsafe.clip(clips[3]!), { action: "merge" }))
    await server.run(server.heaters.drain)
    const all = await server.run(server.heaters.clips(Ids.unsafe.video(videoId)))
    const merged = all.find((c) => Array.isArray(c.processingMetadata["merged_from_clips"]))!
    expect(merged).toBeDefined()

    const { page, errors } = await open(browser, server.url + `/library?clip=${clips[0]}`)
    await page.waitForSelector("#clip-player[data-frame]")
    expect(await page.locator("#history tbody tr").count()).toBe(3)
    expect(await page.locator("#history tr.cancelled").count()).toBe(1)
    expect(await page.locator("#similar").getAttribute("href")).toBe(`/search?clip=${clips[0]}`)
    await page.locator("#export").click()
    await expect.poll(() => page.locator("#download-link").count(), { timeout: 30_000 }).toBe(1)
    const href = await page.locator("#download-link").getAttribute("href")
    const response = await fetch(server.url + href!, { headers: { range: "bytes=0-11" } })
    expect(response.status).toBe(206)
    expect(Buffer.from(await response.arrayBuffer()).subarray(4, 8).toString()).toBe("ftyp")

    await page.goto(server.url + `/library?clip=${merged.id}`)
    await expect.poll(() => page.locator("#lineage").textContent()).toBe(`Merged from #${clips[2]} + #${clips[3]}`)
    await page.goto(server.url + `/library?clip=${clips[3]}`)
    await expect.poll(() => page.locator("#lineage").textContent()).toBe(`Merged into #${merged.id}`)
    expect(errors).toEqual([])
    await page.close()
  })
})

describe("a server with a token", () => {
  it("the review page asks for the token once, keeps it, and the action goes through", async () => {
    const guarded = await start({ commitDelay: 60_000 }, { token: "page-token" })
    try {
      const ids = await freshVideo(guarded, 2)
      const { page } = await open(browser, guarded.url + "/")
      const asked: Array<string> = []
      page.on("dialog", (dialog) => {
        asked.push(dialog.message())
        void dialog.accept("page-token")
      })
      await expect.poll(() => page.locator("#title").textContent()).toContain(`clip ${ids[0]}`)
      await page.keyboard.down("a")
      await page.keyboard.press("Enter")
      await page.keyboard.up("a")
      await expect.poll(() => page.locator("#flash").textContent()).toBe(`Approved clip ${ids[0]}`)
      await page.keyboard.down("s")
      await page.keyboard.press("Enter")
      await page.keyboard.up("s")
      await expect.poll(() => page.locator("#flash").textContent()).toBe(`Skipped clip ${ids[1]}`)
      expect(asked).toEqual(["This server needs its access token (HEATERS_TOKEN):"])
      expect(await page.evaluate(() => localStorage.getItem("heatersToken"))).toBe("page-token")
      await page.close()
    } finally {
      await guarded.close()
    }
  })
})
