/**
 * Memory on a long video: ingest (normalise + the shared pass with 480 px tiles + every clip's
 * sheet, in the splice stage's batches) of a generated video of `minutes` (default 120) at 320×180,
 * 10 fps, 30 s shots — what Node holds grows with the frame count (scores, timestamps, the tile
 * list), so a long video is where a leak or an unbounded buffer shows. Reports the Node process's
 * peak RSS (`process.resourceUsage().maxRSS`, ffmpeg children excluded), wall and CPU time, and
 * writes `bench/RESULTS-long.md`.
 *
 * `npm run bench -- long [minutes]` (≈ 10 min for 120 min of video on 2 cores, plus ≈ 1 GB of
 * temporary JPEG tiles while it runs).
 */
import { writeFile } from "node:fs/promises"
import { cpus, loadavg } from "node:os"
import { FfmpegMedia } from "@heaters/adapters/ffmpeg"
import { Cuts, SpritePlan } from "@heaters/core/pipeline"
import { Effect } from "effect"
import { generateVideo, presets } from "../test/support/videos.js"

export const main = async (args: ReadonlyArray<string>): Promise<void> => {
  const minutes = Number(args[0] ?? 120)
  const log = (s: string) => process.stderr.write(`${s}\n`)
  log(`generating a ${minutes} min video (cached after the first run)…`)
  const video = await generateVideo(presets.long(minutes, { width: 320, height: 180, fps: 10 }))
  const load0 = loadavg()[0]!
  const t0 = performance.now()
  const c0 = process.cpuUsage()
  const clips = await Effect.runPromise(Effect.scoped(Effect.gen(function*() {
    const media = yield* FfmpegMedia.make()
    const master = yield* media.normalize(video.path)
    const a = yield* media.analyze(master.path, { detection: { detector: "default" }, sprite: { maxFps: 24, tileWidth: 480 } })
    const ranges = Cuts.plan(a.candidates, a.info, 1)
    const plans = ranges.map((r) => SpritePlan.plan({ start: r.startTime, end: r.endTime, videoFps: a.info.fps, videoWidth: a.info.width, videoHeight: a.info.height }))
    for (const batch of SpritePlan.batches(plans, SpritePlan.pixels)) yield* a.sheets(batch)
    return { count: ranges.length, end: ranges.at(-1)!.endTime }
  })))
  const wall = (performance.now() - t0) / 1000
  const cpu = process.cpuUsage(c0)
  const rss = process.resourceUsage().maxRSS / 1024
  const md = [
    "# Long-video benchmark results",
    "",
    `Run: ${new Date().toISOString()} · ${cpus().length} × ${cpus()[0]?.model ?? "cpu"} · Node ${process.version} · load average at start ${load0.toFixed(1)}`,
    "",
    `Video: generated ${minutes} min, 320×180, 10 fps, 30 s shots (${video.frames} frames, ${video.cuts.length} cuts).`,
    "",
    "| what | value | goal |",
    "|---|---:|---|",
    `| clips (the last ends at) | ${clips.count} (${clips.end.toFixed(1)} s of ${video.durationSeconds} s) | every cut, to the end |`,
    `| ingest wall time | ${wall.toFixed(1)} s | |`,
    `| Node CPU (ffmpeg children excluded) | ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s | |`,
    `| peak RSS of the Node process | ${rss.toFixed(0)} MiB | ≤ 300 MiB |`,
    ""
  ].join("\n")
  await writeFile(new URL("./RESULTS-long.md", import.meta.url), md)
  process.stdout.write(md)
}
