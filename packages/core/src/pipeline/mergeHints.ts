/**
 * Merge hints for the review page (see `docs/search.md`): how similar a clip waiting for review
 * is to the clips just before and after it in its video, and — at or above the config's
 * `mergeHintThreshold` — a hint that the detector probably cut one shot in two.
 *
 * The similarity is the cosine of the two clips' embeddings (same model and strategy, the
 * configured ones preferred). Clips are usually embedded only after approval, so a fresh clip
 * often has no vector yet; the hint is then absent (`similarity: null`) rather than guessed.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import type * as Clip from "../domain/Clip.js"
import * as Embedding from "../domain/Embedding.js"
import { Pipeline } from "../PipelineConfig.js"
import { Catalog } from "../services/Catalog.js"

/** What the review page shows about one temporal neighbour. @since 0.1.0 */
export interface Neighbour {
  readonly clipId: Clip.Clip["id"]
  /** Cosine similarity (−1…1) of the two clips' embeddings, or null when either has none. */
  readonly similarity: number | null
  /** Which vectors were compared, e.g. `openai/clip-vit-base-patch32 keyframe_multi_avg`. */
  readonly basis: string | null
  /** Set when `similarity ≥ mergeHintThreshold`. */
  readonly hint: "likely the same shot — merge?" | null
}

/** @since 0.1.0 */
export interface Neighbours {
  readonly previous: Neighbour | null
  readonly next: Neighbour | null
}

/** States whose range is superseded or given up: not a neighbour on the timeline. */
const gone: ReadonlyArray<Clip.State> = ["merged", "split", "archived"]

/** The cosine similarity of two clips over the first (model, strategy) both have, preferring `preferred`. */
const similarityOf = (a: ReadonlyArray<Embedding.Embedding>, b: ReadonlyArray<Embedding.Embedding>, preferred: string) => {
  const key = (e: Embedding.Embedding) => `${e.modelName} ${e.generationStrategy}`
  const pairs = a.flatMap((x) => b.filter((y) => key(y) === key(x) && y.dim === x.dim).map((y) => [x, y] as const))
  const [x, y] = pairs.find(([x]) => key(x) === preferred) ?? pairs[0] ?? []
  return x && y ? { similarity: 1 - Embedding.cosineDistance(x.vector, y.vector), basis: key(x) } : null
}

/**
 * The previous and next live clips of `clip`'s video with their similarity to it; both null for
 * clips not waiting for review.
 *
 * @since 0.1.0
 */
export const neighbours = (clip: Clip.Clip) =>
  Effect.gen(function* () {
    if (clip.state !== "pending_review") return { previous: null, next: null } satisfies Neighbours
    const catalog = yield* Catalog
    const config = yield* Pipeline
    const siblings = (yield* catalog.listClips({ sourceVideoId: clip.sourceVideoId }))
      .filter((c) => c.id !== clip.id && !gone.includes(c.state))
    const previous = siblings.filter((c) => c.endFrame <= clip.startFrame).sort((a, b) => b.startFrame - a.startFrame)[0]
    const next = siblings.filter((c) => c.startFrame >= clip.endFrame).sort((a, b) => a.startFrame - b.startFrame)[0]
    const own = yield* catalog.listEmbeddings(clip.id)
    const preferred = `${config.embeddingModel} ${config.generationStrategy}`
    const describe = (other: Clip.Clip | undefined) =>
      other === undefined
        ? Effect.succeed(null)
        : Effect.map(catalog.listEmbeddings(other.id), (theirs): Neighbour => {
          const found = own.length === 0 ? null : similarityOf(own, theirs, preferred)
          return {
            clipId: other.id,
            similarity: found?.similarity ?? null,
            basis: found?.basis ?? null,
            hint: found !== null && found.similarity >= config.mergeHintThreshold ? "likely the same shot — merge?" : null
          }
        })
    return { previous: yield* describe(previous), next: yield* describe(next) } satisfies Neighbours
  })
