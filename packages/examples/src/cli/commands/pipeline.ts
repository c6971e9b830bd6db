/**
 * `heaters ingest`, `heaters status` and `heaters serve` on the embedded default (SQLite + local
 * disk + ffmpeg in a data directory).
 *
 * @since 0.1.0
 */
import { Heaters, Progress } from "@heaters/core"
import { Effect, Fiber, Layer, Stream } from "effect"
import * as Server from "../../server/app.js"
import { cliFetcher, dataDir, embedded } from "../../runtime.js"
import type { Command } from "../main.js"
import { file, number, parse } from "./args.js"

const line = (e: Progress.ProgressEvent): string =>
  `[${e.stage}] ${e.entity} ${e.id} ${e.status}${e.fraction === undefined ? "" : ` ${Math.round(e.fraction * 100)}%`}${e.message ? `: ${e.message}` : ""}`

/**
 * Runs the pipeline until idle, printing progress on stderr (stdout stays for results).
 *
 * @since 0.1.0
 */
export const drainWithProgress = Effect.gen(function* () {
  const heaters = yield* Heaters.Heaters
  let last = ""
  const printer = yield* Effect.fork(
    Stream.runForEach(heaters.events, (e) =>
      Effect.sync(() => {
        const text = line(e)
        // Progress repeats often: print a percentage only when it changes by a tenth.
        const key = e.status === "progress" ? `${e.stage}${e.id}${Math.floor((e.fraction ?? 0) * 10)}` : text
        if (key !== last) process.stderr.write(`${text}\n`)
        last = key
      })
    )
  )
  yield* Effect.yieldNow()
  const jobs = yield* heaters.drain
  yield* Effect.sleep("20 millis")
  yield* Fiber.interrupt(printer)
  return jobs
})

/** @since 0.1.0 */
export const ingest: Command = {
  name: "ingest",
  summary: "ingest a video file or http(s) URL until its clips are ready for review",
  usage: "heaters ingest FILE|URL [--data DIR] [--min-clip-seconds S] [--json]",
  run: (args) =>
    Effect.gen(function* () {
      const { values, positionals } = yield* parse(args, { data: { type: "string" }, "min-clip-seconds": { type: "string" }, json: { type: "boolean" } })
      const source = yield* file(positionals)
      const minClipSeconds = yield* number("min-clip-seconds", values["min-clip-seconds"])
      const program = Effect.gen(function* () {
        const heaters = yield* Heaters.Heaters
        const submitted = yield* heaters.submit(source)
        yield* drainWithProgress
        const video = yield* heaters.video(submitted.id)
        const clips = yield* heaters.clips(submitted.id)
        if (values.json === true) process.stdout.write(`${JSON.stringify({ video, clips })}\n`)
        else process.stdout.write(`video ${video.id} "${video.title}": ${video.state}, ${clips.length} clips${video.lastError ? ` — ${video.lastError}` : ""}\n`)
        if (video.state !== "spliced") return yield* Effect.fail(new Error(`ingest ended in ${video.state}: ${video.lastError ?? ""}`))
      })
      return yield* program.pipe(Effect.provide(embedded(dataDir(values.data), minClipSeconds === undefined ? {} : { minClipSeconds }, cliFetcher)))
    })
}

/** @since 0.1.0 */
export const status: Command = {
  name: "status",
  summary: "count videos and clips by state, and queued jobs",
  usage: "heaters status [--data DIR]",
  run: (args) =>
    Effect.gen(function* () {
      const { values } = yield* parse(args, { data: { type: "string" } })
      const report = yield* Effect.flatMap(Heaters.Heaters, (h) => h.status).pipe(Effect.provide(embedded(dataDir(values.data))))
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
    })
}

/** Serves the review and search pages with the workers running, until interrupted. @since 0.1.0 */
export const serveForever = (dir: string, port: number, host: string) =>
  Layer.launch(
    Layer.scopedDiscard(Effect.flatMap(Heaters.Heaters, (h) => h.runWorkers)).pipe(
      Layer.merge(Server.layer({ port, host })),
      Layer.provide(embedded(dir, { dispatchIntervalMs: 2_000 }))
    )
  )

/** @since 0.1.0 */
export const serve: Command = {
  name: "serve",
  summary: "run the workers and the review/search server",
  usage: "heaters serve [--data DIR] [--port 3000] [--host 127.0.0.1]",
  run: (args) =>
    Effect.gen(function* () {
      const { values } = yield* parse(args, { data: { type: "string" }, port: { type: "string" }, host: { type: "string" } })
      const port = (yield* number("port", values.port)) ?? 3000
      return yield* serveForever(dataDir(values.data), port, values.host ?? "127.0.0.1")
    })
}
