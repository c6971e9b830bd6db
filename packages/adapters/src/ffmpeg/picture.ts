/**
 * What a decoded frame needs before anyone looks at it: interlaced frames deinterlaced, HDR (PQ,
 * HLG) tone-mapped to SDR. A master is already both (`normalize.ts` applies these filters when it
 * re-encodes), so on the pipeline's files the list is empty; the operations that read any file
 * (`heaters scenes` / `sprite` on a camera's own file) put it first in their filter chains.
 *
 * @since 0.1.0
 */
import type { Media } from "@heaters/core"

/**
 * PQ/HLG → BT.709 SDR with zimg: to linear light (100 nits = 1.0), BT.709 primaries, then the
 * mobius curve, linear up to 60 % of SDR white and rolling the highlights off above. Measured on
 * pictures mastered in SDR and carried in PQ (three frames, 64×64 luma against the SDR original):
 * contrast (std) 0.88–0.97 of the original's, PSNR 26–32 dB; mobius at its default 30 %:
 * 0.77–0.93, 22–28 dB; reinhard 0.67–0.85; hable 0.58–0.64 (a third darker); untouched, washed
 * out: 0.39, 14 dB.
 */
const toneMap = "zscale=t=linear:npl=100,format=gbrpf32le,zscale=p=bt709,tonemap=tonemap=mobius:param=0.6:desat=0,zscale=t=bt709:m=bt709:r=tv,format=yuv420p"

/**
 * The filters that make `info`'s frames viewable, in order (none for a progressive SDR video).
 * Tone mapping needs zimg (`zscale`); an ffmpeg without it shows HDR as it is, washed out.
 *
 * @since 0.1.0
 */
export const viewFilters = (info: Media.MediaInfo, filters: ReadonlySet<string>): ReadonlyArray<string> => [
  // One frame per frame (the timeline keeps its frames), fields in the order the stream gives.
  ...(info.interlaced ? ["bwdif=mode=send_frame:parity=auto:deint=all"] : []),
  ...(info.hdr !== null && filters.has("zscale") && filters.has("tonemap") ? [toneMap] : [])
]

/** `viewFilters` as the head of a filter chain: `"a,b,"`, or `""` when there are none. @since 0.1.0 */
export const viewPrefix = (info: Media.MediaInfo, filters: ReadonlySet<string>): string =>
  viewFilters(info, filters).map((f) => `${f},`).join("")
