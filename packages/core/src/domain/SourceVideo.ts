/**
 * A submitted source video and its ingest state machine (docs/state-machines.md#source-video).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { SourceVideoId } from "./Ids.js"
import * as StateMachine from "./StateMachine.js"

/** Every source-video state: download, then splicing into clips, each with its failed states. @since 0.1.0 */
export const states = [
  "new",
  "downloading",
  "downloaded",
  "splicing",
  "spliced",
  "ingestion_failed",
  "download_failed",
  "splicing_failed"
] as const

/** Schema of a source video's state: one of `states`. @since 0.1.0 */
export const State = Schema.Literal(...states)
/** A source video's ingest state (see `machine` for the transitions). @since 0.1.0 */
export type State = typeof State.Type

/** The events that move a source video through download and splicing. @since 0.1.0 */
export type Event =
  | "start_downloading"
  | "complete_downloading"
  | "fail_downloading"
  | "start_splicing"
  | "complete_splicing"
  | "fail_splicing"

/**
 * The ingest table. In-progress states appear among their own sources so the dispatcher can resume
 * a row whose worker died (docs/state-machines.md#source-video); the row version keeps such a resume exclusive.
 *
 * @since 0.1.0
 */
export const machine = StateMachine.make<State, Event>("source video", states, [
  { from: ["new", "ingestion_failed", "download_failed", "downloading"], event: "start_downloading", to: "downloading" },
  { from: ["downloading"], event: "complete_downloading", to: "downloaded" },
  { from: ["downloading"], event: "fail_downloading", to: "ingestion_failed" },
  { from: ["downloaded", "splicing_failed", "splicing"], event: "start_splicing", to: "splicing" },
  { from: ["splicing"], event: "complete_splicing", to: "spliced" },
  { from: ["splicing"], event: "fail_splicing", to: "splicing_failed" }
])

/**
 * One row of `source_videos`. `sourceUri` keeps what was submitted (URL or local path) so a
 * re-run can always find its input (docs/pipeline.md#intake); `masterKey` is the normalised master.
 *
 * @since 0.1.0
 */
export class SourceVideo extends Schema.Class<SourceVideo>("SourceVideo")({
  id: SourceVideoId,
  title: Schema.String,
  sourceUri: Schema.String,
  webScraped: Schema.Boolean,
  masterKey: Schema.NullOr(Schema.String),
  durationSeconds: Schema.NullOr(Schema.Number),
  fps: Schema.NullOr(Schema.Number),
  width: Schema.NullOr(Schema.Int),
  height: Schema.NullOr(Schema.Int),
  publishedDate: Schema.NullOr(Schema.String),
  state: State,
  lastError: Schema.NullOr(Schema.String),
  retryCount: Schema.Int,
  version: Schema.Int,
  downloadedAt: Schema.NullOr(Schema.DateFromSelf),
  splicedAt: Schema.NullOr(Schema.DateFromSelf),
  /** The worker holding the row while it is in progress (see docs/RELIABILITY.md, leases). */
  leaseOwner: Schema.optionalWith(Schema.NullOr(Schema.String), { default: () => null }),
  /** When that worker's lease runs out unless renewed; after it, the row may be resumed. */
  leaseExpiresAt: Schema.optionalWith(Schema.NullOr(Schema.DateFromSelf), { default: () => null }),
  insertedAt: Schema.DateFromSelf,
  updatedAt: Schema.DateFromSelf
}) {}

/** The fields a stage may change together with the state. @since 0.1.0 */
export type Patch = Partial<
  Pick<
    SourceVideo,
    | "title"
    | "masterKey"
    | "durationSeconds"
    | "fps"
    | "width"
    | "height"
    | "publishedDate"
    | "state"
    | "lastError"
    | "retryCount"
    | "downloadedAt"
    | "splicedAt"
    | "leaseOwner"
    | "leaseExpiresAt"
  >
>

/** What intake inserts. @since 0.1.0 */
export interface New {
  readonly title: string
  readonly sourceUri: string
  readonly webScraped: boolean
}

/** States a worker may still act on (not terminal). @since 0.1.0 */
export const inProgress: ReadonlyArray<State> = ["downloading", "splicing"]
/** States of a source video whose download or splicing failed (a re-run may retry them). @since 0.1.0 */
export const failed: ReadonlyArray<State> = ["ingestion_failed", "download_failed", "splicing_failed"]
