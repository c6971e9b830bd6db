/**
 * `heaters sprite FILE --start S --end E --out DIR [--tile-width PX]`: renders one range's sprite
 * sheet by seeking, and writes next to it the WebVTT thumbnails manifest and the player metadata
 * (docs/cli.md) — the files a host would upload. Works on a file only: no store is opened.
 *
 * @since 0.1.0
 */
import { mkdir, writeFile } from "node:fs/promises"
import { basename, extname, join } from "node:path"
import { Args, Command, Options } from "@effect/cli"
import { FfmpegMedia } from "@heaters/adapters/ffmpeg"
import { Media, Errors } from "@heaters/core"
import { SpritePlan } from "@heaters/core/pipeline"
import { Effect, Option } from "effect"
import { CommandFailed, UsageError } from "../errors.js"
import { file, number, positiveInt } from "../options.js"
import { print } from "../output.js"

/** The `heaters sprite` command. @since 0.1.0 */
export const sprite = Command.make(
  "sprite",
  {
    path: file().pipe(Args.withDescription("a video file")),
    start: number("start", "S").pipe(Options.withDescription("range start in seconds")),
    end: number("end", "E").pipe(Options.withDescription("range end in seconds")),
    out: Options.text("out").pipe(Options.withPseudoName("DIR"), Options.withDescription("directory for the three files")),
    tileWidth: positiveInt("tile-width", "PX").pipe(Options.withDescription("tile width in pixels (default 480)"), Options.optional)
  },
  (args) =>
    Effect.gen(function* () {
      if (args.end <= args.start) return yield* new UsageError({ command: "sprite", message: `--end (${args.end}) must be after --start (${args.start})` })
      const media = yield* Media.Media
      const info = yield* media.probe(args.path)
      const settings = { ...SpritePlan.defaults, ...Option.match(args.tileWidth, { onNone: () => ({}), onSome: (tileWidth) => ({ tileWidth }) }) }
      const plan = SpritePlan.plan({ start: args.start, end: args.end, videoFps: info.fps, videoWidth: info.width, videoHeight: info.height }, settings)
      const sheet = yield* media.renderSprite(args.path, plan)
      const stem = `${basename(args.path, extname(args.path))}_${args.start}-${args.end}_sprite`
      const names = { jpg: `${stem}.jpg`, vtt: `${stem}.vtt`, json: `${stem}.json` }
      const meta = SpritePlan.meta(sheet.plan, { size: sheet.bytes.length, filename: names.jpg, vttKey: names.vtt })
      yield* Effect.tryPromise({
        try: async () => {
          await mkdir(args.out, { recursive: true })
          await writeFile(join(args.out, names.jpg), sheet.bytes)
          await writeFile(join(args.out, names.vtt), SpritePlan.webVtt(sheet.plan, names.jpg))
          await writeFile(join(args.out, names.json), `${JSON.stringify(meta, null, 2)}\n`)
        },
        catch: (e) => new CommandFailed({ command: "sprite", message: `cannot write to ${args.out}: ${Errors.describe(e)}` })
      })
      yield* print(
        `${join(args.out, names.jpg)} (${sheet.width}x${sheet.height}, ${plan.frames} tiles at ${plan.fps.toFixed(3)} fps)`,
        join(args.out, names.vtt),
        join(args.out, names.json)
      )
    }).pipe(Effect.provide(FfmpegMedia.layer()))
).pipe(Command.withDescription("render a sprite sheet + WebVTT manifest + metadata for a time range"))
