/**
 * Finding ffmpeg / ffprobe (and, for `heaters doctor`, yt-dlp) with the package's one lookup:
 * explicit option → `HEATERS_FFMPEG` / `HEATERS_FFPROBE` / `HEATERS_YTDLP` → `ffmpeg-static`
 * (optional dependency, ffmpeg only) → `PATH` (docs/architecture.md#processes-files-and-binaries).
 *
 * @since 0.1.0
 */
import type { Media } from "@heaters/core"
import { Effect } from "effect"
import * as Lookup from "../internal/binaries.js"

/** The resolved paths of the ffmpeg and ffprobe executables. @since 0.1.0 */
export interface Binaries {
  readonly ffmpeg: string
  readonly ffprobe: string
}

/** Explicit paths; anything left out is resolved from the environment. @since 0.1.0 */
export interface BinaryOptions {
  readonly ffmpegPath?: string | undefined
  readonly ffprobePath?: string | undefined
}

/** The executables Heaters runs: `ffmpeg`, `ffprobe`, `yt-dlp`. @since 0.1.0 */
export type BinaryName = Lookup.BinaryName

/** Which rule found a binary: `option`, `environment`, `ffmpeg-static` or `PATH`. @since 0.1.0 */
export type BinarySource = Lookup.BinarySource

/** A found binary: its path and which rule found it. @since 0.1.0 */
export type Located = Lookup.Located

/** How to get a binary, shown in `BinaryNotFound.hint`. @since 0.1.0 */
export const installHint: (binary: string) => string = Lookup.installHint

/** The first executable named `name` on `PATH` (absolute entries only; `.exe` on Windows). @since 0.1.0 */
export const which: (name: string, path?: string | undefined) => string | undefined = Lookup.which

/**
 * Finds one binary and says which rule found it — the function the adapters themselves use, so
 * `heaters doctor` reports exactly the binary a run will start.
 *
 * @since 0.1.0
 */
export const locate: (binary: BinaryName, explicit?: string | null | undefined) => Effect.Effect<Located, Media.BinaryNotFound> = Lookup.locate

/**
 * Resolves both binaries, failing with `BinaryNotFound` (and an install hint) for the first missing.
 *
 * @since 0.1.0
 */
export const resolve = (options: BinaryOptions = {}): Effect.Effect<Binaries, Media.BinaryNotFound> =>
  Effect.all({
    ffmpeg: Effect.map(Lookup.locate("ffmpeg", options.ffmpegPath), (l) => l.path),
    ffprobe: Effect.map(Lookup.locate("ffprobe", options.ffprobePath), (l) => l.path)
  })
