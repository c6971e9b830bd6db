/**
 * A script author's session through the real binary on one small ingested video: list videos and
 * clips (`--json` shapes), bulk review with ids and `--all-pending`, `work --until-idle` waiting
 * out the undo grace period, `search --similar`, `export`. Steps share one data directory and run
 * in order.
 */
import { execFileSync } from "node:child_process"
import { existsSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { run, stopAll } from "../support/cli.js"
import { generateVideo, type GeneratedVideo } from "../support/videos.js"

// Long enough that `work` starts inside it (it must wait), short enough for a test.
const graceMs = 25_000
const env = { HEATERS_COMMIT_DELAY: String(graceMs) }
let video: GeneratedVideo
let data = ""
const heaters = (...args: Array<string>) => run([...args, "--data", data], { env })
const json = (stdout: string) => JSON.parse(stdout) as unknown

interface ClipRow { id: number; videoId: number; state: string; start: number; end: number }
const clips = async (...args: Array<string>) => json((await heaters("clips", "--json", ...args)).stdout) as Array<ClipRow>

beforeAll(async () => {
  video = await generateVideo({
    shots: [
      { source: "testsrc2", seconds: 2 },
      { source: "smptebars", seconds: 2 },
      { source: "color:0x884422", seconds: 2 },
      { source: "testsrc2", seconds: 2, hue: 15 }, // a near copy of clip 1: search should rank it first
      { source: "mandelbrot", seconds: 2 }
    ],
    width: 320,
    height: 180,
    fps: 25
  })
  data = mkdtempSync(join(tmpdir(), "heaters-cli-curation-"))
  const ingest = await heaters("ingest", video.path, "--json")
  expect(ingest.exitCode).toBe(0)
  expect(ingest.stdout.trim().split("\n")).toHaveLength(1)
  const out = json(ingest.stdout) as { video: { id: number; state: string }; clips: Array<{ id: number; state: string }> }
  expect(Object.keys(out)).toEqual(["video", "clips"])
  expect(out.video).toMatchObject({ id: 1, state: "spliced" })
  expect(out.clips.map((c) => c.state)).toEqual(Array(5).fill("pending_review"))
}, 300_000)

afterAll(async () => {
  await stopAll()
  if (data) rmSync(data, { recursive: true, force: true })
})

describe("heaters videos / clips", () => {
  it("videos --json: [{id,title,state}]; text: a table; status --json: one line of counts", async () => {
    const [asJson, text, status] = await Promise.all([heaters("videos", "--json"), heaters("videos"), heaters("status", "--json")])
    expect(status.stdout.trim().split("\n")).toHaveLength(1)
    expect(json(status.stdout)).toEqual({ videos: { spliced: 1 }, clips: { pending_review: 5 }, queues: { download: 0, media: 0, ml: 0, light: 0 }, expiredLeases: { videos: 0, clips: 0 } })
    expect(asJson.exitCode).toBe(0)
    const rows = json(asJson.stdout) as Array<Record<string, unknown>>
    expect(rows).toHaveLength(1)
    expect(Object.keys(rows[0]!)).toEqual(["id", "title", "state"])
    expect(rows[0]).toMatchObject({ id: 1, state: "spliced" })
    expect(text.stdout.split("\n")[0]).toMatch(/^ID\s+STATE\s+TITLE$/)
  }, 120_000)

  it("clips --json: [{id,videoId,state,start,end}] at the known cuts; --video and --state filter", async () => {
    const [all, ofVideo, ofOther, pending, approved] = await Promise.all([
      clips(),
      clips("--video", "1"),
      clips("--video", "2"),
      clips("--state", "pending_review"),
      clips("--state", "review_approved")
    ])
    expect(all.map((c) => Object.keys(c))).toEqual(all.map(() => ["id", "videoId", "state", "start", "end"]))
    const cuts = [0, ...video.cuts.map((f) => f / video.fps), video.durationSeconds]
    expect(all.map((c) => c.id)).toEqual([1, 2, 3, 4, 5])
    all.forEach((c, i) => {
      expect(c).toMatchObject({ videoId: 1, state: "pending_review" })
      expect(Math.abs(c.start - cuts[i]!)).toBeLessThanOrEqual(0.05)
      expect(Math.abs(c.end - cuts[i + 1]!)).toBeLessThanOrEqual(0.05)
    })
    expect(ofVideo).toEqual(all)
    expect(ofOther).toEqual([])
    expect(pending).toEqual(all)
    expect(approved).toEqual([])
  }, 120_000)
})

describe("heaters review", () => {
  it("approve by id; a clip that cannot take the action fails alone (exit 1), the others go through", async () => {
    const approve = await heaters("review", "approve", "1", "2", "--json")
    expect(approve.exitCode).toBe(0)
    expect(json(approve.stdout)).toEqual([1, 2].map((id) => ({ id, state: "review_approved" })))
    const archive = await heaters("review", "archive", "1", "3")
    expect(archive.exitCode).toBe(1)
    expect(archive.stdout.trim()).toBe("clip 3: review_archived")
    expect(archive.stderr).toMatch(/clip 1: ReviewConflict: cannot archive clip 1 \(state review_approved\)/)
    expect(archive.stderr).toMatch(/1 of 2 clips refused "archive"/)
  }, 120_000)

  it("--all-pending --video of another video touches nothing", async () => {
    const other = await heaters("review", "skip", "--all-pending", "--video", "7", "--json")
    expect(other.exitCode).toBe(0)
    expect(json(other.stdout)).toEqual([])
    expect((await clips("--state", "pending_review")).map((c) => c.id)).toEqual([4, 5])
  }, 120_000)
})

describe("heaters work --until-idle", () => {
  it("waits out the grace period, then keyframes and embeds the approved clips and archives the archived one", async () => {
    const approve = await heaters("review", "approve", "--all-pending", "--video", "1", "--json")
    expect(json(approve.stdout)).toEqual([4, 5].map((id) => ({ id, state: "review_approved" })))
    const approvedAt = Date.now()
    const work = await heaters("work", "--until-idle", "--json")
    expect(work.exitCode).toBe(0)
    // Clips 4 and 5 could only move once their grace period was over: it waited for them.
    expect(Date.now() - approvedAt).toBeGreaterThan(graceMs - 1_000)
    const out = json(work.stdout) as { jobs: number; stuck: number; status: { clips: Record<string, number> } }
    expect(out.stuck).toBe(0)
    expect(out.jobs).toBe(4 * 2 + 1) // keyframe + embed per approved clip, archive for one
    expect(out.status.clips).toEqual({ embedded: 4, archived: 1 })
    expect(work.stderr).toContain("[embed] clip 5 done")
    const none = await heaters("review", "skip", "--all-pending")
    expect(none.exitCode).toBe(0)
    expect(none.stdout.trim()).toBe("no clips wait for review")
  }, 300_000)
})

describe("heaters search", () => {
  it("--similar --json: the other embedded clips, most similar first, the near copy on top", async () => {
    const r = await heaters("search", "--similar", "1", "--json")
    expect(r.exitCode).toBe(0)
    const rows = json(r.stdout) as Array<{ clipId: number; videoId: number; similarity: number }>
    expect(rows.map((m) => Object.keys(m))).toEqual(rows.map(() => ["clipId", "videoId", "similarity"]))
    expect(rows.map((m) => m.clipId).sort()).toEqual([2, 4, 5])
    expect(rows[0]!.clipId).toBe(4)
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1]!.similarity).toBeGreaterThanOrEqual(rows[i]!.similarity)
    expect(rows[0]!.similarity).toBeGreaterThan(rows[1]!.similarity)
    rows.forEach((m) => {
      expect(m.videoId).toBe(1)
      expect(m.similarity).toBeLessThanOrEqual(1)
    })
    const limited = await heaters("search", "--similar", "1", "--limit", "1", "--json")
    expect((json(limited.stdout) as Array<{ clipId: number }>).map((m) => m.clipId)).toEqual([4])
  }, 120_000)

  it("a clip without an embedding and --text without a text encoder fail with exit 1 and the reason; --duplicates lists pairs across videos", async () => {
    const [notEmbedded, text, duplicates] = await Promise.all([
      heaters("search", "--similar", "3", "--json"),
      heaters("search", "--text", "a red flower"),
      heaters("search", "--duplicates", "--json")
    ])
    expect(notEmbedded.exitCode).toBe(1)
    expect(notEmbedded.stdout).toBe("")
    expect(notEmbedded.stderr).toMatch(/NotFound/)
    // The colour-layout embedder has no text encoder: refused, never answered with noise.
    expect(text.exitCode).toBe(1)
    expect(text.stderr).toMatch(/TextSearchUnavailable/)
    // One video only: a near copy inside it is not a duplicate across videos.
    expect(duplicates.exitCode).toBe(0)
    expect(json(duplicates.stdout)).toEqual([])
  }, 120_000)
})

describe("heaters export", () => {
  it("writes the clip's own MP4; an archived or unknown clip is refused with exit 1", async () => {
    const out = join(data, "exports", "clip-2.mp4")
    const [ok, archived, unknown] = await Promise.all([
      heaters("export", "2", "--out", out, "--json"),
      heaters("export", "3", "--out", join(data, "x.mp4")),
      heaters("export", "99", "--out", join(data, "y.mp4"))
    ])
    expect(ok.exitCode).toBe(0)
    expect(json(ok.stdout)).toMatchObject({ clipId: 2, out })
    const duration = Number(execFileSync("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", out]).toString())
    expect(Math.abs(duration - 2)).toBeLessThanOrEqual(0.1)
    expect(archived.exitCode).toBe(1)
    expect(archived.stderr).toMatch(/ReviewConflict: cannot export clip 3 \(state archived\)/)
    expect(unknown.exitCode).toBe(1)
    expect(unknown.stderr).toMatch(/NotFound/)
    expect(existsSync(join(data, "x.mp4")) || existsSync(join(data, "y.mp4"))).toBe(false)
  }, 180_000)
})
