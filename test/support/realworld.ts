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
import { join } from "node:path"
import { execa } from "execa"
import { cacheDir, type GeneratedVideo, generateVideo, produce, type VideoSpec } from "./videos.js"

/** A property of real footage. @since 0.1.0 */
export type Property =
  | "rotate90" | "rotate180" | "rotate270"
  | "vfr"
  | "offset"

/** A variant file and its truth. @since 0.1.0 */
export interface RealWorldVideo {
  readonly property: Property
  readonly path: string
  readonly base: GeneratedVideo
  /** Presentation time of the first frame after each cut, ascending. */
  readonly cutTimes: ReadonlyArray<number>
  /** Presentation time at which the last frame ends. */
  readonly endTime: number
  /** The picture's size as a player shows it. */
  readonly width: number
  readonly height: number
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
  readonly offset?: number
  /** Base frames that are not in the variant (a dropped frame shows its predecessor). */
  readonly dropped?: (frame: number) => boolean
}

const x264 = ["-c:v", "libx264", "-preset", "ultrafast", "-crf", "20", "-pix_fmt", "yuv420p"]

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
    fps: 30,
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
 * The `property` variant of a base video (made once, then cached).
 *
 * @since 0.1.0
 */
export const realWorld = async (property: Property): Promise<RealWorldVideo> => {
  const base = await generateVideo(baseSpec(property))
  const recipe = recipes[property](base)
  const hash = createHash("sha256").update(JSON.stringify([VERSION, base.path, recipe.steps])).digest("hex").slice(0, 16)
  let input = base.path
  for (const [i, step] of recipe.steps.entries()) {
    const file = join(cacheDir, `real-${property}-${hash}-${i}.mp4`)
    await produce(file, step.map((arg) => (arg === "{in}" ? input : arg)))
    input = file
  }
  const offset = recipe.offset ?? 0
  const dropped = recipe.dropped ?? (() => false)
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
    endTime: offset + (dropped(lastFrame) ? lastFrame : base.frames) / base.fps,
    width: base.width,
    height: base.height,
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

/** Every property, for table-driven tests. @since 0.1.0 */
export const properties: ReadonlyArray<Property> = Object.keys(recipes) as Array<Property>

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

/** Peak signal-to-noise ratio of two 8-bit pictures of one size, in dB (99 when identical). @since 0.1.0 */
export const psnr = (a: Uint8Array, b: Uint8Array): number => {
  if (a.length !== b.length || a.length === 0) return 0
  let sum = 0
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2
  return sum === 0 ? 99 : 10 * Math.log10((255 * 255) / (sum / a.length))
}
