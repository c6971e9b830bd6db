/**
 * The CLI contract: `heaters scenes FILE --json` prints only {"fps","frames","cuts"} and finds the
 * known cuts, at their true times on a variable-frame-rate phone file too; `heaters sprite` writes
 * a sheet (upright for a rotated one).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "@effect/vitest"
import { execa } from "execa"
import { lumaOf, psnr, realWorld } from "../support/realworld.js"
import { generateVideo, presets } from "../support/videos.js"

const bin = fileURLToPath(new URL("../../packages/examples/bin/heaters.mjs", import.meta.url))
const heaters = (...args: Array<string>) => execa("node", [bin, ...args], { reject: false })

describe("heaters CLI", () => {
  it("scenes --json: exactly the contract on stdout, cuts within ±1 frame of the known ones", async () => {
    const video = await generateVideo(presets.hardCuts())
    const run = await heaters("scenes", video.path, "--json")
    expect(run.exitCode).toBe(0)
    expect(run.stdout.trim().split("\n")).toHaveLength(1)
    const out = JSON.parse(run.stdout) as { fps: number; frames: number; cuts: Array<{ frame: number; time: number }> }
    expect(Object.keys(out)).toEqual(["fps", "frames", "cuts"])
    expect(out.fps).toBe(25)
    expect(out.frames).toBe(video.frames)
    expect(out.cuts).toHaveLength(video.cuts.length)
    out.cuts.forEach((c, i) => {
      expect(Object.keys(c)).toEqual(["frame", "time"])
      expect(Math.abs(c.frame - video.cuts[i]!)).toBeLessThanOrEqual(1)
      expect(c.time).toBeCloseTo(c.frame / 25, 3)
    })
  }, 120_000)

  it("scenes options: --detector histogram, --min-clip-seconds merges short scenes, bad input is an error on stderr", async () => {
    const video = await generateVideo(presets.hardCuts())
    // Independent runs: in parallel, since each pays tsx's start-up.
    const [mergedRun, baseline, bad, usage] = await Promise.all([
      heaters("scenes", video.path, "--json", "--min-clip-seconds", "3"),
      heaters("scenes", video.path, "--json", "--detector", "histogram", "--threshold", "0.3"),
      heaters("scenes", "/nonexistent.mp4", "--json"),
      heaters("scenes", video.path, "--threshold", "abc")
    ])
    expect(JSON.parse(mergedRun.stdout).cuts.length).toBeLessThan(video.cuts.length)
    expect(baseline.exitCode).toBe(0)
    expect(bad.exitCode).toBe(1)
    expect(bad.stdout).toBe("")
    expect(bad.stderr).toMatch(/MediaUnreadable/)
    expect(usage.exitCode).toBe(2)
    expect(usage.stderr).toMatch(/--threshold must be a number/)
  }, 120_000)

  it("sprite writes the sheet, its WebVTT manifest and metadata; doctor reports ffmpeg", async () => {
    const video = await generateVideo(presets.hardCuts())
    const out = mkdtempSync(join(tmpdir(), "heaters-cli-sprite-"))
    const [run, doctor] = await Promise.all([heaters("sprite", video.path, "--start", "2", "--end", "4", "--out", out), heaters("doctor")])
    expect(run.exitCode).toBe(0)
    const files = readdirSync(out).sort()
    expect(files.map((f) => f.slice(f.lastIndexOf(".")))).toEqual([".jpg", ".json", ".vtt"])
    const meta = JSON.parse(readFileSync(join(out, files[1]!), "utf8"))
    expect(meta.total_sprite_frames).toBe(48)
    expect(readFileSync(join(out, files[2]!), "utf8")).toMatch(/^WEBVTT\n\n00:00:00\.000 --> .*\n.*#xywh=0,0,480,270/)
    expect(doctor.exitCode).toBe(0)
    expect(doctor.stdout).toMatch(/ffmpeg version/)
    rmSync(out, { recursive: true, force: true })
  }, 120_000)

  it("scenes on a variable-frame-rate file prints the true times; sprite on a rotated file writes an upright sheet", async () => {
    const [vfr, rotated] = await Promise.all([realWorld("vfr"), realWorld("rotate90")])
    const out = mkdtempSync(join(tmpdir(), "heaters-cli-sprite-"))
    const [scenes, sprite] = await Promise.all([
      heaters("scenes", vfr.path, "--json"),
      heaters("sprite", rotated.path, "--start", "0", "--end", "1", "--out", out)
    ])
    expect(scenes.exitCode).toBe(0)
    const times = (JSON.parse(scenes.stdout) as { cuts: Array<{ time: number }> }).cuts.map((c) => c.time)
    expect(times).toHaveLength(vfr.cutTimes.length)
    times.forEach((t, i) => expect(Math.abs(t - vfr.cutTimes[i]!)).toBeLessThanOrEqual(1 / 30 + 1e-3))
    expect(sprite.exitCode).toBe(0)
    const meta = JSON.parse(readFileSync(join(out, readdirSync(out).find((f) => f.endsWith(".json"))!), "utf8"))
    expect(meta.tile_height_calculated).toBeGreaterThan(meta.tile_width)
    const sheet = join(out, readdirSync(out).find((f) => f.endsWith(".jpg"))!)
    const tile = await lumaOf(sheet, { crop: { x: 0, y: 0, w: meta.tile_width, h: meta.tile_height_calculated } }, 32, 32)
    expect(psnr(tile, await lumaOf(rotated.base.path, { frame: 0 }, 32, 32))).toBeGreaterThanOrEqual(28)
    rmSync(out, { recursive: true, force: true })
  }, 120_000)
})
