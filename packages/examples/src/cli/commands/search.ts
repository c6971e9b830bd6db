/**
 * `heaters search --similar CLIP_ID | --text "…" | --duplicates [--limit N] [--video ID] [--json]`:
 * clips similar to a clip, clips matching a description (needs a CLIP model with a text encoder,
 * `HEATERS_CLIP_MODEL_DIR`), or near-duplicate clips across videos. Model and strategy come from the
 * pipeline settings. JSON: `[{"clipId","videoId","similarity"}]`, most similar first (similarity =
 * 1 − cosine distance); duplicates add `"duplicateClipId","duplicateVideoId"` to each pair.
 *
 * @since 0.1.0
 */
import { Command, Options } from "@effect/cli"
import { Heaters } from "@heaters/core"
import { Effect, Option } from "effect"
import { dataDir, store } from "../../runtime.js"
import { UsageError } from "../errors.js"
import { clipIdOption, data, json, positiveInt, video } from "../options.js"
import { print, printJson, table } from "../output.js"

const rounded = (similarity: number) => Math.round(similarity * 10_000) / 10_000

/** The `heaters search` command. @since 0.1.0 */
export const search = Command.make(
  "search",
  {
    similar: clipIdOption("similar").pipe(Options.withDescription("clips that look like this clip"), Options.optional),
    text: Options.text("text").pipe(Options.withPseudoName("QUERY"), Options.withDescription("clips matching a description (a CLIP model with a text encoder)"), Options.optional),
    duplicates: Options.boolean("duplicates").pipe(Options.withDescription("near-duplicate clips across videos")),
    limit: positiveInt("limit").pipe(Options.withDescription("how many results"), Options.withDefault(10)),
    video,
    data,
    json
  },
  (args) =>
    Effect.gen(function* () {
      const modes = [Option.isSome(args.similar), Option.isSome(args.text), args.duplicates].filter(Boolean).length
      if (modes !== 1) return yield* new UsageError({ command: "search", message: "give exactly one of --similar CLIP_ID, --text QUERY, --duplicates" })
      const heaters = yield* Heaters.Heaters
      const scope = { pageSize: args.limit, ...(args.video === undefined ? {} : { sourceVideoId: args.video }) }
      if (args.duplicates) {
        const pairs = yield* heaters.search.duplicates({ limit: args.limit, ...(args.video === undefined ? {} : { sourceVideoId: args.video }) })
        const rows = pairs.map((p) => ({
          clipId: p.clip.clipId,
          videoId: p.clip.sourceVideoId,
          duplicateClipId: p.duplicate.clipId,
          duplicateVideoId: p.duplicate.sourceVideoId,
          similarity: rounded(p.similarity)
        }))
        if (args.json) return yield* printJson(rows)
        if (rows.length === 0) return yield* print("no near-duplicate clips")
        return yield* print(...table([["CLIP", "VIDEO", "DUPLICATE", "VIDEO", "SIMILARITY"], ...rows.map((r) => [r.clipId, r.videoId, r.duplicateClipId, r.duplicateVideoId, r.similarity.toFixed(4)].map(String))]))
      }
      const matches = Option.isSome(args.text)
        ? yield* heaters.search.text(args.text.value, scope)
        : yield* heaters.search.similar(Option.getOrThrow(args.similar), scope)
      const rows = matches.map((m) => ({ clipId: m.clipId, videoId: m.sourceVideoId, similarity: rounded(m.similarity) }))
      if (args.json) return yield* printJson(rows)
      if (rows.length === 0) return yield* print("no embedded clips to compare with")
      yield* print(...table([["CLIP", "VIDEO", "SIMILARITY"], ...rows.map((r) => [String(r.clipId), String(r.videoId), r.similarity.toFixed(4)])]))
    }).pipe(Effect.provide(store(dataDir(args.data))))
).pipe(Command.withDescription("find clips similar to a clip, matching a text, or duplicated across videos"))
