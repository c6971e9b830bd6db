/**
 * `analyze`: the single decode pass (docs/architecture.md#platform-choices). ONE ffmpeg
 * process decodes the video once; a `split` filter fans the frames out to
 *
 * (a) a tiny RGB24 stream piped to Node, folded by the chosen detector as the bytes arrive, with
 *     each of its frames' timestamps written beside it (`timeline.ts`), so cuts land at the frames'
 *     real times whatever the frame rate does, and
 * (b) sprite tiles — `fps=min(video fps, maxFps)` from time 0, scaled to the tile size, upright —
 *     kept raw in one temp file (or as JPEGs past a size budget, see `tiles.ts`) that lives as long
 *     as the caller's scope. Tile k shows the master at k / fps seconds.
 *
 * Frames reach both branches turned as a player shows them (ffmpeg's auto-rotation), which is why
 * `probe` reports the turned size.
 *
 * Once the caller knows the clips (after `Cuts.suppress`), `sheet(plan)` / `sheets(plans)` assemble
 * the clips' sheets from those tiles, so sheets cost no second decode of the source.
 *
 * @since 0.1.0
 */
import { readFile } from "node:fs/promises"
import { join } from "node:path"
import type { Media as MediaNs } from "@heaters/core"
import { Media } from "@heaters/core"
import { SpritePlan } from "@heaters/core/pipeline"
import type { Scope } from "effect"
import { Effect } from "effect"
import type { Runtime } from "./context.js"
import { quiet } from "./context.js"
import { builtins, lookup } from "./detectors/index.js"
import type { Frame } from "./detectors/types.js"
import { viewPrefix } from "./picture.js"
import { probe } from "./probe.js"
import { scratchDir, streamStdout } from "./process.js"
import { sheetFromTiles, sheetsFromTiles } from "./sheet.js"
import { chooseTarget, collectTiles, outputArgs, tileCount } from "./tiles.js"
import { parseFrameCrc, timeline } from "./timeline.js"

/**
 * Full-size frame → full-range YUV 4:2:0 tile (what JPEG stores), the pass's costliest filter after
 * the decoder. zscale (zimg) does the downscale and the range conversion in one step at 0.43 ms a
 * 1080p frame where swscale's `area` plus its 1:1 range conversion take 1.0 ms: ≈ 2 s of CPU less
 * per 2 min of 1080p, with the same luma (PSNR 46.2 dB against a lanczos reference, swscale 46.4).
 * swscale remains for builds without zscale and for what zimg refuses: odd sizes with 4:2:0
 * chroma, and pixel formats other than 8-bit 4:2:0 (left to swscale's proven conversions).
 */
const tileScale = (zscale: boolean, tile: { readonly width: number; readonly height: number }) =>
  zscale
    ? `zscale=w=${tile.width}:h=${tile.height}:filter=bilinear:range=full,format=yuvj420p`
    // `area` is swscale's best and, for these downscales, cheapest filter; the explicit 1:1
    // `neighbor` range conversion is a plain per-pixel map, where ffmpeg's auto-inserted converter
    // cost ≈ 2 s per 2 min of 1080p.
    : `scale=${tile.width}:${tile.height}:flags=area,scale=flags=neighbor:out_range=full,format=yuvj420p`

const canZscale = (filters: ReadonlySet<string>, info: MediaNs.MediaInfo, tileWidth: number) =>
  filters.has("zscale") && (info.pixelFormat === "yuv420p" || info.pixelFormat === "yuvj420p") && info.pixelAspect === 1 &&
  info.width % 2 === 0 && info.height % 2 === 0 && tileWidth % 2 === 0

const fail = (reason: string) => Effect.fail(new Media.InvalidMediaRequest({ operation: "analyze", reason }))

/**
 * Runs the pass. Fails with `InvalidMediaRequest` for an unknown detector or absurd sprite settings,
 * `MediaUnreadable` when the file is not a video, `MediaFailed` when ffmpeg fails mid-way.
 *
 * @since 0.1.0
 */
export const analyze = (
  rt: Runtime,
  path: string,
  plan: MediaNs.AnalysisPlan,
  onProgress?: MediaNs.OnProgress
): Effect.Effect<MediaNs.Analysis, MediaNs.MediaError, Scope.Scope> =>
  Effect.gen(function*() {
    const detector = lookup(plan.detection.detector, rt.detectors)
    if (detector === undefined) {
      return yield* fail(`unknown detector "${plan.detection.detector}" (known: default, ${Object.keys({ ...builtins, ...rt.detectors }).join(", ")})`)
    }
    const threshold = plan.detection.threshold ?? detector.defaultThreshold
    if (!Number.isFinite(threshold)) return yield* fail(`threshold must be a finite number, got ${threshold}`)
    const sprite = plan.sprite
    if (sprite !== null && (!(sprite.maxFps > 0) || !Number.isInteger(sprite.tileWidth) || sprite.tileWidth < 16 || sprite.tileWidth > 4096)) {
      return yield* fail(`sprite settings out of range: maxFps ${sprite.maxFps}, tileWidth ${sprite.tileWidth} (16…4096)`)
    }
    const bins = yield* rt.binaries
    const info = yield* probe(bins, path, rt)
    const dir = yield* scratchDir(rt.tempRoot, "heaters-tiles-", "analyze")
    const timesFile = join(dir, "times.framecrc")
    const spriteFps = sprite === null ? 0 : Math.min(info.fps, sprite.maxFps)
    // Tiles at exactly the size the sprite plan will ask for, so sheets need no rescaling.
    const target = sprite === null
      ? null
      : chooseTarget(dir, sprite.tileWidth, SpritePlan.tileHeightFor(sprite.tileWidth, info.width, info.height), Math.ceil(info.durationSeconds * spriteFps) + 2, rt.rawTileBudgetBytes)

    const filters = yield* rt.filters
    const zscale = target !== null && canZscale(filters, info, target.width)
    const view = viewPrefix(info, filters)
    const W = rt.detectionWidth
    const H = rt.detectionHeight
    const detect = `scale=${W}:${H}:flags=${rt.detectionScaler},format=rgb24`
    const args = [
      ...quiet,
      // No deblocking of frames that no other frame predicts from (H.264/HEVC non-reference B
      // frames): nothing is built on them, so the error cannot spread, and at 64×36 and at tile
      // size it vanishes (tiles within 56 dB PSNR of the deblocked decode's, 71–75 dB on average;
      // the benchmark's cuts identical). 2–6 % less decoding. Skipping it on reference frames too
      // saves more but drifts: a visibly darker block in a tile by the end of a GOP.
      "-skip_loop_filter", "noref",
      "-i", path,
      // One filter thread: slice-threaded scaling fought the decoder's frame threads for the same
      // 2 cores and made the pass ≈ 20 % slower (measured on 2 min of 1080p).
      "-filter_complex_threads", "1",
      "-filter_complex",
      // The detector's frames are cut from the full-size frame exactly as in a detection-only
      // pass, so both find the same cuts; their timestamps go to a side output. The sprite branch
      // drops to the sprite fps BEFORE scaling (at 30 fps a fifth fewer full-size scalings; ≈ 9 %
      // of a bare decode's CPU measured on 20 s of 1080p), counting its tiles from time 0 (a video
      // stream that starts late repeats its first frame until then); tile k is the frame on screen
      // at k / fps (`round=up`), whatever the frame rate does.
      target === null
        ? `[0:v:0]${view}${detect},split=2[det][times]`
        : `[0:v:0]${view}split=2[d][s];[d]${detect},split=2[det][times];[s]fps=${spriteFps}:start_time=0:round=up,${tileScale(zscale, target)}[spr]`,
      // Every decoded frame must reach the detector exactly once: no duplication or dropping.
      // `-flush_packets 0` lets the pipe carry 32 KB writes instead of one write per 7 KB frame:
      // a fifth of the chunks for Node to take (≈ 0.2 s of CPU per 2 min of video).
      "-map", "[det]", "-fps_mode", "passthrough", "-flush_packets", "0", "-f", "rawvideo", "pipe:1",
      // The same frames' timestamps, in the input stream's time base (`-enc_time_base -1`): exact.
      "-map", "[times]", "-fps_mode", "passthrough", "-enc_time_base:v", "-1", "-f", "framecrc", timesFile,
      ...(target === null ? [] : outputArgs(target))
    ]

    const fold = detector.fold({ threshold, fps: info.fps })
    let state = fold.init()
    const frameBytes = W * H * 3
    // A frame split across pipe chunks is put together in a buffer of its own (a detector may keep
    // the frames it is given); whole frames are handed over as views of the chunk, uncopied.
    let split = new Uint8Array(frameBytes)
    let splitBytes = 0
    let frames = 0
    let reported = 0
    const step = Math.max(1, Math.floor(info.frameCount / 100))
    const feed = (data: Uint8Array) => {
      state = fold.step(state, { data, width: W, height: H } satisfies Frame)
      frames++
    }
    yield* streamStdout(bins.ffmpeg, args, "analyze", (chunk) => {
      let offset = 0
      if (splitBytes > 0) {
        offset = Math.min(frameBytes - splitBytes, chunk.length)
        split.set(chunk.subarray(0, offset), splitBytes)
        splitBytes += offset
        if (splitBytes === frameBytes) {
          feed(split)
          split = new Uint8Array(frameBytes)
          splitBytes = 0
        }
      }
      for (; offset + frameBytes <= chunk.length; offset += frameBytes) feed(chunk.subarray(offset, offset + frameBytes))
      if (offset < chunk.length) {
        split.set(chunk.subarray(offset), 0)
        splitBytes = chunk.length - offset
      }
      if (onProgress !== undefined && frames - reported >= step) {
        reported = frames
        return onProgress(Math.min(1, frames / info.frameCount))
      }
      return Effect.void
    })
    if (frames === 0) return yield* Effect.fail(new Media.MediaUnreadable({ path, reason: "no frame could be decoded" }))
    if (onProgress !== undefined) yield* onProgress(1)
    const result = fold.done(state)
    const times = yield* Effect.promise(() => readFile(timesFile, "utf8").then(parseFrameCrc, () => ({ starts: [], end: 0 })))
    const grid = timeline(times, frames, info.fps)
    // The decoded frames' timeline is the truth; the container's nb_frames can be off by a frame or two.
    const finalInfo: MediaNs.MediaInfo = { ...info, frameCount: grid.frameCount }
    const tiles = target === null ? null : yield* Effect.promise(() => collectTiles(target))
    const noTiles = new Media.InvalidMediaRequest({ operation: "sheet", reason: "this analysis decoded no sprite tiles (plan.sprite was null)" })
    const hasTiles = tiles !== null && tileCount(tiles) > 0
    const sheet = (p: SpritePlan.SpritePlan) => (hasTiles ? sheetFromTiles(rt, finalInfo, p, tiles, spriteFps) : Effect.fail(noTiles))
    const sheets = (ps: ReadonlyArray<SpritePlan.SpritePlan>) => (hasTiles ? sheetsFromTiles(rt, finalInfo, ps, tiles, spriteFps) : Effect.fail(noTiles))
    return {
      info: finalInfo,
      detector: detector.name,
      threshold,
      candidates: result.candidates.map(grid.frameOf),
      scores: result.scores,
      sheet,
      sheets
    } satisfies MediaNs.Analysis
  })
