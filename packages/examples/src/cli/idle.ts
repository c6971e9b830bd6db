/**
 * `heaters work --until-idle`: run the pipeline until nothing is runnable AND no review grace
 * period is still open. Approved/archived clips are picked up, and merges/splits committed, only
 * once `commitDelay` has passed since the reviewer acted (so undo works until then); this loop
 * waits those out instead of returning while work is still due.
 *
 * @since 0.1.0
 */
import { Catalog, Heaters, PipelineConfig } from "@heaters/core"
import { Stages } from "@heaters/core/pipeline"
import { Clock, Duration, Effect, Option } from "effect"

/** Review events that wait for the grace period before they commit. */
const deferredActions = ["selected_merge_source", "selected_split"] as const

/** States a stage takes only after the grace period (approved, archived). */
const settlingStates = Stages.clipStages.filter((stage) => stage.settles).flatMap((stage) => stage.ready)

/**
 * When the earliest open grace period ends (epoch ms), if any is open.
 *
 * @since 0.1.0
 */
export const nextGraceEnd = Effect.gen(function* () {
  const catalog = yield* Catalog.Catalog
  const config = yield* PipelineConfig.Pipeline
  const now = yield* Clock.currentTimeMillis
  const clips = yield* catalog.listClips({ states: settlingStates })
  // Events not yet processed or cancelled, whatever their age.
  const events = yield* catalog.dueEvents({ actions: [...deferredActions], createdBefore: new Date(now + 86_400_000), limit: 10_000 })
  const starts = [...clips.map((c) => c.reviewedAt?.getTime() ?? 0), ...events.map((e) => e.createdAt.getTime())]
  return starts.length === 0 ? Option.none<number>() : Option.some(Math.min(...starts) + Duration.toMillis(config.commitDelay))
})

/** What `untilIdle` did. @since 0.1.0 */
export interface IdleResult {
  readonly jobs: number
  /** Grace periods still open when it gave up (0 when it finished normally). */
  readonly stuck: number
}

/**
 * Drains, waits for the next grace period to end, drains again, … until neither work nor grace
 * periods remain. A row that stays due after a drain that ran nothing (nothing can move it) ends
 * the loop instead of spinning.
 *
 * @since 0.1.0
 */
export const untilIdle = <E, R>(drain: Effect.Effect<number, E, R>) =>
  Effect.gen(function* () {
    let jobs = 0
    for (;;) {
      const ran = yield* drain
      jobs += ran
      const next = yield* nextGraceEnd
      if (Option.isNone(next)) return { jobs, stuck: 0 } satisfies IdleResult
      const wait = next.value - (yield* Clock.currentTimeMillis)
      if (wait <= 0 && ran === 0) {
        const catalog = yield* Catalog.Catalog
        return { jobs, stuck: (yield* catalog.listClips({ states: settlingStates })).length } satisfies IdleResult
      }
      // A little past the deadline: the dispatcher compares with "older than the delay".
      yield* Effect.sleep(`${Math.max(wait, 0) + 50} millis`)
    }
  })

/** `untilIdle` over the facade's `drain`. @since 0.1.0 */
export const drainUntilIdle = Effect.flatMap(Heaters.Heaters, (heaters) => untilIdle(heaters.drain))
