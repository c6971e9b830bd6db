/**
 * The demo's sample video, made on this machine: nature photographs from Debian's
 * `mate-backgrounds` package (GPL-2+, see /usr/share/doc/mate-backgrounds/copyright; installed by
 * `scripts/setup-debian.sh demo`) filmed with slow camera moves — pans and zooms via ffmpeg's
 * `zoompan` — joined by hard cuts, dissolves and a fade through black, with a little film grain
 * and a quiet ambient sound track. Two shots show the same photograph, so "find similar clips"
 * has something to find. Without the photographs it falls back to ffmpeg's test patterns (and
 * says so). See docs/cli.md, "The demo".
 *
 * @since 0.1.0
 */
import { existsSync, mkdirSync, renameSync } from "node:fs"
import { dirname, join } from "node:path"
import { Binaries } from "@heaters/adapters/ffmpeg"
import { Effect, Schema } from "effect"
import { execa } from "execa"

/** ffmpeg could not make the sample; `stderr` is the end of its output. @since 0.1.0 */
export class SampleFailed extends Schema.TaggedError<SampleFailed>()("SampleFailed", {
  path: Schema.String,
  stderr: Schema.String
}) {
  override get message() {
    return `could not make ${this.path}: ${this.stderr}`
  }
}

/** Where Debian's mate-backgrounds puts its photographs. @since 0.1.0 */
export const photoDir = "/usr/share/backgrounds/mate/nature"

/** A camera move over a still: a pan across it or a zoom into/out of it. @since 0.1.0 */
export type Move = "pan-right" | "pan-left" | "pan-down" | "zoom-in" | "zoom-out"

/** One shot of the sample and how it is entered. @since 0.1.0 */
export interface SampleShot {
  readonly photo: string
  readonly seconds: number
  readonly move: Move
  /** How this shot begins: a hard cut (default), a 1 s dissolve, or a 1 s fade through black. */
  readonly enter?: "cut" | "dissolve" | "fade"
}

/** The demo's shot list (≈ 44 s). @since 0.1.0 */
export const shots: ReadonlyArray<SampleShot> = [
  { photo: "Dune.jpg", seconds: 5, move: "pan-right" },
  { photo: "Storm.jpg", seconds: 5, move: "zoom-in" },
  { photo: "GreenMeadow.jpg", seconds: 4, move: "pan-down", enter: "dissolve" },
  { photo: "LadyBird.jpg", seconds: 5, move: "zoom-in" },
  { photo: "FreshFlower.jpg", seconds: 4, move: "pan-left" },
  { photo: "YellowFlower.jpg", seconds: 5, move: "zoom-out", enter: "fade" },
  { photo: "RainDrops.jpg", seconds: 4, move: "pan-right" },
  { photo: "Dune.jpg", seconds: 4, move: "zoom-in" },
  { photo: "Aqua.jpg", seconds: 5, move: "zoom-out", enter: "dissolve" },
  { photo: "TwoWings.jpg", seconds: 4, move: "pan-left" }
]

/** @since 0.1.0 */
export interface SampleOptions {
  readonly width?: number
  readonly height?: number
  readonly fps?: number
  readonly shots?: ReadonlyArray<SampleShot>
  readonly photoDir?: string
}

const transitionSeconds = 1

/** zoompan's z/x/y expressions for a move over `frames` output frames (`on` = frame number). */
const moveExpr = (move: Move, frames: number): string => {
  const p = `(on/${frames})`
  const centre = "x='(iw-iw/zoom)/2':y='(ih-ih/zoom)/2'"
  switch (move) {
    case "zoom-in":
      return `z='1+0.35*${p}':${centre}`
    case "zoom-out":
      return `z='1.35-0.35*${p}':${centre}`
    case "pan-right":
      return `z='1.3':x='(iw-iw/zoom)*${p}':y='(ih-ih/zoom)/2'`
    case "pan-left":
      return `z='1.3':x='(iw-iw/zoom)*(1-${p})':y='(ih-ih/zoom)/2'`
    case "pan-down":
      return `z='1.3':x='(iw-iw/zoom)/2':y='(ih-ih/zoom)*${p}'`
  }
}

/**
 * The ffmpeg arguments that film `shots` from the photographs in `dir` into `out`. Each photo is
 * read once, upscaled 4× the output size (so the moving crop steps in quarter pixels, not whole
 * ones: no judder) and filmed by `zoompan`; shots are then joined with `concat` (cuts) or `xfade`.
 *
 * @since 0.1.0
 */
export const photoArgs = (out: string, dir: string, options: SampleOptions = {}): Array<string> => {
  const width = options.width ?? 640
  const height = options.height ?? 360
  const fps = options.fps ?? 30
  const list = options.shots ?? shots
  const inputs = list.flatMap((s) => ["-i", join(dir, s.photo)])
  const filmed = list.map((s, i) => {
    const frames = Math.round(s.seconds * fps)
    const big = `scale=${width * 4}:${height * 4}:force_original_aspect_ratio=increase,crop=${width * 4}:${height * 4}`
    return `[${i}:v]${big},zoompan=${moveExpr(s.move, frames)}:d=${frames}:s=${width}x${height}:fps=${fps},format=yuv420p,setsar=1,settb=AVTB[s${i}]`
  })
  const joins: Array<string> = []
  let acc = "s0"
  let length = list[0]!.seconds
  list.slice(1).forEach((s, j) => {
    const i = j + 1
    const next = `j${i}`
    if ((s.enter ?? "cut") === "cut") {
      joins.push(`[${acc}][s${i}]concat=n=2:v=1:a=0,settb=AVTB[${next}]`)
      length += s.seconds
    } else {
      const kind = s.enter === "fade" ? "fadeblack" : "fade"
      const offset = (length - transitionSeconds).toFixed(3)
      joins.push(`[${acc}][s${i}]xfade=transition=${kind}:duration=${transitionSeconds}:offset=${offset}[${next}]`)
      length += s.seconds - transitionSeconds
    }
    acc = next
  })
  // Film grain, changing every frame: a still photograph never looks this alive on its own.
  const graph = [...filmed, ...joins, `[${acc}]noise=alls=5:allf=t,format=yuv420p[v]`].join(";")
  return [
    "-v", "error", "-y", ...inputs,
    "-f", "lavfi", "-i", `anoisesrc=color=brown:amplitude=0.02:sample_rate=44100,lowpass=f=600`,
    "-filter_complex", graph, "-map", "[v]", "-map", `${list.length}:a`, "-t", length.toFixed(3),
    "-c:v", "libx264", "-preset", "veryfast", "-crf", "24", "-g", String(fps * 2),
    "-c:a", "aac", "-b:a", "64k", "-movflags", "+faststart", out
  ]
}

/** Test patterns, for machines without the photographs. */
const patternArgs = (out: string): Array<string> => {
  const size = "640x360"
  const patterns = [
    `testsrc2=size=${size}:rate=30:duration=5`,
    `smptehdbars=size=${size}:rate=30:duration=4`,
    `gradients=size=${size}:rate=30:speed=0.02:duration=4`,
    `testsrc2=size=${size}:rate=30:duration=5,hue=h=120`,
    `rgbtestsrc=size=${size}:rate=30:duration=5`
  ]
  const inputs = patterns.flatMap((s) => ["-f", "lavfi", "-i", `${s},format=yuv420p,setsar=1`])
  const chain = patterns.map((_, i) => `[${i}:v]`).join("") + `concat=n=${patterns.length}:v=1:a=0[v]`
  return [
    "-v", "error", "-y", ...inputs, "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
    "-filter_complex", chain, "-map", "[v]", "-map", `${patterns.length}:a`, "-shortest",
    "-c:v", "libx264", "-preset", "veryfast", "-crf", "26", "-c:a", "aac", "-b:a", "64k", out
  ]
}

/**
 * Writes the sample to `path` unless it exists (written to a temp name first, so an interrupted
 * run never leaves half a video behind); returns the path.
 *
 * @since 0.1.0
 */
export const ensureSample = (path: string, options: SampleOptions = {}) =>
  Effect.gen(function* () {
    if (existsSync(path)) return path
    const { ffmpeg } = yield* Binaries.resolve()
    mkdirSync(dirname(path), { recursive: true })
    const dir = options.photoDir ?? photoDir
    const list = options.shots ?? shots
    const photos = list.every((s) => existsSync(join(dir, s.photo)))
    const partial = `${path}.partial.mp4`
    if (!photos) {
      yield* Effect.logWarning(`no photographs in ${dir} (Debian: ./scripts/setup-debian.sh demo installs mate-backgrounds); using test patterns`)
    }
    yield* Effect.logInfo(`making the sample video ${path}`)
    const args = photos ? photoArgs(partial, dir, options) : patternArgs(partial)
    yield* Effect.tryPromise({
      try: () => execa(ffmpeg, args),
      catch: (e) => new SampleFailed({ path, stderr: String((e as { stderr?: unknown }).stderr ?? e).slice(-500) })
    })
    renameSync(partial, path)
    return path
  })
