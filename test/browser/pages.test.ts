import { Ids } from "@heaters/core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { Browser, Page } from "playwright-core"
import { Effect } from "effect"
import { generateVideo } from "../support/videos.js"
import { launch } from "./browser.js"
import { type Running, start } from "./server.js"

let server: Running
let browser: Browser
let clipIds: Array<number> = []

const api = async (path: string, body?: unknown) => {
  const response = await fetch(server.url + path, body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
  return { status: response.status, body: await response.json() }
}

const open = async (path: string): Promise<Page> => {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } })
  const errors: Array<string> = []
  page.on("pageerror", (e) => errors.push(e.message))
  await page.goto(server.url + path)
  ;(page as unknown as { errors: Array<string> }).errors = errors
  return page
}

beforeAll(async () => {
  // Four shots of 2 s with hard cuts, two of them the same pattern in another hue.
  const video = await generateVideo({
    shots: [
      { source: "testsrc2", seconds: 2 },
      { source: "smptebars", seconds: 2 },
      { source: "color:0x3366cc", seconds: 2 },
      { source: "testsrc2", seconds: 2, hue: 60 }
    ],
    width: 320,
    height: 180,
    fps: 25
  })
  // No grace period: approved clips are keyframed and embedded by the next drain.
  server = await start({ commitDelay: 0 })
  browser = await launch()
  const submitted = await server.run(server.heaters.submit(video.path))
  await server.run(server.heaters.drain)
  clipIds = (await server.run(server.heaters.clips(submitted.id))).map((c) => c.id)
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

describe("review page", () => {
  it("shows the first clip in a playing sprite player and the queue size", async () => {
    expect(clipIds).toHaveLength(4)
    const page = await open("/")
    await page.waitForSelector("#sprite[data-frame]")
    await expect.poll(() => page.locator("#title").textContent()).toContain(`clip ${clipIds[0]}`)
    expect(await page.locator("#pending").textContent()).toBe("4")
    const first = await page.locator("#frame").textContent()
    await page.waitForTimeout(400)
    expect(await page.locator("#frame").textContent()).not.toBe(first)
    const style = await page.locator("#sprite").getAttribute("style")
    expect(style).toContain("background-size: 2400px")
    expect((page as unknown as { errors: Array<string> }).errors).toEqual([])
    await page.close()
  })

  it("hold A + Enter approves, Ctrl+Z undoes, and the server agrees each time", async () => {
    const page = await open("/")
    await expect.poll(() => page.locator("#title").textContent()).toContain(`clip ${clipIds[0]}`)
    await page.keyboard.down("a")
    expect(await page.locator('[data-action="approve"]').getAttribute("class")).toContain("armed")
    await page.keyboard.press("Enter")
    await page.keyboard.up("a")
    await expect.poll(() => page.locator("#flash").textContent()).toBe(`Approved clip ${clipIds[0]}`)
    await expect.poll(() => page.locator("#title").textContent()).toContain(`clip ${clipIds[1]}`)
    expect((await api(`/api/clips/${clipIds[0]}`)).body.clip.state).toBe("review_approved")
    await page.keyboard.press("Control+z")
    await expect.poll(() => page.locator("#flash").textContent()).toBe(`Undid approve of clip ${clipIds[0]}`)
    await expect.poll(() => page.locator("#title").textContent()).toContain(`clip ${clipIds[0]}`)
    expect((await api(`/api/clips/${clipIds[0]}`)).body.clip).toMatchObject({ state: "pending_review", reviewedAt: null })
    await page.close()
  })

  it("split mode: arrows step frames, Enter splits at the shown frame", async () => {
    const page = await open("/")
    await expect.poll(() => page.locator("#title").textContent()).toContain(`clip ${clipIds[0]}`)
    await page.locator("#split").click()
    await page.locator("#scrub").fill("20")
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press("ArrowRight")
      await page.waitForTimeout(350)
    }
    expect(await page.locator("#frame").textContent()).toBe("Frame: 23")
    await page.keyboard.press("Enter")
    await expect.poll(() => page.locator("#flash").textContent()).toBe(`Split queued for clip ${clipIds[0]}`)
    const history = await server.run(server.heaters.review.history(Ids.unsafe.clip(clipIds[0]!)))
    expect(history.at(-1)).toMatchObject({ _tag: "selected_split", splitAtFrame: 23, absoluteFrame: 22 })
    await server.run(server.heaters.review.act(Ids.unsafe.clip(clipIds[0]!), { action: "undo" }))
    await page.close()
  })

  it("refused actions are shown, not lost: merging the first clip has no previous clip", async () => {
    const page = await open("/")
    await expect.poll(() => page.locator("#title").textContent()).toContain(`clip ${clipIds[0]}`)
    expect(await page.locator('[data-action="merge"]').isDisabled()).toBe(true)
    expect(await page.locator('[data-action="group"]').isDisabled()).toBe(true)
    await page.keyboard.down("f")
    await page.keyboard.press("Enter")
    await page.keyboard.up("f")
    await expect.poll(() => page.locator("#flash").textContent()).toBe("Error: cannot merge clip " + clipIds[0] + ": there is no previous clip in this video")
    expect((await api(`/api/review/${clipIds[0]}`, { action: "merge" })).status).toBe(400)
    expect((await api(`/api/review/999999`, { action: "approve" })).status).toBe(404)
    expect((await api(`/api/review/${clipIds[0]}`, { action: "dance" })).status).toBe(400)
    await page.close()
  })
})

describe("search page", () => {
  it("after approval and embedding, shows a seed and ranked similar clips; clicking one reseeds", async () => {
    for (const id of clipIds) await server.run(server.heaters.review.act(Ids.unsafe.clip(id), { action: "approve" }))
    await server.run(server.heaters.drain)
    const states = await server.run(Effect.forEach(clipIds, (id) => Effect.map(server.heaters.clip(Ids.unsafe.clip(id)), (c) => c.state)))
    expect(states).toEqual(["embedded", "embedded", "embedded", "embedded"])
    const page = await open("/search")
    await expect.poll(() => page.locator("#seed-caption").textContent()).toMatch(/^#\d+ — /)
    await expect.poll(() => page.locator(".result").count()).toBe(3)
    // The colour embedder reads no words: no text-search form (a layout rule once showed it anyway).
    expect(await page.locator("#text-form").isVisible()).toBe(false)
    const captions = await page.locator(".result figcaption").allTextContents()
    for (const caption of captions) expect(caption).toMatch(/^#\d+ — \d+%$/)
    const percents = captions.map((c) => Number(c.match(/(\d+)%$/)![1]))
    expect([...percents].sort((a, b) => b - a)).toEqual(percents)
    expect(await page.locator("#prev").isDisabled()).toBe(true)
    expect(await page.locator("#next").isDisabled()).toBe(true)
    const target = await page.locator(".result").first().getAttribute("data-clip")
    await page.locator(".result").first().click()
    await expect.poll(() => page.locator("#seed-caption").textContent()).toContain(`#${target} — `)
    await page.close()
  })

  for (const viewport of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
    it(`at ${viewport.width}×${viewport.height}: the seed fits, results take Enter, percentages stay within 0–100 %`, async () => {
      const page = await browser.newPage({ viewport })
      await page.goto(server.url + "/search")
      await expect.poll(() => page.locator(".result").count()).toBe(3)
      const seed = (await page.locator("#seed-player").boundingBox())!
      expect(seed.x + seed.width).toBeLessThanOrEqual(viewport.width)
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width)
      for (const order of ["Most similar first", "Least similar first"]) {
        if (order !== (await page.locator("#order").textContent())) await page.locator("#order").click()
        await expect.poll(() => page.locator("#order").textContent()).toBe(order)
        await page.waitForTimeout(300)
        for (const caption of await page.locator(".result figcaption").allTextContents()) {
          const pct = Number(caption.match(/ — (-?\d+)%$/)?.[1])
          expect(pct).toBeGreaterThanOrEqual(0)
          expect(pct).toBeLessThanOrEqual(100)
        }
      }
      const first = page.locator(".result").first()
      expect(await first.getAttribute("tabindex")).toBe("0")
      const target = await first.getAttribute("data-clip")
      await first.focus()
      await page.keyboard.press("Enter")
      await expect.poll(() => page.locator("#seed-caption").textContent()).toContain(`#${target} — `)
      await page.close()
    })
  }

  it("shows 'All clips reviewed!' when the queue is empty", async () => {
    const page = await open("/")
    await expect.poll(() => page.locator("#empty").isVisible()).toBe(true)
    expect(await page.locator("#empty h2").textContent()).toBe("All clips reviewed!")
    await page.close()
  })
})
