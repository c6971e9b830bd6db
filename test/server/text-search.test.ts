/**
 * Search by text over HTTP: with a CLIP model that has a text encoder (the generated tiny model),
 * the options say so and `/api/search/text` ranks embedded clips; with the colour-layout embedder
 * the same request is a 400 naming `TextSearchUnavailable`. Duplicates list pairs across videos.
 */
import { copyFileSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Running, start } from "../browser/server.js"
import { writeModelDir } from "../support/onnx-models.js"
import { generateVideo } from "../support/videos.js"

const work = mkdtempSync(join(tmpdir(), "heaters-text-search-"))
let clip: Running
let colour: Running

beforeAll(async () => {
  const modelDir = writeModelDir(join(work, "tiny-clip"), { layout: "immich" })
  clip = await start({ commitDelay: 0, spriteTileWidth: 160 }, {}, { clipModelDir: modelDir })
  colour = await start({ commitDelay: 0 })
  const video = await generateVideo({ shots: [{ source: "testsrc2", seconds: 2 }, { source: "smptebars", seconds: 2 }], width: 320, height: 180, fps: 25 })
  // The same footage under a second name: its clips are near-duplicates of the first video's.
  const copy = join(work, "copy.mp4")
  copyFileSync(video.path, copy)
  for (const path of [video.path, copy]) await clip.run(clip.heaters.submit(path))
  await clip.run(clip.heaters.drain)
  for (const item of await clip.run(clip.heaters.review.next({ limit: 10 }))) {
    await clip.run(clip.heaters.review.act(item.clip.id, { action: "approve" }))
  }
  await clip.run(clip.heaters.drain)
}, 300_000)

afterAll(async () => {
  await clip?.close()
  await colour?.close()
  rmSync(work, { recursive: true, force: true })
})

const get = async (server: Running, path: string) => {
  const response = await fetch(server.url + path)
  return { status: response.status, body: await response.json() }
}

describe("search by text over HTTP", () => {
  it("a model with a text encoder: the page offers the text box and every embedded clip is ranked", async () => {
    expect((await get(clip, "/api/search/options")).body.textSearch).toBe(true)
    const { status, body } = await get(clip, "/api/search/text?query=a%20test%20pattern")
    expect(status).toBe(200)
    expect(body.items).toHaveLength(4)
    const pcts = body.items.map((i: { similarityPct: number }) => i.similarityPct)
    expect([...pcts].sort((a, b) => b - a)).toEqual(pcts)
  })

  it("the same footage in two videos: each clip has its duplicate in the other video", async () => {
    const { status, body } = await get(clip, "/api/search/duplicates")
    expect(status).toBe(200)
    expect(body).toHaveLength(2)
    for (const pair of body) {
      expect(pair.videoId).not.toBe(pair.duplicateVideoId)
      expect(pair.similarity).toBeGreaterThan(0.99)
    }
  })

  it("the colour-layout embedder has no text encoder: 400 TextSearchUnavailable, no text box", async () => {
    expect((await get(colour, "/api/search/options")).body.textSearch).toBe(false)
    const { status, body } = await get(colour, "/api/search/text?query=anything")
    expect(status).toBe(400)
    expect(body).toMatchObject({ error: "TextSearchUnavailable" })
  })
})
