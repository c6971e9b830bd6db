/**
 * `heaters sprite FILE --start S --end E --out DIR [--tile-width PX]`: renders one range's sprite
 * sheet by seeking, and writes next to it the WebVTT thumbnails manifest and the player metadata
 * (DOMAIN.md §2.6) — the files a host would upload.
 *
 * @since 0.1.0
 */
import { mkdir, writeFile } from "node:fs/promises"
import { basename, extname, join } from "node:path"
import { FfmpegMedia } from "@heaters/adapters/ffmpeg"
import { Media } from "@heaters/core"
import { SpritePlan } from "@heaters/core/pipeline"
import { Effect } from "effect"
import type { Command } from "../main.js"
import { UsageError, file, number, parse } from "./args.js"

/** @since 0.1.0 */
export const sprite: Command = {
  name: "sprite",
  summary: "render a sprite sheet + WebVTT manifest + metadata for a time range",
  usage: "heaters sprite FILE --start S --end E --out DIR [--tile-width PX]",
  run: (args) =>
    Effect.gen(function*() {
      const { values, positionals } = yield* parse(args, {
        start: { type: "string" },
        end: { type: "string" },
        out: { type: "string" },
        "tile-width": { type: "string" }
      })
      const path = yield* file(positionals)
      const start = yield* number("start", values.start)
      const end = yield* number("end", values.end)
      const tileWidth = yield* number("tile-width", values["tile-width"])
      if (start === undefined || end === undefined || values.out === undefined) return yield* Effect.fail(new UsageError("--start, --end and --out are required"))
      const media = yield* Media.Media
      const info = yield* media.probe(path)
      const settings = { ...SpritePlan.defaults, ...(tileWidth === undefined ? {} : { tileWidth }) }
      const plan = SpritePlan.plan({ start, end, videoFps: info.fps, videoWidth: info.width, videoHeight: info.height }, settings)
      const sheet = yield* media.renderSprite(path, plan)
      const stem = `${basename(path, extname(path))}_${start}-${end}_sprite`
      const names = { jpg: `${stem}.jpg`, vtt: `${stem}.vtt`, json: `${stem}.json` }
      const meta = SpritePlan.meta(sheet.plan, { size: sheet.bytes.length, filename: names.jpg, vttKey: names.vtt })
      yield* Effect.promise(async () => {
        await mkdir(values.out!, { recursive: true })
        await writeFile(join(values.out!, names.jpg), sheet.bytes)
        await writeFile(join(values.out!, names.vtt), SpritePlan.webVtt(sheet.plan, names.jpg))
        await writeFile(join(values.out!, names.json), `${JSON.stringify(meta, null, 2)}\n`)
      })
      process.stdout.write(`${join(values.out, names.jpg)} (${sheet.width}x${sheet.height}, ${plan.frames} tiles at ${plan.fps.toFixed(3)} fps)\n`)
      process.stdout.write(`${join(values.out, names.vtt)}\n${join(values.out, names.json)}\n`)
    }).pipe(Effect.provide(FfmpegMedia.layer()))
}
