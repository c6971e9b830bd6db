/**
 * @heaters/adapters/ffmpeg — the Media port on ffmpeg/ffprobe: probe, normalise, single-pass scene
 * detection with sprite tiles, per-clip sprites, keyframes and export.
 *
 * @since 0.1.0
 */
export * as Binaries from "./binaries.js"
export * as Detectors from "./detectors/index.js"
export * as FfmpegMedia from "./FfmpegMedia.js"
export { config, layer, layerConfig, make } from "./FfmpegMedia.js"
export type { FfmpegOptions } from "./FfmpegMedia.js"
export * as Probe from "./probe.js"
export { describeSheetEncoder } from "./sheetNative.js"
