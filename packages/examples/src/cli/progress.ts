/**
 * Pipeline progress on stderr (stdout stays for results). On a terminal: one bar per stage, redrawn
 * in place; otherwise (pipes, CI logs, tests) one plain line per event, e.g.
 * `[splice] video 1 done` — a percentage only when it moves by a tenth.
 *
 * @since 0.1.0
 */
import { Heaters, type Progress } from "@heaters/core"
import { Effect, Fiber, Stream } from "effect"

/** Where progress events go. @since 0.1.0 */
export interface ProgressSink {
  readonly event: (e: Progress.ProgressEvent) => void
  readonly close: () => void
}

/** The plain line of one event. @since 0.1.0 */
export const line = (e: Progress.ProgressEvent): string =>
  `[${e.stage}] ${e.entity} ${e.id} ${e.status}${e.fraction === undefined ? "" : ` ${Math.round(e.fraction * 100)}%`}${e.message ? `: ${e.message}` : ""}`

/** One line per event; repeated progress only when it changes by a tenth. @since 0.1.0 */
export const plain = (write: (text: string) => void): ProgressSink => {
  let last = ""
  return {
    event: (e) => {
      const text = line(e)
      const key = e.status === "progress" ? `${e.stage}${e.id}${Math.floor((e.fraction ?? 0) * 10)}` : text
      if (key !== last) write(`${text}\n`)
      last = key
    },
    close: () => {}
  }
}

interface StageState {
  readonly entity: Progress.ProgressEvent["entity"]
  readonly running: Map<number, number>
  finished: number
  failed: number
}

const barWidth = 24

const render = (stage: string, s: StageState): string => {
  const total = s.running.size + s.finished
  let sum = s.finished
  // Sub-steps (normalize, analyze) only report progress, never "done": full counts as finished.
  let done = s.finished
  for (const f of s.running.values()) {
    sum += f
    if (f >= 1) done++
  }
  const fraction = total === 0 ? 0 : sum / total
  const filled = Math.round(fraction * barWidth)
  const count = `${done}/${total} ${s.entity}${total === 1 ? "" : "s"}`
  const failed = s.failed > 0 ? `, ${s.failed} failed` : ""
  return `${stage.padEnd(9)} ${"█".repeat(filled)}${"░".repeat(barWidth - filled)} ${String(Math.round(fraction * 100)).padStart(3)}%  ${count}${failed}`
}

/**
 * One bar per stage, redrawn in place (at most every 100 ms). Failures are printed above the bars
 * as they happen, so they stay on screen.
 *
 * @since 0.1.0
 */
export const bars = (write: (text: string) => void): ProgressSink => {
  const stages = new Map<string, StageState>()
  let drawn = 0
  let lastDraw = 0
  const draw = (force: boolean) => {
    const now = Date.now()
    if (!force && now - lastDraw < 100) return
    lastDraw = now
    const up = drawn > 0 ? `\x1b[${drawn}A` : ""
    const lines = [...stages].map(([name, s]) => `\r${render(name, s)}\x1b[K`)
    write(`${up}${lines.join("\n")}\n`)
    drawn = lines.length
  }
  return {
    event: (e) => {
      let s = stages.get(e.stage)
      if (s === undefined) {
        s = { entity: e.entity, running: new Map(), finished: 0, failed: 0 }
        stages.set(e.stage, s)
      }
      switch (e.status) {
        case "started":
        case "progress":
          s.running.set(e.id, e.fraction ?? 0)
          break
        case "done":
        case "skipped":
        case "failed":
          s.running.delete(e.id)
          s.finished++
          if (e.status === "failed") {
            s.failed++
            // Above the bars: move up, print, and let the next draw start below it.
            write(`${drawn > 0 ? `\x1b[${drawn}A\r\x1b[J` : ""}${line(e)}\n`)
            drawn = 0
          }
          break
      }
      draw(e.status !== "progress")
    },
    close: () => {
      if (stages.size > 0) draw(true)
    }
  }
}

/** Bars when stderr is a terminal, plain lines otherwise. @since 0.1.0 */
export const forStderr = (): ProgressSink => {
  const write = (text: string) => void process.stderr.write(text)
  return process.stderr.isTTY === true && process.env["TERM"] !== "dumb" ? bars(write) : plain(write)
}

/**
 * Runs `self` while printing the pipeline's progress events.
 *
 * @since 0.1.0
 */
export const withProgress = <A, E, R>(self: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const heaters = yield* Heaters.Heaters
    const sink = forStderr()
    const printer = yield* Effect.fork(Stream.runForEach(heaters.events, (e) => Effect.sync(() => sink.event(e))))
    yield* Effect.yieldNow()
    return yield* self.pipe(
      // Let the last events of the run reach the printer before it stops.
      Effect.ensuring(Effect.sleep("20 millis").pipe(Effect.zipRight(Fiber.interrupt(printer)), Effect.zipRight(Effect.sync(sink.close))))
    )
  })

/**
 * Runs everything runnable now (the facade's `drain`) with progress; returns the number of jobs run.
 *
 * @since 0.1.0
 */
export const drainWithProgress = Effect.flatMap(Heaters.Heaters, (heaters) => withProgress(heaters.drain))
