/**
 * `heaters doctor [--data DIR]`: which ffmpeg/ffprobe (and yt-dlp) the adapters will use — found by
 * the adapters' own lookup, so it is the binary ingest runs — their versions, who encodes the sprite
 * sheets, and where the catalog and blobs live: the first thing to check when something fails.
 *
 * @since 0.1.0
 */
import { execFile } from "node:child_process"
import { promisify } from "node:util"
import { Command } from "@effect/cli"
import { Binaries, describeSheetEncoder } from "@heaters/adapters/ffmpeg"
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

const sourceNote = (found: Binaries.Located) =>
  found.source === "environment" ? "from HEATERS_*" : found.source === "option" ? "from an option" : `from ${found.source}`

/** One binary as ingest will find it (the adapters' own lookup), its version, or why it is missing. */
const report = (name: Binaries.BinaryName, flag: string, missing: string) =>
  Effect.matchEffect(Binaries.locate(name), {
    onFailure: (error) => Effect.succeed(`${name.padEnd(8)} ${missing}: ${error.hint}`),
    onSuccess: (found) =>
      Effect.map(version(found.path, flag), (v) => `${name.padEnd(8)} ${found.path} (${sourceNote(found)})\n         ${v}`)
  })

/** The `heaters doctor` command. @since 0.1.0 */
export const doctor = Command.make("doctor", { data }, (args) =>
  Effect.gen(function* () {
    const lines = [
      yield* report("ffmpeg", "-version", "not found"),
      yield* report("ffprobe", "-version", "not found"),
      yield* report("yt-dlp", "--version", "not found (only needed for URLs)")
    ]
    lines.push(`sheets   ${yield* describeSheetEncoder}`)
    lines.push(`store    ${describeStore(dataDir(args.data), yield* storeSettings)}`)
    yield* print(...lines)
  })
).pipe(Command.withDescription("show the ffmpeg / ffprobe / yt-dlp in use, their versions, the sheet encoder and the store"))
