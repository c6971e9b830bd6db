/**
 * Review items as the pages get them: the facade's item plus `previousClipId` and `groupClipId`, the
 * clips a plain merge and a plain group would pair it with (null when there is none the server
 * would accept), so the page can disable Merge and Group instead of offering an action that must fail.
 *
 * @since 0.1.0
 */
import { Catalog, Clip, Heaters, type Ids } from "@heaters/core"
import { Effect } from "effect"

/**
 * The live clip just before `clip` in its video, if a merge could take it, and if a group could
 * (a group also needs the partner to have had a verdict). @since 0.1.0
 */
export const partners = (clip: Clip.Clip) =>
  Effect.gen(function* () {
    const catalog = yield* Catalog.Catalog
    const siblings = yield* catalog.listClips({ sourceVideoId: clip.sourceVideoId, states: Clip.reviewResults })
    const previous = siblings.filter((c) => c.startFrame < clip.startFrame).sort((a, b) => b.startFrame - a.startFrame)[0]
    const waiting = previous !== undefined && previous.state === "pending_review" && previous.reviewedAt !== null
    if (previous === undefined || waiting || previous.groupedWithClipId !== null) return { previousClipId: null, groupClipId: null }
    return { previousClipId: previous.id, groupClipId: previous.inQueue ? null : previous.id }
  })

/** One clip as the review page shows it. @since 0.1.0 */
export const reviewItem = (clipId: Ids.ClipId) =>
  Effect.gen(function* () {
    const heaters = yield* Heaters.Heaters
    const item = yield* heaters.review.item(clipId)
    return { ...item, ...(yield* partners(item.clip)) }
  })
