/**
 * The detector contract. A detector is a pure fold over decoded frames (small RGB24 images, in
 * order): `init` → `step` per frame → `done` gives per-frame scores and cut candidates. No ffmpeg
 * here, so every detector is unit-testable on synthetic frame arrays.
 *
 * @since 0.1.0
 */

/** One decoded frame: `width × height` pixels, RGB24, row-major. @since 0.1.0 */
export interface Frame {
  readonly data: Uint8Array
  readonly width: number
  readonly height: number
}

/**
 * Per-frame scores (meaning depends on the detector, see its `description`) and candidate cut
 * frames (a candidate is the first frame of a new shot), ascending, before minimum-length suppression.
 *
 * @since 0.1.0
 */
export interface DetectorOutput {
  readonly scores: ReadonlyArray<number>
  readonly candidates: ReadonlyArray<number>
}

/** A fold over frames. Methods (not arrow properties) so each detector can keep its own state type. @since 0.1.0 */
export interface Fold<S> {
  init(): S
  step(state: S, frame: Frame): S
  done(state: S): DetectorOutput
}

/** What a detector is run with: its cut threshold and the input's frame rate. @since 0.1.0 */
export interface DetectorOptions {
  readonly threshold: number
  /** Frames per second of the input: windows are defined in seconds. */
  readonly fps: number
}

/** A named scene-cut detector: a description of its scores, its default threshold, and its fold. @since 0.1.0 */
export interface Detector {
  readonly name: string
  readonly description: string
  readonly defaultThreshold: number
  readonly fold: (options: DetectorOptions) => Fold<unknown>
}

/**
 * Runs a detector over an array of frames (tests, offline use).
 *
 * @since 0.1.0
 */
export const run = (detector: Detector, frames: Iterable<Frame>, options: Partial<DetectorOptions> = {}): DetectorOutput => {
  const fold = detector.fold({ threshold: options.threshold ?? detector.defaultThreshold, fps: options.fps ?? 25 })
  let state = fold.init()
  for (const frame of frames) state = fold.step(state, frame)
  return fold.done(state)
}
