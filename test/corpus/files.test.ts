/**
 * Bad and odd media files (the corpus): each either ingests (spliced, with clips) or fails with its
 * reason (the video in a failed state with last_error) — nothing else in the catalog changes, and
 * a good video submitted right after still completes. Embedded default: SQLite + disk + ffmpeg.
 */
import { SourceVideo } from "@heaters/core"
import { copyFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { files, good } from "./inputs.js"
import type { Embedded } from "./support.js"
import { snapshot, startEmbedded } from "./support.js"

let h: Embedded
let goodPath: string
let n = 0
beforeAll(async () => {
  // One attempt per video: a failed row stays failed, so "nothing else changed" is exact.
  h = await startEmbedded({ pipeline: { maxRetries: 1 } })
  goodPath = await good()
})
afterAll(() => h?.close())

/** A fresh copy (a new path: the same source twice is refused as a duplicate). */
const copy = (file: string, name: string) => {
  const to = join(h.dir, `${++n}-${name}${file.slice(file.lastIndexOf("."))}`)
  copyFileSync(file, to)
  return to
}

describe("bad and odd files", () => {
  it.each(files)("$kind", async ({ kind, make, expect: expected }) => {
    const before = await h.run(snapshot)
    const video = await h.run(h.heaters.submit(copy(await make(), kind.replace(/\W+/g, "-"))))
    await h.run(h.heaters.drain)
    const after = await h.run(h.heaters.video(video.id))
    const clips = await h.run(h.heaters.clips(video.id))
    if (expected === "ok") {
      expect(after.lastError, kind).toBeNull()
      expect(after.state).toBe("spliced")
      expect(clips.length).toBeGreaterThan(0)
      expect(clips.every((c) => c.state === "pending_review"), JSON.stringify(clips.map((c) => [c.state, c.lastError]))).toBe(true)
    } else {
      expect(SourceVideo.failed, `${kind}: ${after.state}`).toContain(after.state)
      expect(after.lastError).toEqual(expect.any(String))
      expect(after.lastError!.length).toBeGreaterThan(0)
      expect(clips).toEqual([])
    }
    // Nothing else touched.
    const now = await h.run(snapshot)
    expect(now.videos.filter((v) => v.id !== video.id)).toEqual(before.videos)
    expect(now.clips.filter((c) => !clips.some((x) => x.id === c.id))).toEqual(before.clips)
    // The worker keeps going.
    const next = await h.run(h.heaters.submit(copy(goodPath, "good")))
    await h.run(h.heaters.drain)
    expect((await h.run(h.heaters.video(next.id))).state).toBe("spliced")
  }, 120_000)
})

