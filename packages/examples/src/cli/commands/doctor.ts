/**
 * `heaters doctor [--data DIR]`: which ffmpeg/ffprobe (and yt-dlp) the adapters will use, their
 * versions, and where the catalog and blobs live — the first thing to check when something fails.
 *
 * @since 0.1.0
 */
import { execFile } from "node:child_process"
import { promisify } from "node:util"
import { Command } from "@effect/cli"
import { Binaries } from "@heaters/adapters/ffmpeg"
import { Effect } from "effect"
import { dataDir, describeStore, storeSettings } from "../../runtime.js"
import { data } from "../options.js"
import { print } from "../output.js"

const version = (bin: string, flag: string) =>
  Effect.promise(() =>
    promisify(execFile)(bin, [flag], { timeout: 10_000 })
      .then(({ stdout }) => stdout.split("\n")[0]?.trim() ?? "")
      .catch((e: Error) => `(failed: ${e.message.split("\n")[0]})`)
  )

/** The `heaters doctor` command. @since 0.1.0 */
export const doctor = Command.make("doctor", { data }, (args) =>
  Effect.gen(function* () {
    const bins = yield* Binaries.resolve()
    const lines = [
      `ffmpeg   ${bins.ffmpeg}\n         ${yield* version(bins.ffmpeg, "-version")}`,
      `ffprobe  ${bins.ffprobe}\n         ${yield* version(bins.ffprobe, "-version")}`
    ]
    const ytdlp = Binaries.which("yt-dlp")
    lines.push(ytdlp === undefined ? "yt-dlp   not found (only needed for URLs)" : `yt-dlp   ${ytdlp}\n         ${yield* version(ytdlp, "--version")}`)
    lines.push(`store    ${describeStore(dataDir(args.data), yield* storeSettings)}`)
    yield* print(...lines)
  })
).pipe(Command.withDescription("show the ffmpeg / ffprobe / yt-dlp in use, their versions, and the store"))
