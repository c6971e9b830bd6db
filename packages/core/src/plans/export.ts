/**
 * Export plan: materialise a clip range as its own MP4 (for approved clips, or on a host's request).
 *
 * @since 0.1.0
 */

/** @since 0.1.0 */
export interface ExportPlan {
  readonly start: number
  readonly end: number
  readonly fps: number
  /** Copy streams when the range starts on a keyframe; otherwise re-encode for frame accuracy. */
  readonly mode: "auto" | "copy" | "reencode"
}

/** @since 0.1.0 */
export const plan = (clip: { readonly startTime: number; readonly endTime: number }, fps: number): ExportPlan => ({
  start: clip.startTime,
  end: clip.endTime,
  fps,
  mode: "auto"
})
