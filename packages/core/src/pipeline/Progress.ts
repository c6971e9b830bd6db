/**
 * Pipeline progress as a stream of events a host can subscribe to (the CLI prints them, the demo
 * server could push them). Optional: without the `Progress` service, reporting is a no-op.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, PubSub, Stream } from "effect"

/**
 * One progress report of a pipeline stage about one video or clip: started, progress (with
 * `fraction`), done, failed or skipped, with an optional human-readable `message`.
 *
 * @since 0.1.0
 */
export interface ProgressEvent {
  readonly stage: string
  readonly entity: "video" | "clip"
  readonly id: number
  readonly status: "started" | "progress" | "done" | "failed" | "skipped"
  /** 0…1 while `progress`. */
  readonly fraction?: number
  readonly message?: string
}

/**
 * The progress hub: a PubSub the stages publish `ProgressEvent`s to and UIs subscribe to.
 *
 * @since 0.1.0
 * @category tags
 */
export class Progress extends Context.Tag("@heaters/core/Progress")<Progress, PubSub.PubSub<ProgressEvent>>() {}

/** A bounded hub: slow subscribers lose old progress events rather than slowing the pipeline. @since 0.1.0 */
export const layer = Layer.effect(Progress, PubSub.sliding<ProgressEvent>(1024))

/** Publishes one progress event; a no-op when no `Progress` hub is provided. @since 0.1.0 */
export const report = (event: ProgressEvent): Effect.Effect<void> =>
  Effect.flatMap(Effect.serviceOption(Progress), (hub) =>
    hub._tag === "Some" ? Effect.asVoid(PubSub.publish(hub.value, event)) : Effect.void
  )

/** Every event published from now on (empty when progress is not provided). @since 0.1.0 */
export const events: Stream.Stream<ProgressEvent> = Stream.unwrapScoped(
  Effect.map(Effect.serviceOption(Progress), (hub) => (hub._tag === "Some" ? Stream.fromPubSub(hub.value) : Stream.empty))
)

/** A `(fraction) => Effect` callback for one stage's long operation. @since 0.1.0 */
export const reporter =
  (stage: string, entity: ProgressEvent["entity"], id: number) =>
  (fraction: number): Effect.Effect<void> =>
    report({ stage, entity, id, status: "progress", fraction })
