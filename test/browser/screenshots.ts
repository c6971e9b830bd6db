/**
 * `npm run screenshots`: the review, library, clip, status and search pages at 1440×900 and
 * 390×844, written to docs/screenshots/*.png. It runs the demo server on a throw-away data
 * directory with the demo's sample video, reviews a few clips so every page has something to show,
 * and removes everything it started when done.
 */
import { mkdirSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Ids } from "@heaters/core"
import { Effect } from "effect"
import { ensureSample } from "../../packages/examples/src/sample.js"
import { launch } from "./browser.js"
import { desktop, phone } from "./fixtures.js"
import { start } from "./server.js"

const out = join(import.meta.dirname, "../../docs/screenshots")
mkdirSync(out, { recursive: true })

const server = await start({ commitDelay: 0, maxRetries: 1 })
const browser = await launch()
try {
  const sample = await Effect.runPromise(ensureSample(join(tmpdir(), "heaters-screenshots-sample.mp4")))
  const video = await server.run(server.heaters.submit(sample).pipe(Effect.catchTag("DuplicateSource", (e) => server.heaters.video(Ids.unsafe.video(e.existingId)))))
  await server.run(server.heaters.submit("/videos/missing-holiday.mp4"))
  await server.run(server.heaters.drain)
  const clips = await server.run(server.heaters.clips(video.id))
  // A reviewed start: three approved (embedded after the drain), one skipped, one archived.
  const verdicts = ["approve", "approve", "skip", "approve", "archive"] as const
  for (const [i, action] of verdicts.entries()) await server.run(server.heaters.review.act(clips[i]!.id, { action }))
  await server.run(server.heaters.drain)
  const shots: ReadonlyArray<readonly [string, string]> = [
    ["review", "/"],
    ["library", `/library?video=${video.id}`],
    ["clip", `/library?clip=${clips[0]!.id}`],
    ["status", "/status"],
    ["search", `/search?clip=${clips[0]!.id}`]
  ]
  for (const [name, path] of shots) {
    for (const [kind, viewport] of [["desktop", desktop], ["phone", phone]] as const) {
      const page = await browser.newPage({ viewport })
      await page.goto(server.url + path)
      await page.waitForLoadState("networkidle")
      await page.waitForTimeout(1200) // sprite sheets decode, players reach a frame
      const file = join(out, `${name}-${kind}.png`)
      await page.screenshot({ path: file })
      console.log(`${file} ${Math.round(statSync(file).size / 1024)} kB`)
      await page.close()
    }
  }
} finally {
  await browser.close()
  await server.close()
}
