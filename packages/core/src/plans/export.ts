/**
 * Export plan: materialise a clip range as its own MP4 (for approved clips, or on a host's request).
 *
 * @since 0.1.0
 */

/**
 * What a Media adapter needs to write one clip as its own file: the absolute time range in the
 * master, its frame rate and how to cut.
 *
 * @since 0.1.0
 */
export interface ExportPlan {
  readonly start: number
  readonly end: number
  readonly fps: number
  /** Copy streams when the range starts on a keyframe; otherwise re-encode for frame accuracy. */
  readonly mode: "auto" | "copy" | "reencode"
}

/** The export plan of a clip: its time range at the master's fps, cutting in `auto` mode. @since 0.1.0 */
export const plan = (clip: { readonly startTime: number; readonly endTime: number }, fps: number): ExportPlan => ({
  start: clip.startTime,
  end: clip.endTime,
  fps,
  mode: "auto"
})
