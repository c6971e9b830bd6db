/**
 * `normalize`: the master file (docs/pipeline.md#ingest): H.264 + AAC in MP4, yuv420p, `+faststart`,
 * progressive and SDR. A source that already has those codecs is only remuxed (`-c copy`):
 * re-encoding it would cost a full encode and a generation of quality for nothing. Interlaced and
 * HDR sources are re-encoded, deinterlaced and tone-mapped, so that every page, sheet and keyframe
 * shows what a viewer expects (browsers neither deinterlace nor tone-map reliably). A source that
 * is already a master — those codecs, one video and at most one audio stream, an MP4 with its
 * index first — is taken as it is (linked or copied): a remux would rewrite every byte, and its
 * output probed again, for the same file. Timestamps are kept either way (docs/media.md#one-timeline).
 * Progress comes from `-progress pipe:1`.
 *
 * @since 0.1.0
 */
import { copyFile, link, realpath } from "node:fs/promises"
import { join } from "node:path"
import type { Media as MediaNs } from "@heaters/core"
import type { Scope } from "effect"
import { Effect } from "effect"
import type { Runtime } from "./context.js"
import { quiet } from "./context.js"
import { isFastStartMp4 } from "./mp4.js"
import { viewPrefix } from "./picture.js"
import { probe, probeStreams } from "./probe.js"
import { fileStep, streamStdout, scratchDir } from "./process.js"

/** True when remuxing is enough. @since 0.1.0 */
export const isCompatible = (info: MediaNs.MediaInfo): boolean =>
  info.videoCodec === "h264" && info.pixelFormat === "yuv420p" && !info.interlaced && info.hdr === null &&
  (!info.hasAudio || info.audioCodec === "aac")

/** The `out_time_us` values of a chunk of `-progress` output (lines may be split across chunks). @since 0.1.0 */
export const progressParser = () => {
  let rest = ""
  return (chunk: string): Array<number> => {
    const lines = (rest + chunk).split("\n")
    rest = lines.pop() ?? ""
    const out: Array<number> = []
    for (const line of lines) {
      const m = /^out_time_us=(\d+)/.exec(line.trim())
      if (m !== null) out.push(Number(m[1]) / 1e6)
    }
    return out
  }
}

/** @since 0.1.0 */
export const normalize = (rt: Runtime, path: string, onProgress?: MediaNs.OnProgress): Effect.Effect<MediaNs.Normalized, MediaNs.MediaError, Scope.Scope> =>
  Effect.gen(function*() {
    const bins = yield* rt.binaries
    const { info, streams } = yield* probeStreams(bins, path, rt)
    const remux = isCompatible(info)
    const dir = yield* scratchDir(rt.tempRoot, "heaters-master-", "normalize")
    const out = join(dir, "master.mp4")
    if (remux && streams.length === (info.hasAudio ? 2 : 1) && (yield* Effect.promise(() => isFastStartMp4(path)))) {
      // A hard link costs nothing; across file systems the bytes are copied.
      yield* fileStep("normalize", `copy ${path} ${out}`, () => realpath(path).then((source) => link(source, out)).catch(() => copyFile(path, out)))
      if (onProgress !== undefined) yield* onProgress(1)
      return { path: out, info, reencoded: false }
    }
    const codecs = remux
      ? ["-c", "copy"]
      : [
        // Deinterlaced and tone-mapped (`picture.ts`); libx264 + yuv420p need even dimensions.
        "-vf", `${viewPrefix(info, yield* rt.filters)}scale=trunc(iw/2)*2:trunc(ih/2)*2`,
        "-c:v", "libx264", "-preset", "fast", "-crf", "20", "-pix_fmt", "yuv420p",
        // A tone-mapped master says it is BT.709; any other keeps the source's colour tags.
        ...(info.hdr === null ? [] : ["-color_primaries", "bt709", "-color_trc", "bt709", "-colorspace", "bt709"]),
        "-c:a", "aac", "-b:a", "192k"
      ]
    const args = [...quiet, "-i", path, "-map", "0:v:0", "-map", "0:a:0?", ...codecs, "-movflags", "+faststart", "-progress", "pipe:1", "-nostats", "-f", "mp4", out]
    const parse = progressParser()
    yield* streamStdout(bins.ffmpeg, args, "normalize", (chunk) => {
      const times = parse(Buffer.from(chunk).toString("utf8"))
      const t = times[times.length - 1]
      return onProgress === undefined || t === undefined ? Effect.void : onProgress(Math.min(1, t / info.durationSeconds))
    })
    if (onProgress !== undefined) yield* onProgress(1)
    const master = yield* probe(bins, out, rt)
    return { path: out, info: master, reencoded: !remux }
  })
