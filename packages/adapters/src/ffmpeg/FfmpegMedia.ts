/**
 * The Media port on ffmpeg/ffprobe (run through execa with argument arrays, never a shell).
 * Constructors in Effect style: `make`, `layer(options)`, `layerConfig(config)`.
 *
 * @example
 * ```ts
 * import { FfmpegMedia } from "@heaters/adapters/ffmpeg"
 * const MediaLive = FfmpegMedia.layer({ ffmpegPath: "/usr/bin/ffmpeg" })
 * ```
 *
 * @since 0.1.0
 */
import { tmpdir } from "node:os"
import { Media } from "@heaters/core"
import { Config, Effect, Layer, Option } from "effect"
import type { ConfigError } from "effect"
import { analyze } from "./analyze.js"
import type { BinaryOptions } from "./binaries.js"
import { resolve } from "./binaries.js"
import type { Runtime } from "./context.js"
import type { Detector } from "./detectors/types.js"
import { exportClip } from "./export.js"
import { listFilters, listProtocols } from "./filters.js"
import { extractKeyframes } from "./keyframes.js"
import { normalize } from "./normalize.js"
import { probe } from "./probe.js"
import { renderSprite } from "./sheet.js"
import { loadSheetEncoder } from "./sheetNative.js"
import { sweep } from "../scratch/sweep.js"
import { SCRATCH_PREFIXES } from "./process.js"

/**
 * Settings of the ffmpeg Media adapter: binary paths, temp directory, input limits, detection and
 * sprite-pass tuning, and extra scene detectors.
 *
 * @since 0.1.0
 */
export interface FfmpegOptions extends BinaryOptions {
  /** Parent directory of temp files (default: the OS temp dir). */
  readonly tempDir?: string | undefined
  /** Largest accepted source width/height (default 8192). */
  readonly maxDimension?: number | undefined
  /** Sprite ranges longer than this decode keyframes only (default 120 s). */
  readonly keyframeModeSeconds?: number | undefined
  /**
   * swscale flags for scaling full-size frames to the detector's 64×36 in a detection-only pass.
   * Default `fast_bilinear`: on 1080p it costs ≈ 1.1× a bare decode where `area` costs ≈ 1.25×, and
   * the detectors (block means, histograms) found the same cuts with both on every benchmark file.
   */
  readonly detectionScaler?: "fast_bilinear" | "area" | "bilinear" | "bicubic" | undefined
  /**
   * Largest temp file of raw sprite tiles one analysis may write (default 4 GiB ≈ 14 min of video
   * at 480×270, 24 fps); longer videos keep their tiles as JPEGs, slower but ten times smaller.
   */
  readonly rawTileBudgetBytes?: number | undefined
  /**
   * Who encodes the sprite sheets cut from the shared pass. `auto` (the default): libjpeg-turbo
   * when the optional `@heaters/sheet-jpeg` is installed and built, ≈ 3× cheaper; otherwise
   * ffmpeg. `ffmpeg`: always ffmpeg.
   */
  readonly sheetEncoder?: "auto" | "ffmpeg" | undefined
  /** Extra detectors by name, next to the built-in `histogram` and `adaptive`. */
  readonly detectors?: Readonly<Record<string, Detector>> | undefined
}

/**
 * Builds the service. Binaries are resolved on first use (and cached), so constructing never fails
 * and a missing ffmpeg surfaces as the operation's `BinaryNotFound`.
 *
 * @since 0.1.0
 */
export const make = (options: FfmpegOptions = {}): Effect.Effect<Media.MediaShape> =>
  Effect.gen(function*() {
    const binaries = yield* Effect.cached(resolve(options))
    const rt: Runtime = {
      binaries,
      filters: yield* Effect.cached(Effect.flatMap(binaries, (bins) => listFilters(bins.ffmpeg))),
      protocols: yield* Effect.cached(Effect.flatMap(binaries, (bins) => listProtocols(bins.ffmpeg))),
      sheetEncoder: options.sheetEncoder === "ffmpeg" ? Effect.succeed(undefined) : yield* Effect.cached(loadSheetEncoder),
      tempRoot: options.tempDir ?? tmpdir(),
      maxDimension: options.maxDimension ?? 8192,
      keyframeModeSeconds: options.keyframeModeSeconds ?? 120,
      // 64×36 RGB: measured at 1.09–1.11× a bare decode (docs/architecture.md), enough for cut detection.
      detectionWidth: 64,
      detectionHeight: 36,
      detectionScaler: options.detectionScaler ?? "fast_bilinear",
      rawTileBudgetBytes: options.rawTileBudgetBytes ?? 4 * 1024 ** 3,
      detectors: options.detectors ?? {}
    }
    // A worker killed mid-operation left its scratch directories behind: remove them on start.
    yield* sweep(rt.tempRoot, SCRATCH_PREFIXES)
    return Media.Media.of({
      probe: (path) => Effect.flatMap(rt.binaries, (bins) => probe(bins, path, rt)),
      normalize: (path, onProgress) => normalize(rt, path, onProgress),
      analyze: (path, plan, onProgress) => analyze(rt, path, plan, onProgress),
      renderSprite: (path, plan) => renderSprite(rt, path, plan),
      extractKeyframes: (path, plan) => extractKeyframes(rt, path, plan),
      exportClip: (path, plan) => exportClip(rt, path, plan)
    })
  })

/**
 * The ffmpeg Media service as a layer.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: FfmpegOptions = {}): Layer.Layer<Media.Media> => Layer.effect(Media.Media, make(options))

const optional = (name: string) => Config.option(Config.string(name)).pipe(Config.map(Option.getOrUndefined))

/**
 * The options from the environment: `HEATERS_FFMPEG`, `HEATERS_FFPROBE`, `HEATERS_TMPDIR`,
 * `HEATERS_MAX_VIDEO_DIMENSION`.
 *
 * @since 0.1.0
 */
export const config: Config.Config<FfmpegOptions> = Config.all({
  ffmpegPath: optional("HEATERS_FFMPEG"),
  ffprobePath: optional("HEATERS_FFPROBE"),
  tempDir: optional("HEATERS_TMPDIR"),
  maxDimension: Config.option(Config.integer("HEATERS_MAX_VIDEO_DIMENSION")).pipe(Config.map(Option.getOrUndefined))
})

/**
 * The ffmpeg Media service as a layer, its options read from config (by default `config`, the
 * `HEATERS_*` environment variables).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (options: Config.Config<FfmpegOptions> = config): Layer.Layer<Media.Media, ConfigError.ConfigError> =>
  Layer.effect(Media.Media, Effect.flatMap(options, make))
