/**
 * Shared generator of small test videos with KNOWN ground truth, built from ffmpeg's lavfi sources
 * (never downloaded, never mocked). A video is a list of shots; each shot names a source, a length
 * and how it is entered (hard cut, 1 s cross-fade, fade through black). White flashes, temporal
 * noise and a sine audio track are optional. Files are cached by spec hash in
 * `$TMPDIR/heaters-test-videos`, written atomically, so parallel test workers share them.
 *
 * @example
 * ```ts
 * import { generateVideo, presets } from "../support/videos.js"
 * const video = await generateVideo(presets.mixed())
 * video.cuts        // hard-cut frames, e.g. [50, 100, …]
 * video.transitions // every shot change with its window
 * ```
 *
 * @since 0.1.0
 */
import { createHash } from "node:crypto"
import { existsSync } from "node:fs"
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { execa } from "execa"

/**
 * A lavfi source: a pattern name, `color:<ffmpeg colour>` (e.g. `color:0x336699`) or
 * `image:<path>` — a photograph, filmed by a virtual camera (see {@link Camera}).
 *
 * @since 0.1.0
 */
export type Source = "testsrc2" | "smptebars" | "rgbtestsrc" | "mandelbrot" | "cellauto" | "life" | "gradients" | `color:${string}` | `image:${string}`

/**
 * How a virtual camera films a photograph: a slow pan, a zoom in, a whip pan (a 0.3 s swing in the
 * middle of the shot), handheld shake, a subject (a dark figure) walking through the frame, an
 * exposure change (0.4 s, +25 % brightness), a slow lighting change (dimming and warming over the
 * whole shot), or none. Every camera frames a 2/3-size window of the image.
 *
 * @since 0.1.0
 */
export type Camera = "still" | "pan" | "zoom" | "whip" | "shake" | "walker" | "exposure" | "lighting"

/** Photographs that Debian's mate-backgrounds package ships (scripts/setup-debian.sh installs it). @since 0.1.0 */
export const photos = {
  dune: "/usr/share/backgrounds/mate/nature/Dune.jpg",
  storm: "/usr/share/backgrounds/mate/nature/Storm.jpg",
  meadow: "/usr/share/backgrounds/mate/nature/GreenMeadow.jpg",
  ladybird: "/usr/share/backgrounds/mate/nature/LadyBird.jpg",
  flower: "/usr/share/backgrounds/mate/nature/YellowFlower.jpg",
  wood: "/usr/share/backgrounds/mate/nature/Wood.jpg",
  garden: "/usr/share/backgrounds/mate/nature/Garden.jpg",
  aqua: "/usr/share/backgrounds/mate/nature/Aqua.jpg"
} as const

/**
 * How a shot is entered from the previous one: a hard cut, a dissolve (cross-fade), a wipe (left to
 * right), a fade through white (both blended with white, no hold) or a fade through black (with a
 * black hold).
 *
 * @since 0.1.0
 */
export type TransitionKind = "cut" | "dissolve" | "wipe" | "fadewhite" | "fade"

/** Transitions that overlap the two shots (made with ffmpeg's xfade). */
const xfadeName: Partial<Record<TransitionKind, string>> = { dissolve: "fade", wipe: "wipeleft", fadewhite: "fadewhite" }

/** One shot of the generated video. @since 0.1.0 */
export interface Shot {
  readonly source: Source
  /** Nominal length in seconds (rounded to whole frames). A dissolve overlaps the previous shot. */
  readonly seconds: number
  /** Mirror the pattern: same colours/histogram, different layout ("similar-looking shot"). */
  readonly flip?: "h" | "v" | "hv"
  /** Hue rotation in degrees (a near-identical colour variant of a shot). */
  readonly hue?: number
  /** Fast horizontal pan: fraction of the width scrolled per frame (e.g. 0.05). */
  readonly scroll?: number
  /** For `image:` sources: how the camera moves (default `"still"`). */
  readonly camera?: Camera
  /** How this shot is entered (ignored for the first shot). Default `"cut"`. */
  readonly transition?: TransitionKind
  /** Length of the dissolve / fade in seconds. Default 1. */
  readonly transitionSeconds?: number
  /** The colour a `fade` dips through (ffmpeg colour). Default black. */
  readonly fadeColor?: string
  /**
   * The same picture framed differently (a jump cut): moved by `x`, `y` (fractions of the size)
   * and enlarged by `zoom` (≥ 1) about its centre.
   */
  readonly reframe?: { readonly x: number; readonly y: number; readonly zoom: number }
  /** White text in the middle of the picture (a title card). */
  readonly text?: string
  /** Text typed onto the picture, one character every 0.15 s from the shot's start. */
  readonly typing?: string
}

/** A full-frame white flash inside a shot. @since 0.1.0 */
export interface Flash { readonly atSeconds: number; readonly frames: number }

/** @since 0.1.0 */
export interface VideoSpec {
  readonly shots: ReadonlyArray<Shot>
  /** Defaults: 160×90, 25 fps, no audio. */
  readonly width?: number; readonly height?: number; readonly fps?: number; readonly audio?: boolean
  readonly flashes?: ReadonlyArray<Flash>
  /** Temporal noise strength (ffmpeg `noise=alls`), 0 = none. Default 6: real footage is never static. */
  readonly noise?: number
  /** Keyframe interval in frames (`-g`). Default 2 × fps. */
  readonly gop?: number
  /** x264 preset. Default `ultrafast` (fast to make; note it also decodes unusually fast: no CABAC, deblocking or B-frames). */
  readonly preset?: string
}

/**
 * A shot change. `frame` is the ideal cut frame (first frame of the new shot; for a fade, the
 * middle of the black hold; for a dissolve, its middle). Any cut in `[from, to)` belongs to it.
 *
 * @since 0.1.0
 */
export interface Transition { readonly kind: TransitionKind; readonly frame: number; readonly from: number; readonly to: number }

/** @since 0.1.0 */
export interface GeneratedVideo {
  readonly path: string
  readonly spec: VideoSpec
  readonly width: number; readonly height: number; readonly fps: number
  readonly frames: number; readonly durationSeconds: number; readonly hasAudio: boolean
  /** Hard-cut frames only (first frame of the new shot), ascending. */
  readonly cuts: ReadonlyArray<number>
  /** Every shot change, including dissolves and fades, ascending. */
  readonly transitions: ReadonlyArray<Transition>
  /** Flash frame ranges `[from, to)`: no cut may be reported there. */
  readonly flashes: ReadonlyArray<{ readonly from: number; readonly to: number }>
}

/**
 * Where generated files are cached: outside the run's own temp directory (the leak check's
 * HEATERS_TEST_VIDEO_CACHE) so the cache outlives a run. @since 0.1.0
 */
export const cacheDir: string = process.env.HEATERS_TEST_VIDEO_CACHE ?? join(tmpdir(), "heaters-test-videos")

let labels = 0

/** The window (2/3 of the image, scaled to w×h) a virtual camera sees, over time t (s) of an n-frame shot. */
const cameraFilter = (camera: Camera, w: number, h: number, fps: number, n: number): string => {
  const W = Math.round(w * 1.5 / 2) * 2
  const H = Math.round(h * 1.5 / 2) * 2
  const d = n / fps
  const mid = `(${d / 2})`
  const crop = (x: string, y: string) => `crop=${w}:${h}:x='${x}':y='${y}'`
  const base = `scale=${W}:${H}:force_original_aspect_ratio=increase,crop=${W}:${H}`
  const still = crop(`${(W - w) / 2}`, `${(H - h) / 2}`)
  switch (camera) {
    case "pan": return `${base},${crop(`(${W - w})*t/${d}`, `${(H - h) / 2}`)}`
    case "whip": return `${base},${crop(`(${W - w})*min(1,max(0,(t-${mid}+0.15)/0.3))`, `${(H - h) / 2}`)}`
    case "shake": return `${base},${crop(`${(W - w) / 2}+${w * 0.03}*sin(t*13)+${w * 0.02}*sin(t*31+1)`, `${(H - h) / 2}+${h * 0.03}*sin(t*17+2)`)}`
    case "zoom": return `scale=${W * 2}:${H * 2}:force_original_aspect_ratio=increase,crop=${W * 2}:${H * 2},zoompan=z='1+0.5*on/${n}':x='iw/2-iw/zoom/2':y='ih/2-ih/zoom/2':d=1:s=${w}x${h}:fps=${fps}`
    case "walker": return `${base},${still}[bg${++labels}];color=c=0x2a2018:s=${Math.round(w / 6)}x${Math.round(h * 0.7)}:r=${fps}[fig${labels}];[bg${labels}][fig${labels}]overlay=x='-${Math.round(w / 6)}+(${w + Math.round(w / 6)})*t/${d}':y=${Math.round(h * 0.3)}:shortest=1`
    case "exposure": return `${base},${still},eq=brightness='0.25*min(1,max(0,(t-${mid})/0.4))':eval=frame`
    case "lighting": return `${base},${still},eq=brightness='-0.2*t/${d}':gamma_r='1+0.2*t/${d}':gamma_b='1-0.15*t/${d}':eval=frame`
    case "still": return `${base},${still}`
  }
}

const sourceFilter = (source: Source, w: number, h: number, fps: number, n = 1, camera: Camera = "still"): string => {
  if (source.startsWith("image:")) {
    // One decoded image, looped into a stream, then filmed.
    return `movie=${source.slice(6)},loop=loop=-1:size=1:start=0,setpts=N/${fps}/TB,fps=${fps},trim=end_frame=${n},setpts=PTS-STARTPTS,${cameraFilter(camera, w, h, fps, n)}`
  }
  if (source.startsWith("color:")) return `color=c=${source.slice(6)}:s=${w}x${h}:r=${fps}`
  if (source === "cellauto") return `cellauto=s=${w}x${h}:r=${fps}:rule=110:random_seed=7`
  if (source === "life") return `life=s=${w}x${h}:r=${fps}:seed=7:mold=10`
  if (source === "gradients") return `gradients=s=${w}x${h}:r=${fps}:seed=7:speed=0.02`
  return `${source}=s=${w}x${h}:r=${fps}`
}

/** White DejaVu Sans (scripts/setup-debian.sh installs fonts-dejavu-core) centred, a tenth of the height tall. */
const drawText = (text: string, h: number): string =>
  `drawtext=fontfile=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf:fontcolor=white:fontsize=${Math.max(8, Math.round(h / 10))}:x=(w-text_w)/2:y=(h-text_h)/2:text='${text.replace(/[^A-Za-z0-9 ]/g, "")}'`

interface Plan { readonly graph: string; readonly frames: number; readonly transitions: Array<Transition>; readonly flashes: Array<{ from: number; to: number }> }

/** Builds the filter graph and, alongside, the ground truth (frame arithmetic only). */
const planVideo = (spec: VideoSpec): Plan => {
  const w = spec.width ?? 160
  const h = spec.height ?? 90
  const fps = spec.fps ?? 25
  const tb = `settb=1/${fps}`
  const parts: Array<string> = []
  const transitions: Array<Transition> = []
  let acc = ""
  let total = 0
  spec.shots.forEach((shot, i) => {
    const n = Math.max(1, Math.round(shot.seconds * fps))
    const kind = i === 0 ? "cut" : (shot.transition ?? "cut")
    const tFrames = Math.max(2, Math.round((shot.transitionSeconds ?? 1) * fps))
    const fadeFrames = Math.max(1, Math.round(tFrames * 0.4))
    const holdFrames = Math.max(1, tFrames - 2 * fadeFrames)
    const mods: Array<string> = []
    if (shot.flip?.includes("h")) mods.push("hflip")
    if (shot.flip?.includes("v")) mods.push("vflip")
    if (shot.hue !== undefined) mods.push(`hue=h=${shot.hue}`)
    if (shot.scroll !== undefined) mods.push(`scroll=h=${shot.scroll}`)
    if (shot.reframe !== undefined) {
      const { x, y, zoom } = shot.reframe
      mods.push(`crop=iw/${zoom}:ih/${zoom}:(iw-iw/${zoom})/2+${x}*iw:(ih-ih/${zoom})/2+${y}*ih,scale=${w}:${h}`)
    }
    if (shot.text !== undefined) mods.push(drawText(shot.text, h))
    if (shot.typing !== undefined) {
      const typed = shot.typing
      for (let k = 1; k <= typed.length; k++) mods.push(`${drawText(typed.slice(0, k), h)}:enable='between(t,${(k * 0.15).toFixed(2)},${k === typed.length ? 1e6 : ((k + 1) * 0.15).toFixed(2)})'`)
    }
    if (kind === "fade") mods.push(`fade=t=in:s=0:n=${fadeFrames}:c=${shot.fadeColor ?? "black"}`)
    const next = spec.shots[i + 1]
    if (next !== undefined && next.transition === "fade") {
      const nf = Math.max(1, Math.round(Math.max(2, Math.round((next.transitionSeconds ?? 1) * fps)) * 0.4))
      mods.push(`fade=t=out:s=${n - nf}:n=${nf}:c=${next.fadeColor ?? "black"}`)
    }
    const chain = [sourceFilter(shot.source, w, h, fps, n, shot.camera), `trim=end_frame=${n}`, "setpts=PTS-STARTPTS", ...mods, "format=yuv420p", "setsar=1", tb]
    parts.push(`${chain.join(",")}[s${i}]`)
    if (i === 0) {
      acc = `s0`
      total = n
      return
    }
    const xfade = xfadeName[kind]
    if (xfade !== undefined) {
      const offset = total - tFrames
      parts.push(`[${acc}][s${i}]xfade=transition=${xfade}:duration=${tFrames / fps}:offset=${offset / fps},${tb}[a${i}]`)
      transitions.push({ kind, frame: offset + Math.floor(tFrames / 2), from: offset, to: offset + tFrames })
      total = offset + n
    } else if (kind === "fade") {
      const outFrames = Math.max(1, Math.round(tFrames * 0.4))
      parts.push(`color=c=${shot.fadeColor ?? "black"}:s=${w}x${h}:r=${fps},trim=end_frame=${holdFrames},setpts=PTS-STARTPTS,format=yuv420p,setsar=1,${tb}[k${i}]`)
      parts.push(`[${acc}][k${i}][s${i}]concat=n=3:v=1:a=0,${tb}[a${i}]`)
      transitions.push({ kind, frame: total + Math.floor(holdFrames / 2), from: total - outFrames, to: total + holdFrames + fadeFrames })
      total += holdFrames + n
    } else {
      parts.push(`[${acc}][s${i}]concat=n=2:v=1:a=0,${tb}[a${i}]`)
      transitions.push({ kind, frame: total, from: total, to: total + 1 })
      total += n
    }
    acc = `a${i}`
  })
  const flashes = (spec.flashes ?? []).map((f) => {
    const from = Math.round(f.atSeconds * fps)
    return { from, to: from + f.frames }
  })
  const post = flashes.map((f) => `drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill:enable='between(n,${f.from},${f.to - 1})'`)
  const noise = spec.noise ?? 6
  if (noise > 0) post.push(`noise=alls=${noise}:allf=t`)
  parts.push(`[${acc}]${post.length > 0 ? post.join(",") : "null"}[out]`)
  return { graph: parts.join(";"), frames: total, transitions, flashes }
}

/** Bump when the same spec would now produce different pixels, so cached files are not reused. */
const GENERATOR_VERSION = 1
const hashOf = (spec: VideoSpec): string =>
  createHash("sha256").update(JSON.stringify(GENERATOR_VERSION === 1 ? spec : [GENERATOR_VERSION, spec])).digest("hex").slice(0, 16)

/** Runs ffmpeg into a temp name, then renames, so concurrent workers never see half a file. @since 0.1.0 */
export const produce = async (file: string, args: ReadonlyArray<string>): Promise<void> => {
  if (existsSync(file)) return
  await mkdir(cacheDir, { recursive: true })
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.part${file.slice(file.lastIndexOf("."))}`
  try {
    await execa("ffmpeg", ["-hide_banner", "-nostdin", "-loglevel", "error", "-y", ...args, tmp])
    await rename(tmp, file)
  } finally {
    await rm(tmp, { force: true })
  }
}

/** Generates (or reuses from the cache) a video for `spec` and returns it with its ground truth. @since 0.1.0 */
export const generateVideo = async (spec: VideoSpec): Promise<GeneratedVideo> => {
  const fps = spec.fps ?? 25
  const width = spec.width ?? 160
  const height = spec.height ?? 90
  const plan = planVideo(spec)
  const duration = plan.frames / fps
  const path = join(cacheDir, `video-${hashOf(spec)}.mp4`)
  const audio = spec.audio === true
  await produce(path, [
    "-filter_complex", plan.graph,
    ...(audio ? ["-f", "lavfi", "-i", `sine=frequency=440:sample_rate=48000:duration=${duration}`] : []),
    "-map", "[out]", ...(audio ? ["-map", "0:a", "-c:a", "aac", "-b:a", "64k"] : []),
    "-frames:v", String(plan.frames),
    "-c:v", "libx264", "-preset", spec.preset ?? "ultrafast", "-crf", "26", "-pix_fmt", "yuv420p",
    "-g", String(spec.gop ?? fps * 2), "-movflags", "+faststart"
  ])
  return {
    path, spec, width, height, fps, frames: plan.frames, durationSeconds: duration, hasAudio: audio,
    cuts: plan.transitions.filter((t) => t.kind === "cut").map((t) => t.frame),
    transitions: plan.transitions,
    flashes: plan.flashes
  }
}

/** {@link generateVideo} as an Effect (dies on ffmpeg failure: a broken fixture is a defect). @since 0.1.0 */
export const generate = (spec: VideoSpec): Effect.Effect<GeneratedVideo> => Effect.promise(() => generateVideo(spec))

type Size = Pick<VideoSpec, "width" | "height" | "fps" | "audio" | "noise" | "gop" | "preset">

/** Ready-made specs; each takes size/fps/audio/noise/gop overrides. @since 0.1.0 */
export const presets = {
  /** 6 hard cuts between clearly different shots, 2 s each. */
  hardCuts: (o: Size = {}): VideoSpec => ({
    ...o,
    shots: [
      { source: "testsrc2", seconds: 2 }, { source: "smptebars", seconds: 2 },
      { source: "color:0x3366aa", seconds: 2 }, { source: "mandelbrot", seconds: 2 },
      { source: "rgbtestsrc", seconds: 2 }, { source: "color:0xaa6633", seconds: 2 },
      { source: "testsrc2", seconds: 2, flip: "v" }
    ]
  }),
  /** Everything at once (≈ 24 s): hard cuts, similar shots, a 2-frame flash, a 1 s dissolve, a fade through black, a fast pan. */
  mixed: (o: Size = {}): VideoSpec => ({
    ...o,
    flashes: [{ atSeconds: 3, frames: 2 }, { atSeconds: 18.5, frames: 3 }],
    shots: [
      { source: "testsrc2", seconds: 4 }, { source: "testsrc2", seconds: 3, flip: "hv" },
      { source: "smptebars", seconds: 3 }, { source: "mandelbrot", seconds: 3, transition: "dissolve" },
      { source: "color:0x336699", seconds: 2 }, { source: "color:0x3d70a3", seconds: 2 },
      { source: "rgbtestsrc", seconds: 3, transition: "fade" }, { source: "testsrc2", seconds: 3, scroll: 0.04 },
      { source: "smptebars", seconds: 3, hue: 40 }
    ]
  }),
  /** One shot with a 2-frame white flash in the middle (no cut expected). */
  flash: (o: Size = {}, frames = 2): VideoSpec => ({ ...o, flashes: [{ atSeconds: 2, frames }], shots: [{ source: "testsrc2", seconds: 4 }] }),
  /** Two shots joined by a 1 s cross-fade. */
  dissolve: (o: Size = {}): VideoSpec => ({ ...o, shots: [{ source: "testsrc2", seconds: 3 }, { source: "smptebars", seconds: 3, transition: "dissolve" }] }),
  /** Two shots joined by a 1 s fade through black (one cut expected, inside the black). */
  fadeBlack: (o: Size = {}): VideoSpec => ({ ...o, shots: [{ source: "smptebars", seconds: 3 }, { source: "testsrc2", seconds: 3, transition: "fade" }] }),
  /** Shots that look alike: mirrored pattern (same histogram) and two close colours. */
  similar: (o: Size = {}): VideoSpec => ({
    ...o,
    shots: [
      { source: "testsrc2", seconds: 2 }, { source: "testsrc2", seconds: 2, flip: "h" },
      { source: "color:0x336699", seconds: 2 }, { source: "color:0x3d70a3", seconds: 2 },
      { source: "smptebars", seconds: 2 }, { source: "smptebars", seconds: 2, hue: 30 }
    ]
  }),
  /** A fast pan, then a cut to another fast pan (one cut expected). */
  motion: (o: Size = {}): VideoSpec => ({ ...o, shots: [{ source: "testsrc2", seconds: 3, scroll: 0.06 }, { source: "mandelbrot", seconds: 3, scroll: 0.08 }] }),
  /** One 4 s shot of a photograph filmed by `camera` (no transition: nothing may be reported). */
  camera: (camera: Camera, photo: keyof typeof photos = "dune", o: Size = {}): VideoSpec => ({
    ...o,
    shots: [{ source: `image:${photos[photo]}`, seconds: 4, camera }]
  }),
  /**
   * Two 3 s photograph shots joined by `kind` of `seconds`: different photographs, or the same one
   * mirrored (similar colours, different layout). `camera` moves both shots (default still).
   */
  transition: (kind: TransitionKind, seconds: number, look: "different" | "similar", o: Size = {}, camera: Camera = "still"): VideoSpec => ({
    ...o,
    shots: [
      { source: `image:${photos.storm}`, seconds: 3, camera },
      look === "different"
        ? { source: `image:${photos.meadow}`, seconds: 3, camera, transition: kind, transitionSeconds: seconds }
        : { source: `image:${photos.storm}`, seconds: 3, camera, flip: "h", transition: kind, transitionSeconds: seconds }
    ]
  }),
  /** A long video (default 10 min) of 30 s shots, for long ranges. Keep fps low to stay fast. */
  long: (minutes = 10, o: Size = {}): VideoSpec => ({
    fps: 10,
    ...o,
    shots: Array.from({ length: Math.ceil((minutes * 60) / 30) }, (_, i): Shot => ({
      source: (["testsrc2", "smptebars", "rgbtestsrc", "mandelbrot"] as const)[i % 4]!,
      seconds: 30
    }))
  })
} as const

const produced = (name: string, args: ReadonlyArray<string>): Promise<string> => produce(join(cacheDir, name), args).then(() => join(cacheDir, name))

const write = async (name: string, data: string | Uint8Array): Promise<string> => {
  await mkdir(cacheDir, { recursive: true })
  const file = join(cacheDir, name)
  await writeFile(file, data)
  return file
}

/** Broken or unusual inputs for error tests; each resolves to a path in the cache dir. @since 0.1.0 */
export const badInputs = {
  /** A zero-byte `.mp4`. */
  empty: (): Promise<string> => write("bad-empty.mp4", new Uint8Array()),
  /** A text file named `.mp4`. */
  text: (): Promise<string> => write("bad-text.mp4", "this is not a video, just some text\n".repeat(20)),
  /** The first 4 KiB of a real (non-faststart) MP4: header present, moov missing. */
  truncated: async (): Promise<string> => {
    const file = join(cacheDir, "bad-truncated.mp4")
    const full = join(cacheDir, "bad-truncated-source.mp4")
    await produce(full, ["-f", "lavfi", "-i", "testsrc2=s=160x90:r=25:d=2", "-c:v", "libx264", "-preset", "ultrafast"])
    await writeFile(file, (await readFile(full)).subarray(0, 4096))
    return file
  },
  /** An AAC-only `.mp4` (no video stream). */
  audioOnly: async (): Promise<string> => produced("bad-audio-only.mp4", ["-f", "lavfi", "-i", "sine=frequency=440:duration=2", "-c:a", "aac"]),
  /** A valid H.264 MP4 holding exactly one frame. */
  singleFrame: async (): Promise<string> => produced("bad-single-frame.mp4", ["-f", "lavfi", "-i", "testsrc2=s=160x90:r=25", "-frames:v", "1", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]),
  /** A valid one-frame H.264 MP4 of 12000×16 px: readable, but beyond any sane sheet/tile size. */
  hugeDimensions: async (): Promise<string> => produced("bad-huge.mp4", ["-f", "lavfi", "-i", "color=c=red:s=12000x16:r=1", "-frames:v", "1", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]),
  /** A Y4M header claiming 40000×40000 (ffprobe itself rejects it). */
  invalidDimensions: (): Promise<string> => write("bad-invalid-size.y4m", "YUV4MPEG2 W40000 H40000 F25:1 Ip A1:1 C420jpeg\n"),
  /** A Y4M header claiming 0×0. */
  zeroDimensions: (): Promise<string> => write("bad-zero.y4m", "YUV4MPEG2 W0 H0 F25:1 Ip A1:1 C420jpeg\nFRAME\n")
} as const
