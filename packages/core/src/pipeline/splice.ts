/**
 * Splice (docs/pipeline.md#splice, docs/architecture.md#rule-5-clips-are-ranges-files-are-derived): ONE decode pass over the master detects
 * the cuts and decodes the sprite tiles; clips are ranges inserted together with the video's
 * `spliced` state in one transaction; then every clip gets its sheet from the same pass.
 * A clip whose sheet fails here is left `sprite_failed` for the sprite job to redo by seeking.
 *
 * @since 0.1.0
 */
import { Data, Effect, Equal, Option } from "effect"
import type { SourceVideoId } from "../domain/Ids.js"
import type { SourceVideo } from "../domain/SourceVideo.js"
import { Pipeline } from "../PipelineConfig.js"
import * as Cuts from "../plans/cuts.js"
import * as Keys from "../plans/keys.js"
import * as SpritePlan from "../plans/sprite.js"
import { Catalog } from "../services/Catalog.js"
import { Media } from "../services/Media.js"
import { masterPath } from "./master.js"
import * as Progress from "./Progress.js"
import { completeVideo, now, runVideoStage } from "./rows.js"
import * as Sprite from "./sprite.js"

/** @since 0.1.0 */
export const timeoutMs = 30 * 60_000

/** @since 0.1.0 */
export const run = (videoId: SourceVideoId, version?: number) =>
  Effect.scoped(
    Effect.gen(function* () {
      const spliced = yield* runVideoStage({
        stage: "splice",
        id: videoId,
        version,
        start: "start_splicing",
        fail: "fail_splicing",
        timeoutMs,
        work: (video) => analyzeAndInsert(video)
      })
      if (spliced._tag === "None") return Option.none<number>()
      // The video's lease ended with its `spliced` transition; each clip's sheet takes its own.
      const { analysis, clips } = spliced.value
      const catalog = yield* Catalog
      const todo = clips.filter((c) => c.state === "spliced")
      // Sheets are rendered in batches (one ffmpeg run each instead of one per clip). Each clip still
      // claims and stores its own; a clip whose plan changed meanwhile, or a batch that failed,
      // renders on its own, so a failure lands on the clip it belongs to.
      const plans = yield* catalog.getVideo(videoId).pipe(
        Effect.flatMap((video) => Effect.forEach(todo, (clip) => Sprite.planFor(clip, video))),
        Effect.option,
        Effect.map(Option.getOrUndefined)
      )
      const batches = plans === undefined ? todo.map((_, i) => [i]) : SpritePlan.batches(todo.map((_, i) => i), (i) => SpritePlan.pixels(plans[i]!))
      for (const batch of batches) {
        const rendered = plans === undefined ? Option.none() : yield* Effect.option(analysis.sheets(batch.map((i) => plans[i]!)))
        for (const [k, i] of batch.entries()) {
          const clip = todo[i]!
          yield* Sprite.runWith(clip.id, clip.version, (_, __, plan) => {
            const ready = Option.flatMap(rendered, (images) => Option.fromNullable(images[k]))
            return Option.isSome(ready) && Equal.equals(Data.struct(ready.value.plan), Data.struct(plan)) ? Effect.succeed(ready.value) : analysis.sheet(plan)
          })
        }
      }
      return Option.some(clips.length)
    })
  )

/** The decode pass, then the clips and the video's `spliced` state in one transaction. */
const analyzeAndInsert = (video: SourceVideo) =>
  Effect.gen(function* () {
    const config = yield* Pipeline
    const catalog = yield* Catalog
    const path = yield* masterPath(video)
    const analysis = yield* Effect.flatMap(Media, (media) =>
      media.analyze(
        path,
        {
          detection: { detector: config.detector, ...(config.spliceThreshold === undefined ? {} : { threshold: config.spliceThreshold }) },
          sprite: { maxFps: config.spriteMaxFps, tileWidth: config.spriteTileWidth }
        },
        Progress.reporter("analyze", "video", video.id)
      )
    )
    const { info } = analysis
    const ranges = Cuts.plan(analysis.candidates, { fps: info.fps, frameCount: info.frameCount }, config.minClipSeconds)
    const [clips] = yield* catalog.withTransaction(
      Effect.all([
        catalog.insertClips(
          ranges.map((range) => ({
            sourceVideoId: video.id,
            identifier: Keys.spliceIdentifier(video.id, range.sceneIndex),
            startFrame: range.startFrame,
            endFrame: range.endFrame,
            startTime: range.startTime,
            endTime: range.endTime,
            processingMetadata: {
              duration_seconds: Math.round((range.endTime - range.startTime) * 1000) / 1000,
              scene_index: range.sceneIndex,
              fps: info.fps,
              resolution: `${info.width}x${info.height}`,
              detection_threshold: analysis.threshold,
              detection_method: analysis.detector
            }
          }))
        ),
        Effect.flatMap(now, (at) => completeVideo(video, "complete_splicing", { splicedAt: at }))
      ])
    )
    // Rows left `spliced` by an interrupted earlier run are finished by the caller too.
    return { analysis, clips }
  })
