/**
 * `heaters search --similar CLIP_ID [--limit N] [--video ID] [--json]`: the clips most similar to
 * a clip (cosine similarity of their embeddings, model and strategy from the pipeline settings).
 * JSON: `[{"clipId","videoId","similarity"}]`, most similar first, similarity = 1 − cosine distance.
 *
 * `--text "…"` and `--duplicates` are part of the command line already; this build's facade has
 * no text search or duplicate finder, so they fail with `NotAvailable` (exit 1) rather than
 * pretend.
 *
 * @since 0.1.0
 */
import { Command, Options } from "@effect/cli"
import { Heaters, PipelineConfig } from "@heaters/core"
import { Effect, Option } from "effect"
import { dataDir, store } from "../../runtime.js"
import { NotAvailable, UsageError } from "../errors.js"
import { clipIdOption, data, json, positiveInt, video } from "../options.js"
import { print, printJson, table } from "../output.js"

const similarity = (distance: number) => Math.round((1 - distance) * 10_000) / 10_000

/** The `heaters search` command. @since 0.1.0 */
export const search = Command.make(
  "search",
  {
    similar: clipIdOption("similar").pipe(Options.withDescription("clips that look like this clip"), Options.optional),
    text: Options.text("text").pipe(Options.withPseudoName("QUERY"), Options.withDescription("clips matching a description (not available yet)"), Options.optional),
    duplicates: Options.boolean("duplicates").pipe(Options.withDescription("near-duplicate clips (not available yet)")),
    limit: positiveInt("limit").pipe(Options.withDescription("how many results"), Options.withDefault(10)),
    video,
    data,
    json
  },
  (args) =>
    Effect.gen(function* () {
      const modes = [Option.isSome(args.similar), Option.isSome(args.text), args.duplicates].filter(Boolean).length
      if (modes !== 1) return yield* new UsageError({ command: "search", message: "give exactly one of --similar CLIP_ID, --text QUERY, --duplicates" })
      if (Option.isSome(args.text)) return yield* new NotAvailable({ feature: "search --text", message: "text search is not available in this build" })
      if (args.duplicates) return yield* new NotAvailable({ feature: "search --duplicates", message: "duplicate search is not available in this build" })
      const clipId = Option.getOrThrow(args.similar)
      const heaters = yield* Heaters.Heaters
      const config = yield* PipelineConfig.Pipeline
      const matches = yield* heaters.search.similar({
        clipId,
        order: "nearest",
        page: 1,
        pageSize: args.limit,
        modelName: config.embeddingModel,
        generationStrategy: config.generationStrategy,
        ...(args.video === undefined ? {} : { sourceVideoId: args.video })
      })
      const rows = matches.map((m) => ({ clipId: m.clipId, videoId: m.sourceVideoId, similarity: similarity(m.distance) }))
      if (args.json) return yield* printJson(rows)
      if (rows.length === 0) return yield* print(`no embedded clips to compare with clip ${clipId}`)
      yield* print(...table([["CLIP", "VIDEO", "SIMILARITY"], ...rows.map((r) => [String(r.clipId), String(r.videoId), r.similarity.toFixed(4)])]))
    }).pipe(Effect.provide(store(dataDir(args.data))))
).pipe(Command.withDescription("find clips similar to a clip (--text and --duplicates: not available yet)"))
