// Which encoder the installed ffmpeg adapter gives a pass's sprite sheet: `node sheet-encoder.mjs
// VIDEO` prints "libjpeg-turbo" or "ffmpeg" (ffmpeg signs its JPEGs with a "Lavc…" comment).
import { FfmpegMedia } from "@heaters/adapters/ffmpeg"
import { SpritePlan } from "@heaters/core/pipeline"
import { Effect } from "effect"

const video = process.argv[2]
const program = Effect.gen(function* () {
  const media = yield* FfmpegMedia.make()
  const analysis = yield* media.analyze(video, { detection: { detector: "default" }, sprite: { maxFps: 24, tileWidth: 160 } })
  const { width, height, fps } = analysis.info
  const plan = SpritePlan.plan({ start: 0, end: 2, videoFps: fps, videoWidth: width, videoHeight: height }, { ...SpritePlan.defaults, tileWidth: 160 })
  const sheet = yield* analysis.sheet(plan)
  return Buffer.from(sheet.bytes).includes("Lavc") ? "ffmpeg" : "libjpeg-turbo"
})

Effect.runPromise(Effect.scoped(program)).then(console.log, (error) => {
  console.error(error)
  process.exitCode = 1
})
