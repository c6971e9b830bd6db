/**
 * `heaters export CLIP_ID --out FILE [--data DIR]`: render the clip's own MP4 (stored under its
 * export key, so a second export reuses the work) and copy it to FILE.
 *
 * @since 0.1.0
 */
import { copyFile, mkdir } from "node:fs/promises"
import { dirname } from "node:path"
import { Command, Options } from "@effect/cli"
import { BlobStore, Heaters, Errors } from "@heaters/core"
import { Effect } from "effect"
import { dataDir, store } from "../../runtime.js"
import { CommandFailed } from "../errors.js"
import { clipId, data, json } from "../options.js"
import { print, printJson } from "../output.js"

/** The `heaters export` command. @since 0.1.0 */
export const exportClip = Command.make(
  "export",
  { clipId, out: Options.file("out").pipe(Options.withPseudoName("FILE"), Options.withDescription("where to write the MP4")), data, json },
  (args) =>
    Effect.gen(function* () {
      const heaters = yield* Heaters.Heaters
      const blobs = yield* BlobStore.BlobStore
      const key = yield* heaters.exportClip(args.clipId)
      yield* Effect.scoped(
        Effect.flatMap(blobs.localPath(key), (local) =>
          Effect.tryPromise({
            try: async () => {
              await mkdir(dirname(args.out), { recursive: true })
              await copyFile(local, args.out)
            },
            catch: (e) => new CommandFailed({ command: "export", message: `cannot write ${args.out}: ${Errors.describe(e)}` })
          })
        )
      )
      if (args.json) yield* printJson({ clipId: args.clipId, key, out: args.out })
      else yield* print(args.out)
    }).pipe(Effect.provide(store(dataDir(args.data))))
).pipe(Command.withDescription("export a clip as its own MP4 file"))
