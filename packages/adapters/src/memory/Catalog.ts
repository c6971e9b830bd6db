/**
 * The Catalog port in memory — the reference semantics the SQL adapters are checked against by
 * the conformance suite.
 *
 * @since 0.1.0
 */
import { Artifact, Catalog, Clip, Embedding, Errors, Ids, ReviewEvent, SourceVideo } from "@heaters/core"
import { Clock, Effect, Layer, Option } from "effect"
import { Tables } from "./Tables.js"

const now = Effect.map(Clock.currentTimeMillis, (ms) => new Date(ms))

const matches = <S extends string>(
  row: { state: S; retryCount: number; updatedAt: Date; id: number; leaseOwner: string | null; leaseExpiresAt: Date | null },
  q: Catalog.Query<S>
): boolean =>
  (q.states === undefined || q.states.includes(row.state)) &&
  (q.leased === undefined || (row.leaseOwner !== null) === q.leased) &&
  (q.leaseExpiredBy === undefined ||
    (row.leaseOwner !== null && row.leaseExpiresAt !== null && row.leaseExpiresAt.getTime() <= q.leaseExpiredBy.getTime())) &&
  (q.retriesBelow === undefined || row.retryCount < q.retriesBelow) &&
  (q.updatedBefore === undefined || row.updatedAt.getTime() <= q.updatedBefore.getTime()) &&
  (q.afterId === undefined || row.id > q.afterId)

const clipMatches = (clip: Clip.Clip, q: Catalog.ClipQuery): boolean =>
  matches(clip, q) &&
  (q.sourceVideoId === undefined || clip.sourceVideoId === q.sourceVideoId) &&
  (q.reviewed === undefined || (clip.reviewedAt !== null) === q.reviewed) &&
  (q.reviewedBefore === undefined || (clip.reviewedAt !== null && clip.reviewedAt.getTime() <= q.reviewedBefore.getTime())) &&
  (q.excludeIds === undefined || !q.excludeIds.includes(clip.id))

const ordered = <A extends { id: number }>(rows: Iterable<A>, limit?: number): Array<A> => {
  const sorted = Array.from(rows).sort((a, b) => a.id - b.id)
  return limit === undefined ? sorted : sorted.slice(0, limit)
}

const guardHolds = <S extends string>(
  row: { state: S; version: number; reviewedAt?: Date | null },
  guard: Catalog.Guard<S>
): boolean =>
  guard.states.includes(row.state) &&
  (guard.version === undefined || row.version === guard.version) &&
  (guard.reviewed === undefined || (row.reviewedAt != null) === guard.reviewed)

/** Builds the in-memory Catalog over the shared `Tables`. @since 0.1.0 */
export const make = Effect.gen(function* () {
  const { locked, nextId, rows, transaction } = yield* Tables

  // Tables are looked up at call time: a rolled-back transaction swaps in the snapshot's maps.
  const getFrom = <A>(table: () => Map<number, A>, entity: string) => (id: number) =>
    Effect.suspend(() => {
      const row = table().get(id)
      return row ? Effect.succeed(row) : Effect.fail(new Errors.NotFound({ entity, id }))
    })
  const getVideo = getFrom(() => rows.videos, "source video")
  const getClip = getFrom(() => rows.clips, "clip")

  /** A guarded update: `None` unless the row holds the guard; bumps version and stamps the time. */
  const updateIn = <S extends string, A extends { state: S; version: number; reviewedAt?: Date | null }, P>(
    table: () => Map<number, A>,
    rebuild: (fields: A & P & { version: number; updatedAt: Date }) => A
  ) => (id: number, guard: Catalog.Guard<S>, patch: P) =>
    locked(Effect.map(now, (at) => {
      const row = table().get(id)
      if (!row || !guardHolds(row, guard)) return Option.none()
      const next = rebuild({ ...row, ...patch, version: row.version + 1, updatedAt: at })
      table().set(id, next)
      return Option.some(next)
    }))

  return Catalog.Catalog.of({
    insertVideo: (video) =>
      locked(Effect.map(now, (at) => {
        const row = new SourceVideo.SourceVideo({
          id: Ids.unsafe.video(nextId()),
          ...video,
          masterKey: null,
          durationSeconds: null,
          fps: null,
          width: null,
          height: null,
          publishedDate: null,
          state: "new",
          lastError: null,
          retryCount: 0,
          version: 1,
          downloadedAt: null,
          splicedAt: null,
          insertedAt: at,
          updatedAt: at
        })
        rows.videos.set(row.id, row)
        return row
      })),
    getVideo,
    findVideoBySource: (sourceUri) =>
      Effect.sync(() => Option.fromNullable(Array.from(rows.videos.values()).find((v) => v.sourceUri === sourceUri))),
    listVideos: (q) => Effect.sync(() => ordered(Array.from(rows.videos.values()).filter((v) => matches(v, q)), q.limit)),
    updateVideo: updateIn<SourceVideo.State, SourceVideo.SourceVideo, SourceVideo.Patch>(() => rows.videos, (f) => new SourceVideo.SourceVideo(f)),

    insertClips: (clips) =>
      locked(Effect.map(now, (at) =>
        clips.map((clip) => {
          const existing = Array.from(rows.clips.values()).find((c) => c.identifier === clip.identifier)
          if (existing) return existing
          const row = new Clip.Clip({
            id: Ids.unsafe.clip(nextId()),
            ...clip,
            state: "spliced",
            lastError: null,
            retryCount: 0,
            version: 1,
            reviewedAt: null,
            keyframedAt: null,
            embeddedAt: null,
            groupedWithClipId: null,
            exportKey: null,
            actionCommittedAt: null,
            insertedAt: at,
            updatedAt: at
          })
          rows.clips.set(row.id, row)
          return row
        })
      )),
    getClip,
    listClips: (q) => Effect.sync(() => ordered(Array.from(rows.clips.values()).filter((c) => clipMatches(c, q)), q.limit)),
    countClips: (q) => Effect.sync(() => Array.from(rows.clips.values()).filter((c) => clipMatches(c, q)).length),
    updateClip: updateIn<Clip.State, Clip.Clip, Clip.Patch>(() => rows.clips, (f) => new Clip.Clip(f)),

    upsertArtifact: (artifact) =>
      locked(Effect.sync(() => {
        const existing = Array.from(rows.artifacts.values()).find(
          (a) => a.clipId === artifact.clipId && a.type === artifact.type && a.strategy === artifact.strategy && a.tag === artifact.tag
        )
        const row = new Artifact.Artifact({ ...artifact, id: existing?.id ?? Ids.unsafe.artifact(nextId()) })
        rows.artifacts.set(row.id, row)
        return row
      })),
    listArtifacts: (clipId) => Effect.sync(() => ordered(Array.from(rows.artifacts.values()).filter((a) => a.clipId === clipId))),
    deleteArtifacts: (clipId) =>
      locked(Effect.sync(() => {
        for (const a of rows.artifacts.values()) if (a.clipId === clipId) rows.artifacts.delete(a.id)
      })),

    upsertEmbedding: (embedding) =>
      locked(Effect.map(now, (at) => {
        const existing = Array.from(rows.embeddings.values()).find(
          (e) => e.clipId === embedding.clipId && e.modelName === embedding.modelName && e.generationStrategy === embedding.generationStrategy
        )
        const row = new Embedding.Embedding({ ...embedding, id: existing?.id ?? Ids.unsafe.embedding(nextId()), generatedAt: at })
        rows.embeddings.set(row.id, row)
        return row
      })),
    listEmbeddings: (clipId) => Effect.sync(() => ordered(Array.from(rows.embeddings.values()).filter((e) => e.clipId === clipId))),
    deleteEmbeddings: (clipId) =>
      locked(Effect.sync(() => {
        for (const e of rows.embeddings.values()) if (e.clipId === clipId) rows.embeddings.delete(e.id)
      })),

    appendEvents: (events) =>
      locked(Effect.map(now, (at) =>
        events.map((event) => {
          const row = ReviewEvent.fromRow({
            id: nextId(),
            clipId: event.clipId,
            action: event._tag,
            reviewerId: event.reviewerId,
            data: ReviewEvent.dataOf(event),
            createdAt: at,
            processedAt: null,
            cancelledAt: null
          })
          rows.events.set(row.id, row)
          return row
        })
      )),
    listEvents: (clipId) => Effect.sync(() => ordered(Array.from(rows.events.values()).filter((e) => e.clipId === clipId))),
    dueEvents: (q) =>
      Effect.sync(() =>
        Array.from(rows.events.values())
          .filter((e) => q.actions.includes(e._tag) && e.processedAt === null && e.cancelledAt === null && e.createdAt.getTime() <= q.createdBefore.getTime())
          .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id)
          .slice(0, q.limit)
      ),
    markEvents: (ids, mark) =>
      locked(Effect.sync(() => {
        let changed = 0
        for (const id of ids) {
          const row = rows.events.get(id)
          if (!row || row.processedAt !== null || row.cancelledAt !== null) continue
          rows.events.set(id, ReviewEvent.fromRow({ ...rowOf(row), ...mark }))
          changed++
        }
        return changed
      })),

    renewLease: (entity, id, renewal) =>
      locked(Effect.sync(() => {
        // No version bump and no `updatedAt`: a renewal is not a state change.
        if (entity === "video") {
          const row = rows.videos.get(id)
          if (!row || row.leaseOwner !== renewal.owner || row.version !== renewal.version) return false
          rows.videos.set(id, new SourceVideo.SourceVideo({ ...row, leaseExpiresAt: renewal.expiresAt }))
          return true
        }
        const row = rows.clips.get(id)
        if (!row || row.leaseOwner !== renewal.owner || row.version !== renewal.version) return false
        rows.clips.set(id, new Clip.Clip({ ...row, leaseExpiresAt: renewal.expiresAt }))
        return true
      })),

    withTransaction: transaction
  })
})

const rowOf = (event: ReviewEvent.ReviewEvent): ReviewEvent.Row => ({
  id: event.id,
  clipId: event.clipId,
  action: event._tag,
  reviewerId: event.reviewerId,
  data: ReviewEvent.dataOf(event),
  createdAt: event.createdAt,
  processedAt: event.processedAt,
  cancelledAt: event.cancelledAt
})

/** The in-memory Catalog as a layer (needs `Tables`). @since 0.1.0 */
export const layer = Layer.effect(Catalog.Catalog, make)
