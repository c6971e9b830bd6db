/**
 * `heaters doctor`: which ffmpeg/ffprobe (and yt-dlp) the adapters will use, and their versions —
 * the first thing to check when media operations fail.
 *
 * @since 0.1.0
 */
import { execFile } from "node:child_process"
import { promisify } from "node:util"
import { Binaries } from "@heaters/adapters/ffmpeg"
import { Effect } from "effect"
import type { Command } from "../main.js"
import { parse } from "./args.js"

const version = (bin: string, flag: string) =>
  Effect.promise(() =>
    promisify(execFile)(bin, [flag], { timeout: 10_000 })
      .then(({ stdout }) => stdout.split("\n")[0]?.trim() ?? "")
      .catch((e: Error) => `(failed: ${e.message.split("\n")[0]})`)
  )

/** @since 0.1.0 */
export const doctor: Command = {
  name: "doctor",
  summary: "show the ffmpeg / ffprobe / yt-dlp in use and their versions",
  usage: "heaters doctor",
  run: (args) =>
    Effect.gen(function*() {
      yield* parse(args, {})
      const bins = yield* Binaries.resolve()
      const lines = [
        `ffmpeg   ${bins.ffmpeg}\n         ${yield* version(bins.ffmpeg, "-version")}`,
        `ffprobe  ${bins.ffprobe}\n         ${yield* version(bins.ffprobe, "-version")}`
      ]
      const ytdlp = Binaries.which("yt-dlp")
      lines.push(ytdlp === undefined ? "yt-dlp   not found (only needed for URLs)" : `yt-dlp   ${ytdlp}\n         ${yield* version(ytdlp, "--version")}`)
      process.stdout.write(`${lines.join("\n")}\n`)
    })
}
