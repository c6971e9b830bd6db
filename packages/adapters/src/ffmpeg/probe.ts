/**
 * `probe`: ffprobe's JSON decoded with Schema into `MediaInfo` (docs/pipeline.md#ingest). The frame rate is
 * parsed as a fraction (never evaluated) and the frame count comes from `nb_frames` or
 * duration × fps — never `-count_frames`, which decodes the whole file (docs/pipeline.md#sprite).
 *
 * @since 0.1.0
 */
import { Media } from "@heaters/core"
import { Effect, Either, Schema } from "effect"
import type { Binaries } from "./binaries.js"
import { collect } from "./process.js"

const Stream = Schema.Struct({
  codec_type: Schema.optional(Schema.String),
  codec_name: Schema.optional(Schema.String),
  width: Schema.optional(Schema.Number),
  height: Schema.optional(Schema.Number),
  pix_fmt: Schema.optional(Schema.String),
  sample_aspect_ratio: Schema.optional(Schema.String),
  field_order: Schema.optional(Schema.String),
  color_transfer: Schema.optional(Schema.String),
  r_frame_rate: Schema.optional(Schema.String),
  avg_frame_rate: Schema.optional(Schema.String),
  nb_frames: Schema.optional(Schema.String),
  duration: Schema.optional(Schema.String),
  tags: Schema.optional(Schema.Struct({ rotate: Schema.optional(Schema.String) })),
  side_data_list: Schema.optional(Schema.Array(Schema.Struct({ rotation: Schema.optional(Schema.Number) }))),
  disposition: Schema.optional(Schema.Struct({ attached_pic: Schema.optional(Schema.Number) }))
})

/** The subset of `ffprobe -show_format -show_streams -of json` we read. @since 0.1.0 */
export const FfprobeOutput = Schema.Struct({
  streams: Schema.optionalWith(Schema.Array(Stream), { default: () => [] }),
  format: Schema.optional(Schema.Struct({ format_name: Schema.optional(Schema.String), duration: Schema.optional(Schema.String) }))
})

/** The decoded ffprobe output (see the `FfprobeOutput` schema). @since 0.1.0 */
export type FfprobeOutput = typeof FfprobeOutput.Type

/** `"30000/1001"` → 29.97…; `"25"` → 25; anything non-finite or ≤ 0 → undefined. @since 0.1.0 */
export const parseRate = (rate: string | undefined): number | undefined => {
  if (rate === undefined) return undefined
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*(\d+(?:\.\d+)?))?\s*$/.exec(rate)
  if (m === null) return undefined
  const value = Number(m[1]) / (m[2] === undefined ? 1 : Number(m[2]))
  return Number.isFinite(value) && value > 0 ? value : undefined
}

const positive = (s: string | undefined): number | undefined => {
  const n = s === undefined ? NaN : Number(s)
  return Number.isFinite(n) && n > 0 ? n : undefined
}

/** `"8:9"` → 0.888…; unknown (`"0:1"`, missing) or absurd (beyond 1:4…4:1) → 1. @since 0.1.0 */
export const pixelAspectOf = (sar: string | undefined): number => {
  const aspect = parseRate(sar?.replace(":", "/"))
  return aspect !== undefined && aspect >= 0.25 && aspect <= 4 ? aspect : 1
}

/** Limits that make a file "not a video we can process". @since 0.1.0 */
export interface ProbeLimits {
  /** Largest accepted width or height in pixels (default 8192: 8K). */
  readonly maxDimension: number
}

/**
 * Turns decoded ffprobe output into `MediaInfo`, or the reason the file is not a usable video.
 *
 * @since 0.1.0
 */
export const toMediaInfo = (out: FfprobeOutput, limits: ProbeLimits = { maxDimension: 8192 }): Either.Either<Media.MediaInfo, string> => {
  const video = out.streams.find((s) => s.codec_type === "video" && s.disposition?.attached_pic !== 1)
  const audio = out.streams.find((s) => s.codec_type === "audio")
  if (video === undefined) return Either.left(audio !== undefined ? "no video stream (audio only)" : "no video stream")
  const width = video.width ?? 0
  const height = video.height ?? 0
  if (width <= 0 || height <= 0) return Either.left(`invalid dimensions ${width}x${height}`)
  if (width > limits.maxDimension || height > limits.maxDimension) {
    return Either.left(`dimensions ${width}x${height} exceed the ${limits.maxDimension} px limit`)
  }
  // r_frame_rate is the stream's base rate; VFR files can report absurd values there, so fall back.
  const r = parseRate(video.r_frame_rate)
  const fps = r !== undefined && r <= 240 ? r : parseRate(video.avg_frame_rate) ?? r
  if (fps === undefined) return Either.left("no frame rate")
  const duration = positive(out.format?.duration) ?? positive(video.duration)
  const nb = positive(video.nb_frames)
  const frameCount = nb !== undefined ? Math.round(nb) : duration !== undefined ? Math.round(duration * fps) : 0
  if (duration === undefined || frameCount <= 0) return Either.left("no duration")
  if (frameCount < 2) return Either.left("a single frame is a still image, not a video")
  const rawRotation = video.side_data_list?.find((d) => d.rotation !== undefined)?.rotation ?? Number(video.tags?.rotate ?? 0)
  // Only quarter turns exist for ffmpeg's auto-rotation (what every decode here gets); anything
  // else is shown unturned.
  const quarter = Number.isFinite(rawRotation) ? Math.round(rawRotation / 90) * 90 : 0
  const rotation = ((quarter % 360) + 360) % 360
  const pixelAspect = pixelAspectOf(video.sample_aspect_ratio)
  // What a player shows: pixels stretched by their aspect, then the frame turned.
  const shownWidth = Math.max(2, Math.round(width * pixelAspect))
  const turned = rotation === 90 || rotation === 270
  return Either.right({
    durationSeconds: duration,
    fps,
    frameCount,
    width: turned ? height : shownWidth,
    height: turned ? shownWidth : height,
    videoCodec: video.codec_name ?? "unknown",
    audioCodec: audio?.codec_name ?? null,
    hasAudio: audio !== undefined,
    rotation,
    pixelAspect,
    // ffprobe: tt/bb (field-coded, top/bottom first), tb/bt (frame-coded, fields swapped in time).
    interlaced: ["tt", "bb", "tb", "bt"].includes(video.field_order ?? ""),
    hdr: video.color_transfer === "smpte2084" ? "pq" : video.color_transfer === "arib-std-b67" ? "hlg" : null,
    pixelFormat: video.pix_fmt ?? null,
    formatName: out.format?.format_name ?? "unknown"
  })
}

const decodeOutput = Schema.decodeUnknownEither(Schema.parseJson(FfprobeOutput))

/**
 * Probes `path`; anything that is not a usable video fails with `MediaUnreadable` carrying
 * ffprobe's own message.
 *
 * @since 0.1.0
 */
export const probe = (bins: Binaries, path: string, limits?: ProbeLimits): Effect.Effect<Media.MediaInfo, Media.MediaError> =>
  Effect.map(probeStreams(bins, path, limits), ({ info }) => info)

/**
 * As `probe`, with the kind of every stream in the file (`"video"`, `"audio"`, `"subtitle"`,
 * `"data"`, …), in order.
 *
 * @since 0.1.0
 */
export const probeStreams = (
  bins: Binaries,
  path: string,
  limits?: ProbeLimits
): Effect.Effect<{ readonly info: Media.MediaInfo; readonly streams: ReadonlyArray<string> }, Media.MediaError> => {
  const args = ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", path]
  return collect(bins.ffprobe, args, "probe").pipe(
    Effect.catchTag("MediaFailed", (e) =>
      Effect.fail(new Media.MediaUnreadable({ path, reason: e.stderr.trim().split("\n").filter((l) => l !== "").slice(-2).join(" | ") || "ffprobe failed" }))
    ),
    Effect.flatMap(({ stdout, stderr }) => {
      const decoded = decodeOutput(Buffer.from(stdout).toString("utf8"))
      if (Either.isLeft(decoded)) return Effect.fail(new Media.MediaUnreadable({ path, reason: `unexpected ffprobe output: ${decoded.left.message}` }))
      const info = toMediaInfo(decoded.right, limits)
      if (Either.isLeft(info)) {
        const warning = stderr.trim().split("\n").filter((l) => l !== "").slice(-1)[0]
        return Effect.fail(new Media.MediaUnreadable({ path, reason: warning === undefined ? info.left : `${info.left} (${warning})` }))
      }
      return Effect.succeed({ info: info.right, streams: decoded.right.streams.map((s) => s.codec_type ?? "unknown") })
    })
  )
}
