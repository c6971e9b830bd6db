/**
 * The presentation timeline of the shared pass (docs/media.md#one-timeline). The detector sees
 * frames one after another; what a frame's number means is told by its timestamp, which ffmpeg
 * writes beside the pass as `framecrc` lines (`#tb 0: 1/15360`, then `stream, dts, pts, duration,
 * size, checksum` per frame, in the input stream's own time base, so nothing is rounded). A frame
 * decoded `i`-th is frame `round(pts × fps)` of the master: with a variable frame rate or a video
 * stream that starts after the audio, counting frames would put every cut early.
 *
 * @since 0.1.0
 */

/** Each decoded frame's start and the end of the last one, in seconds of presentation time. @since 0.1.0 */
export interface FrameTimes {
  readonly starts: ReadonlyArray<number>
  readonly end: number
}

/**
 * Reads `framecrc` output. Lines it cannot read are skipped; a file without a time base gives no
 * frames (the caller then falls back to counting).
 *
 * @since 0.1.0
 */
export const parseFrameCrc = (text: string): FrameTimes => {
  const base = /^#tb 0: (\d+)\/(\d+)$/m.exec(text)
  if (base === null || Number(base[2]) === 0) return { starts: [], end: 0 }
  const unit = Number(base[1]) / Number(base[2])
  const starts: Array<number> = []
  let end = 0
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue
    const fields = line.split(",")
    if (fields.length < 4) continue
    const pts = Number(fields[2])
    const duration = Number(fields[3])
    if (!Number.isFinite(pts)) continue
    starts.push(pts * unit)
    end = Math.max(end, (pts + (Number.isFinite(duration) && duration > 0 ? duration : 0)) * unit)
  }
  return { starts, end }
}

/** The pass's frames on the master's frame grid: `frameOf(i)` for the `i`-th decoded frame, and the grid's length. @since 0.1.0 */
export interface Timeline {
  readonly frameOf: (index: number) => number
  readonly frameCount: number
}

/**
 * The grid of `fps` frames a second under the decoded frames. `decoded` frames reached the
 * detector; when the timestamps do not cover all of them (a broken side output) the frames past
 * the last timestamp continue at `fps`. A fractional index (a detector's point inside a gradual
 * transition) lies between its two frames' times.
 *
 * @since 0.1.0
 */
export const timeline = (times: FrameTimes, decoded: number, fps: number): Timeline => {
  const { starts } = times
  const last = starts.length - 1
  const startOf = (i: number): number =>
    last < 0 ? i / fps : i <= last ? starts[Math.max(0, i)]! : starts[last]! + (i - last) / fps
  const frameOf = (index: number): number => {
    const i = Math.floor(index)
    const t = startOf(i) + (index - i) * (startOf(i + 1) - startOf(i))
    return Math.max(0, Math.round(t * fps))
  }
  const lastEnd = decoded > starts.length ? startOf(decoded - 1) + 1 / fps : Math.max(times.end, startOf(decoded - 1) + 1e-9)
  return { frameOf, frameCount: Math.max(1, Math.round(lastEnd * fps), frameOf(decoded - 1) + 1) }
}
