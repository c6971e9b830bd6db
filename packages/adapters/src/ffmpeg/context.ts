/**
 * What every operation of the adapter shares: the (lazily resolved, cached) binaries and the
 * adapter's settings after defaults.
 *
 * @since 0.1.0
 */
import type { Media } from "@heaters/core"
import type { Effect } from "effect"
import type { Binaries } from "./binaries.js"
import type { Detector } from "./detectors/types.js"
import type { SheetEncoder } from "./sheetNative.js"

/** @since 0.1.0 */
export interface Runtime {
  /** Resolved on first use and cached, so a missing binary is a per-operation `BinaryNotFound`. */
  readonly binaries: Effect.Effect<Binaries, Media.BinaryNotFound>
  /** The filters the ffmpeg binary has (asked once, see `filters.ts`). */
  readonly filters: Effect.Effect<ReadonlySet<string>, Media.BinaryNotFound>
  /** The input protocols the ffmpeg binary has (asked once, see `filters.ts`). */
  readonly protocols: Effect.Effect<ReadonlySet<string>, Media.BinaryNotFound>
  /** libjpeg-turbo's sheet encoder from `@heaters/sheet-jpeg`, when installed, built and not turned off. */
  readonly sheetEncoder: Effect.Effect<SheetEncoder | undefined>
  /** Parent directory for temp files (default: the OS temp dir). */
  readonly tempRoot: string
  /** Largest accepted width/height of a source video. */
  readonly maxDimension: number
  /** Sprite ranges longer than this decode keyframes only (`-skip_frame nokey`). */
  readonly keyframeModeSeconds: number
  /** Size of the frames piped to the detector. */
  readonly detectionWidth: number
  readonly detectionHeight: number
  /** swscale flags for the full-size → detection-size scaling of a detection-only pass. */
  readonly detectionScaler: string
  /** Largest raw tile file the shared pass writes; beyond it tiles are kept as JPEGs (see `tiles.ts`). */
  readonly rawTileBudgetBytes: number
  /** Detectors beyond the built-ins, by name. */
  readonly detectors: Readonly<Record<string, Detector>>
}

/** ffmpeg's common leading arguments: quiet, never reading stdin, never asking. @since 0.1.0 */
export const quiet: ReadonlyArray<string> = ["-hide_banner", "-nostdin", "-loglevel", "error", "-y"]
