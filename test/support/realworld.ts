/**
 * Real-world variants of a generated video: what phones, cameras and editors write instead of our
 * ideal constant-rate, unrotated, zero-based files. Each variant is made from an upright base video
 * with known cuts (`videos.ts`) and keeps the truth: where every cut lies in presentation time (what
 * a player and `ffmpeg -ss` see), how long the video is, the size a player shows, and which base
 * frame a player shows at any time — so a test can compare what Heaters made with the base frames.
 * Files are cached beside the base videos.
 *
 * @since 0.1.0
 */
import { createHash } from "node:crypto"
import { existsSync } from "node:fs"
import { readFile, rename, writeFile } from "node:fs/promises"
import { join } from "node:path"
import { execa } from "execa"
import { cacheDir, type GeneratedVideo, generateVideo, produce, type Transition, type VideoSpec } from "./videos.js"

/**
 * The properties of real footage, in two halves that test files run side by side: orientation,
 * timing and fields; pixel formats, sizes and containers.
 *
 * @since 0.1.0
 */
export const corpus = {
  timing: ["rotate90", "rotate270", "rotate180", "vfr", "offset", "fps60", "interlaced-tff", "interlaced-bff", "bframes"],
  formats: ["hdr-pq", "hdr-hlg", "tenbit", "anamorphic", "odd-size", "mov", "mkv", "mpegts", "webm", "avi"],
  /** For the benchmark's accuracy rows only: pictures too degraded for the tests' PSNR checks. */
  degraded: ["lowbitrate"]
} as const

/** A property of real footage. @since 0.1.0 */
export type Property = (typeof corpus)[keyof typeof corpus][number]

/** A variant file and its truth. @since 0.1.0 */
export interface RealWorldVideo {
  readonly property: Property
  readonly path: string
  readonly base: GeneratedVideo
  /** Presentation time of the first frame after each cut, ascending. */
  readonly cutTimes: ReadonlyArray<number>
  /** Every shot change of the base, in frames of the variant's presentation timeline (`round(t × fps)`). */
  readonly transitions: ReadonlyArray<Transition>
  /** Presentation time at which the last frame ends. */
  readonly endTime: number
  /** The picture's size as a player shows it. */
  readonly width: number
  readonly height: number
  /** The variant's own frame rate (an interlaced variant has one frame per two base frames). */
  readonly fps: number
  /** How close (PSNR, dB) a 64×64 frame and a 32×32 tile must come to the base's picture (lower where tone mapping moves levels). */
  readonly minPsnr: { readonly frame: number; readonly tile: number }
  /** Presentation time of the base video's first frame. */
  readonly offset: number
  /** Base frames the variant does not hold (a player shows the one before). */
  readonly dropped: (frame: number) => boolean
  /** The base frame a player shows at presentation time `t` (null before the video starts). */
  readonly baseFrameAt: (t: number) => number | null
}

interface Recipe {
  /** ffmpeg runs, each reading the previous file (`{in}`), the last one writing the variant. */
  readonly steps: ReadonlyArray<ReadonlyArray<string>>
  /** The variant's file name extension (its container). */
  readonly ext?: string
  readonly offset?: number
  /** Base frames that are not in the variant (a dropped frame shows its predecessor). */
  readonly dropped?: (frame: number) => boolean
  /** Base frames per variant frame (2: fields of an interlaced frame). */
  readonly perFrame?: number
  /** The size a player shows, where it is not the base's. */
  readonly shown?: { readonly width: number; readonly height: number }
  readonly minPsnr?: { readonly frame: number; readonly tile: number }
}

// veryfast, not ultrafast: CABAC, deblocking and B-frames, so the benchmark's variants decode like real files.
const x264 = ["-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p"]
const x265 = (pixFmt: string, transfer: string, matrix: string) => [
  "-c:v", "libx265", "-x265-params", "log-level=error", "-preset", "ultrafast", "-crf", "18", "-pix_fmt", pixFmt,
  "-color_primaries", matrix === "bt2020nc" ? "bt2020" : "bt709", "-color_trc", transfer, "-colorspace", matrix, "-tag:v", "hvc1", "-an"
]

/** The base, stored interlaced: field pairs of a 50p picture as 25 frames a second, `top` or bottom field first. */
const interlaced = (top: boolean): Recipe => ({
  steps: [[
    "-i", "{in}", "-vf", `tinterlace=mode=${top ? "interleave_top" : "interleave_bottom"},setfield=${top ? "tff" : "bff"}`,
    ...x264, "-flags", "+ildct+ilme", "-x264-params", top ? "tff=1" : "bff=1", "-an"
  ]],
  perFrame: 2
})

/** The base carried as HDR (SDR white at 100 nits), in 10-bit HEVC as a phone or camera writes it. */
const hdr = (transfer: string): Recipe => ({
  steps: [[
    "-i", "{in}", "-vf", `zscale=tin=bt709:min=bt709:pin=bt709:rin=tv:t=${transfer}:m=bt2020nc:p=bt2020:npl=100,format=yuv420p10le`,
    ...x265("yuv420p10le", transfer, "bt2020nc")
  ]],
  // Tone mapping rolls the highlights off: levels move, the picture stays (unmapped PQ scores ≈ 14 dB).
  minPsnr: { frame: 19, tile: 18 }
})

const remux = (ext: string): Recipe => ({ steps: [["-i", "{in}", "-c", "copy"]], ext })

/** Stored turned, with the display rotation that turns it back (ffmpeg's `rotate` tag → display matrix). */
const rotated = (transpose: string, degrees: number): Recipe => ({
  steps: [
    ["-i", "{in}", "-vf", transpose, ...x264, "-an"],
    ["-i", "{in}", "-c", "copy", "-metadata:s:v:0", `rotate=${degrees}`]
  ]
})

const recipes: Record<Property, (base: GeneratedVideo) => Recipe> = {
  rotate90: () => rotated("transpose=clock", 90),
  rotate270: () => rotated("transpose=cclock", 270),
  rotate180: () => rotated("hflip,vflip", 180),
  // A phone under load: one frame in seven never written, the others keep their times.
  vfr: () => ({
    steps: [["-i", "{in}", "-vf", "select='not(eq(mod(n\\,7)\\,6))'", "-fps_mode", "vfr", ...x264, "-an"]],
    dropped: (frame) => frame % 7 === 6
  }),
  fps60: () => ({ steps: [] }),
  "interlaced-tff": () => interlaced(true),
  "interlaced-bff": () => interlaced(false),
  "hdr-pq": () => hdr("smpte2084"),
  "hdr-hlg": () => hdr("arib-std-b67"),
  tenbit: () => ({ steps: [["-i", "{in}", ...x265("yuv420p10le", "bt709", "bt709")]] }),
  // DVD-style non-square pixels: 240×180 stored, 320×180 shown.
  anamorphic: () => ({ steps: [["-i", "{in}", "-vf", "scale=240:180,setsar=4/3", ...x264, "-an"]] }),
  // Odd sizes exist (4:4:4 here); the master's are made even.
  "odd-size": () => ({ steps: [["-i", "{in}", "-vf", "scale=317:179", ...x264, "-pix_fmt", "yuv444p", "-an"]], shown: { width: 316, height: 178 } }),
  mov: () => remux("mov"),
  mkv: () => remux("mkv"),
  mpegts: () => remux("ts"),
  webm: () => ({ steps: [["-i", "{in}", "-c:v", "libvpx-vp9", "-crf", "20", "-b:v", "0", "-deadline", "realtime", "-cpu-used", "8", "-an"]], ext: "webm" }),
  avi: () => ({ steps: [["-i", "{in}", "-c:v", "mpeg4", "-q:v", "2", "-an"]], ext: "avi" }),
  // Long B-frame pyramids, open GOPs and AAC audio: an edit list and frames out of order.
  bframes: (base) => ({
    steps: [[
      "-i", "{in}", "-f", "lavfi", "-i", `sine=frequency=550:sample_rate=48000:duration=${base.durationSeconds}`,
      "-map", "0:v", "-map", "1:a", "-c:v", "libx264", "-preset", "medium", "-crf", "18", "-pix_fmt", "yuv420p",
      "-x264-params", "bframes=8:b-pyramid=normal:open-gop=1:keyint=90", "-c:a", "aac", "-b:a", "64k"
    ]]
  }),
  // A small stream squeezed to ≈ 50 kb/s: blocky, smeared motion.
  lowbitrate: () => ({ steps: [["-i", "{in}", "-c:v", "libx264", "-preset", "medium", "-b:v", "50k", "-maxrate", "60k", "-bufsize", "120k", "-pix_fmt", "yuv420p", "-an"]] }),
  // An editor's export: the video stream starts 1 s after the audio.
  offset: (base) => ({
    steps: [[
      "-itsoffset", "1", "-i", "{in}", "-f", "lavfi", "-i", `sine=frequency=330:sample_rate=48000:duration=${base.durationSeconds + 1}`,
      "-map", "0:v", "-map", "1:a", "-c:v", "copy", "-c:a", "aac", "-b:a", "64k"
    ]],
    offset: 1
  })
}

/** The base spec each property is shown on: a portrait picture for the rotations (a phone held upright). */
const baseSpec = (property: Property): VideoSpec => {
  const portrait = property.startsWith("rotate")
  return {
    width: portrait ? 180 : 320,
    height: portrait ? 320 : 180,
    fps: property === "fps60" ? 60 : property.startsWith("interlaced") ? 50 : 30,
    noise: 0,
    shots: [
      // 76 frames: the first cut falls on a frame the VFR variant drops.
      { source: "testsrc2", seconds: 76 / 30 },
      { source: "smptebars", seconds: 2 },
      { source: "mandelbrot", seconds: 2.2 },
      { source: "rgbtestsrc", seconds: 2 },
      { source: "testsrc2", seconds: 2.3, flip: "h" }
    ]
  }
}

const VERSION = 1

/**
 * The `property` variant of a base video (made once, then cached): of `spec`'s video when given,
 * else of a small one with five hard cuts (a portrait picture for the rotations).
 *
 * @since 0.1.0
 */
export const realWorld = async (property: Property, spec: VideoSpec = baseSpec(property)): Promise<RealWorldVideo> => {
  const base = await generateVideo(spec)
  const recipe = recipes[property](base)
  const hash = createHash("sha256").update(JSON.stringify([VERSION, base.path, recipe.steps])).digest("hex").slice(0, 16)
  let input = base.path
  for (const [i, step] of recipe.steps.entries()) {
    const file = join(cacheDir, `real-${property}-${hash}-${i}.${i === recipe.steps.length - 1 ? (recipe.ext ?? "mp4") : "mp4"}`)
    await produce(file, step.map((arg) => (arg === "{in}" ? input : arg)))
    input = file
  }
  const offset = recipe.offset ?? 0
  const perFrame = recipe.perFrame ?? 1
  const dropped = recipe.dropped ?? ((frame: number) => frame % perFrame !== 0)
  const firstKept = (frame: number) => {
    let f = frame
    while (dropped(f)) f++
    return f
  }
  const lastFrame = base.frames - 1
  return {
    property,
    path: input,
    base,
    cutTimes: base.cuts.map((frame) => offset + firstKept(frame) / base.fps),
    transitions: base.transitions.map((t) => {
      const onGrid = (frame: number) => Math.round((offset + firstKept(frame) / base.fps) * base.fps / perFrame)
      return { ...t, frame: onGrid(t.frame), from: onGrid(t.from), to: onGrid(t.to) }
    }),
    endTime: offset + base.frames / base.fps,
    width: recipe.shown?.width ?? base.width,
    height: recipe.shown?.height ?? base.height,
    fps: base.fps / perFrame,
    minPsnr: recipe.minPsnr ?? { frame: 33, tile: 28 },
    offset,
    dropped,
    // Stored times are rounded to milliseconds: a time within 2 ms before a frame's start means that frame.
    baseFrameAt: (t) => {
      if (t < offset - 2e-3) return null
      let f = Math.min(lastFrame, Math.max(0, Math.floor((t - offset + 2e-3) * base.fps)))
      while (f > 0 && dropped(f)) f--
      return f
    }
  }
}

/**
 * One picture as 8-bit luma at `width`×`height`, upright as a player shows it: frame `frame` of
 * `path` (by number, counting decoded frames) or the frame shown at `time` seconds.
 *
 * @since 0.1.0
 */
export const lumaOf = async (
  path: string,
  at: { readonly frame: number } | { readonly time: number } | { readonly crop: { x: number; y: number; w: number; h: number } },
  width = 64,
  height = 64
): Promise<Uint8Array> => {
  const scale = `scale=${width}:${height}:flags=area,format=gray`
  const args = "frame" in at
    ? ["-i", path, "-vf", `select=eq(n\\,${at.frame}),${scale}`, "-frames:v", "1"]
    : "time" in at
      ? ["-ss", at.time.toFixed(6), "-i", path, "-vf", scale, "-frames:v", "1"]
      : ["-i", path, "-vf", `crop=${at.crop.w}:${at.crop.h}:${at.crop.x}:${at.crop.y},${scale}`, "-frames:v", "1"]
  const { stdout } = await execa("ffmpeg", ["-hide_banner", "-nostdin", "-loglevel", "error", ...args, "-f", "rawvideo", "pipe:1"], { encoding: "buffer" })
  return new Uint8Array(stdout)
}

/**
 * A recording damaged in the middle: the `bframes` variant (video and audio) with a tenth of
 * its bytes, from the middle on, overwritten with noise — a bad sector, a broken transfer.
 * Returns the file and the undamaged variant's truth.
 *
 * @since 0.1.0
 */
export const corruptedInTheMiddle = async (): Promise<{ readonly path: string; readonly intact: RealWorldVideo }> => {
  const intact = await realWorld("bframes")
  const path = intact.path.replace(/\.mp4$/, "-corrupt.mp4")
  if (!existsSync(path)) {
    const bytes = await readFile(intact.path)
    const from = Math.floor(bytes.length / 2)
    for (let i = from; i < from + Math.floor(bytes.length / 10); i++) bytes[i] = (i * 7919) & 255
    const part = `${path}.${process.pid}.part`
    await writeFile(part, bytes)
    await rename(part, path)
  }
  return { path, intact }
}

const decodedAll = new Map<string, Promise<ReadonlyArray<Uint8Array>>>()

/**
 * Every frame of `path` as 8-bit luma at `width`×`height`, in order, decoded once per run (a
 * base video's frames are compared many times).
 *
 * @since 0.1.0
 */
export const allLuma = (path: string, width: number, height: number): Promise<ReadonlyArray<Uint8Array>> => {
  const key = `${path}@${width}x${height}`
  const known = decodedAll.get(key)
  if (known !== undefined) return known
  const decoding = execa("ffmpeg", ["-hide_banner", "-nostdin", "-loglevel", "error", "-i", path, "-vf", `scale=${width}:${height}:flags=area,format=gray`, "-fps_mode", "passthrough", "-f", "rawvideo", "pipe:1"], { encoding: "buffer" })
    .then(({ stdout }) => Array.from({ length: Math.floor(stdout.length / (width * height)) }, (_, i) => new Uint8Array(stdout.subarray(i * width * height, (i + 1) * width * height))))
  decodedAll.set(key, decoding)
  return decoding
}

/** Standard deviation of an 8-bit picture: its contrast (a washed-out picture has little). @since 0.1.0 */
export const contrast = (a: Uint8Array): number => {
  const mean = a.reduce((sum, v) => sum + v, 0) / a.length
  return Math.sqrt(a.reduce((sum, v) => sum + (v - mean) ** 2, 0) / a.length)
}

/** Peak signal-to-noise ratio of two 8-bit pictures of one size, in dB (99 when identical). @since 0.1.0 */
export const psnr = (a: Uint8Array, b: Uint8Array): number => {
  if (a.length !== b.length || a.length === 0) return 0
  let sum = 0
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2
  return sum === 0 ? 99 : 10 * Math.log10((255 * 255) / (sum / a.length))
}
