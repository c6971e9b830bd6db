/**
 * Helpers shared by the browser tests: a fresh video per test (so tests do not share clips), pages
 * at a given viewport that collect script errors, and a log of the review actions a page posts.
 */
import { Ids } from "@heaters/core"
import { Effect } from "effect"
import type { Browser, Page } from "playwright-core"
import { generateVideo } from "../support/videos.js"
import type { Running } from "./server.js"

export const desktop = { width: 1440, height: 900 }
export const phone = { width: 390, height: 844 }

const looks = ["testsrc2", "smptebars", "rgbtestsrc", "mandelbrot", "color:0x3366cc", "gradients"] as const
let made = 0

/** Approves whatever still waits for review, so the next video's clips lead the queue. */
export const clearQueue = (server: Running) =>
  server.run(
    Effect.gen(function* () {
      for (;;) {
        const items = yield* server.heaters.review.next({ limit: 50 })
        if (items.length === 0) return
        for (const item of items) yield* server.heaters.review.act(item.clip.id, { action: "approve" })
      }
    })
  )

/** A new video of `shots` 2-second shots (hard cuts), ingested; returns its clip ids in order. */
export const freshVideo = async (server: Running, shots = 4): Promise<Array<number>> => {
  await clearQueue(server)
  const hue = (made++ * 37) % 360
  const video = await generateVideo({
    shots: Array.from({ length: shots }, (_, i) => ({ source: looks[i % looks.length]!, seconds: 2, hue })),
    width: 320,
    height: 180,
    fps: 25
  })
  const submitted = await server.run(server.heaters.submit(video.path))
  await server.run(server.heaters.drain)
  return (await server.run(server.heaters.clips(submitted.id))).map((c) => c.id)
}

export interface Opened {
  readonly page: Page
  readonly errors: Array<string>
  /** Every POST to /api/review/:id, in order: the clip id and the JSON body. */
  readonly posts: Array<{ clipId: number; body: Record<string, unknown> }>
}

export const open = async (browser: Browser, url: string, viewport = desktop): Promise<Opened> => {
  const page = await browser.newPage({ viewport })
  const errors: Array<string> = []
  const posts: Opened["posts"] = []
  page.on("pageerror", (e) => errors.push(e.message))
  // The page reports each review POST itself, before sending it: Playwright's "request" event can
  // arrive late (or not at all) while a test routes other requests, and a log that misses a post
  // would hide a double send as easily as it fails a good run.
  await page.exposeFunction("recordReviewPost", (url: string, body: string) => {
    const m = new URL(url, "http://page").pathname.match(/^\/api\/review\/(\d+)$/)
    if (m) posts.push({ clipId: Number(m[1]), body: JSON.parse(body) })
  })
  await page.addInitScript(() => {
    const send = window.fetch.bind(window)
    const page = window as unknown as { recordReviewPost: (url: string, body: string) => Promise<void> }
    window.fetch = async (input, init) => {
      if (init?.method === "POST" && typeof init.body === "string") await page.recordReviewPost(String(input), init.body)
      return send(input, init)
    }
  })
  await page.goto(url)
  return { page, errors, posts }
}

/**
 * Closes a page. A route handler still holding a request (often the queue top-up the page sent
 * last) is dropped with its error: a test that ends while one waits must not leave an unhandled
 * rejection behind ("Response has been disposed").
 */
export const close = async (page: Page) => {
  await page.unrouteAll({ behavior: "ignoreErrors" })
  await page.close()
}

/** Closes every page still open: a failed test leaves its page open, and its polling must not disturb the next test. */
export const closeAll = async (browser: Browser | undefined) => {
  for (const context of browser?.contexts() ?? []) {
    for (const page of context.pages()) await close(page)
    await context.close()
  }
}

export const clipState = (server: Running, id: number) => server.run(Effect.map(server.heaters.clip(Ids.unsafe.clip(id)), (c) => c.state))
export const pending = (server: Running) => server.run(server.heaters.review.pending)

/** Holds a hotkey and presses Enter, as a reviewer does. */
export const hotkey = async (page: Page, key: string) => {
  await page.keyboard.down(key)
  await page.keyboard.press("Enter")
  await page.keyboard.up(key)
}
