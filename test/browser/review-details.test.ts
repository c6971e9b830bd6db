/**
 * The review page's smaller promises: labels that follow the player, Esc out of split mode, undo
 * that can be retried, browser shortcuts left alone, readable server errors, Merge/Group only when
 * there is a partner, keyboard reach, "n left", the hotkey overlay, the merge hint — and a layout
 * that fits a desktop and a phone.
 */
import type { Browser, Page } from "playwright-core"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import { launch } from "./browser.js"
import { close, closeAll, desktop, freshVideo, hotkey, open, phone } from "./fixtures.js"
import { type Running, start } from "./server.js"

let server: Running
let browser: Browser
let clips: Array<number> = []

beforeAll(async () => {
  server = await start({ commitDelay: 60_000 })
  browser = await launch()
}, 180_000)

afterEach(() => closeAll(browser))

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

const title = (page: Page) => page.locator("#title").textContent()
const flash = (page: Page) => page.locator("#flash").textContent()
const ready = async (viewport = desktop) => {
  const opened = await open(browser, server.url + "/", viewport)
  await expect.poll(() => title(opened.page)).toContain(`clip ${clips[0]}`)
  await opened.page.waitForSelector("#sprite[data-frame]")
  return opened
}
const frame = (page: Page) => page.locator("#sprite").getAttribute("data-frame")

describe("player and split mode", () => {
  beforeAll(async () => {
    clips = await freshVideo(server)
  })

  it("the Pause button says what it will do, for clicks, Space and the sprite itself", async () => {
    const { page } = await ready()
    await expect.poll(() => page.locator("#play").textContent()).toBe("Pause")
    await page.locator("#play").click()
    expect(await page.locator("#play").textContent()).toBe("Play")
    await page.keyboard.press(" ")
    expect(await page.locator("#play").textContent()).toBe("Pause")
    await page.locator("#sprite").focus()
    await page.keyboard.press("Enter")
    expect(await page.locator("#play").textContent()).toBe("Play")
    expect(await page.locator("#sprite").getAttribute("tabindex")).toBe("0")
    expect(await page.locator("#scrub").getAttribute("aria-label")).toBeTruthy()
    await page.close()
  })

  it("Esc leaves split mode, resumes playback and clears the split message", async () => {
    const { page } = await ready()
    await page.keyboard.press("x")
    await expect.poll(() => flash(page)).toMatch(/^Split mode/)
    expect(await page.locator("#play").textContent()).toBe("Play")
    await page.keyboard.press("Escape")
    expect(await flash(page)).toBe("")
    expect(await page.locator("body").getAttribute("class")).not.toContain("split-mode")
    const before = await frame(page)
    await expect.poll(() => frame(page)).not.toBe(before)
    expect(await page.locator("#play").textContent()).toBe("Pause")
    await page.close()
  })

  it("Ctrl+S and Ctrl+D are browser shortcuts, not Skip and Archive", async () => {
    const { page } = await ready()
    for (const key of ["s", "d"]) {
      await page.keyboard.down("Control")
      await page.keyboard.down(key)
      expect(await page.locator(".armed").count()).toBe(0)
      await page.keyboard.up(key)
      await page.keyboard.up("Control")
    }
    await page.keyboard.down("s")
    expect(await page.locator(".armed").textContent()).toBe("Skip (S)")
    await page.keyboard.up("s")
    await page.close()
  })

  it("Merge and Group are disabled on a video's first clip and enabled on the next", async () => {
    const { page } = await ready()
    expect(await page.locator('[data-action="merge"]').isDisabled()).toBe(true)
    expect(await page.locator('[data-action="group"]').isDisabled()).toBe(true)
    await page.keyboard.press("Shift+Space")
    await page.locator("#target").fill(String(clips[2]))
    expect(await page.locator('[data-action="merge"]').isDisabled()).toBe(false)
    await page.keyboard.press("Shift+Space")
    expect(await page.locator('[data-action="merge"]').isDisabled()).toBe(true)
    await hotkey(page, "s")
    await expect.poll(() => title(page)).toContain(`clip ${clips[1]}`)
    expect(await page.locator('[data-action="merge"]').isDisabled()).toBe(false)
    expect(await page.locator('[data-action="group"]').isDisabled()).toBe(false)
    await page.keyboard.press("Control+z")
    await expect.poll(() => title(page)).toContain(`clip ${clips[0]}`)
    await page.close()
  })

  it("ID-mode thumbnails are reachable with Tab and picked with Enter", async () => {
    const { page } = await ready()
    await page.keyboard.press("Shift+Space")
    await page.waitForSelector(".thumb")
    const thumb = page.locator(".thumb").first()
    expect(await thumb.getAttribute("tabindex")).toBe("0")
    await thumb.focus()
    await page.keyboard.press("Enter")
    expect(await page.locator("#target").inputValue()).toBe(String(clips[1]))
    await page.close()
  })
})

describe("errors and undo", () => {
  beforeAll(async () => {
    clips = await freshVideo(server)
  })

  it("a refused undo keeps its history entry: the next Ctrl+Z tries again", async () => {
    const { page } = await ready()
    await hotkey(page, "a")
    await expect.poll(() => flash(page)).toBe(`Approved clip ${clips[0]}`)
    let refusals = 1
    await page.route("**/api/review/*", (route) =>
      route.request().method() === "POST" && refusals-- > 0
        ? route.fulfill({ status: 409, contentType: "application/json", body: JSON.stringify({ error: "UndoRefused", message: "try later" }) })
        : route.continue()
    )
    await page.keyboard.press("Control+z")
    await expect.poll(() => flash(page)).toBe("Undo refused: try later")
    await page.keyboard.press("Control+z")
    await expect.poll(() => flash(page)).toBe(`Undid approve of clip ${clips[0]}`)
    await expect.poll(() => title(page)).toContain(`clip ${clips[0]}`)
    await close(page)
  })

  it("a 500 with an HTML body reads as a server error, not a JSON parse failure", async () => {
    const page = await browser.newPage({ viewport: desktop })
    await page.route("**/api/review/next*", (route) => route.fulfill({ status: 500, contentType: "text/html", body: "<html><body>Internal Server Error</body></html>" }))
    await page.goto(server.url + "/")
    await expect.poll(() => flash(page)).toMatch(/^Error: the server answered 500/)
    expect(await flash(page)).not.toContain("Unexpected token")
    await close(page)
  })
})

describe("progress, overlay and hint", () => {
  beforeAll(async () => {
    clips = await freshVideo(server)
  })

  it("shows how many are left and lists every hotkey behind ?", async () => {
    const { page } = await ready()
    expect(await page.locator("#left").textContent()).toBe("4 left")
    await page.keyboard.press("?")
    await expect.poll(() => page.locator("#help").isVisible()).toBe(true)
    const rows = await page.locator("#help th").allTextContents()
    for (const key of ["hold A + Enter", "hold S + Enter", "hold D + Enter", "hold F + Enter", "hold G + Enter", "Ctrl + Z", "Shift + Space", "Space", "Esc"]) expect(rows).toContain(key)
    await page.keyboard.down("a") // hotkeys sleep while the overlay is open
    expect(await page.locator(".armed").count()).toBe(0)
    await page.keyboard.up("a")
    await page.keyboard.press("Escape")
    await expect.poll(() => page.locator("#help").isVisible()).toBe(false)
    await page.locator("#help-open").click()
    await expect.poll(() => page.locator("#help").isVisible()).toBe(true)
    await page.close()
  })

  it("renders a merge hint when the item carries one, and nothing when it does not", async () => {
    const { page } = await ready()
    expect(await page.locator("#hint").isVisible()).toBe(false)
    await page.route("**/api/review/next*", async (route) => {
      const response = await route.fetch()
      const body = await response.json()
      for (const item of body.items) if (item.previousClipId !== null) item.mergeHint = { targetClipId: item.previousClipId, similarity: 0.93 }
      await route.fulfill({ response, json: body })
    })
    await page.reload()
    await expect.poll(() => title(page)).toContain(`clip ${clips[0]}`)
    expect(await page.locator("#hint").isVisible()).toBe(false) // the first clip has no partner
    await hotkey(page, "s")
    await expect.poll(() => title(page)).toContain(`clip ${clips[1]}`)
    await expect.poll(() => page.locator("#hint").textContent()).toBe(`Likely the same shot as clip ${clips[0]} — merge? (F) (93% alike)`)
    await close(page)
  })
})

describe("layout", () => {
  beforeAll(async () => {
    clips = await freshVideo(server)
  })

  for (const [name, viewport] of [["desktop", desktop], ["phone", phone]] as const) {
    it(`${name} ${viewport.width}×${viewport.height}: the whole frame is visible and nothing overflows`, async () => {
      const { page, errors } = await ready(viewport)
      const box = (await page.locator("#sprite").boundingBox())!
      expect(box.x).toBeGreaterThanOrEqual(0)
      expect(box.x + box.width).toBeLessThanOrEqual(viewport.width)
      const meta = await page.evaluate(() => {
        const style = getComputedStyle(document.querySelector("#sprite")!)
        return { size: style.backgroundSize, scroll: document.documentElement.scrollWidth }
      })
      const cols = 5 // 480 px tiles, 5 per row for these 2-second clips
      expect(parseFloat(meta.size)).toBeCloseTo(cols * box.width, 0)
      expect(meta.scroll).toBeLessThanOrEqual(viewport.width)
      if (viewport === phone) expect(box.width).toBeLessThan(480)
      else expect(box.width).toBe(480)
      for (const selector of ["#actions", "#controls", "nav"]) {
        const b = (await page.locator(selector).boundingBox())!
        expect(b.x + b.width).toBeLessThanOrEqual(viewport.width)
      }
      expect(errors).toEqual([])
      await page.close()
    })
  }
})
