/**
 * The invariants checked after a chaos run (docs/RELIABILITY.md, "Crash and resume"): every video
 * spliced or failed with its reason; no duplicate or overlapping live clips; every clip waiting for
 * review has exactly one sprite whose object exists; no object that no row points at; every review
 * action the reviewer saw succeed is in the event log once, none twice, and every committed merge or
 * split was applied exactly once.
 */
import * as fs from "node:fs"
import { BlobStore, Catalog, type Clip, SourceVideo } from "@heaters/core"
import { Effect } from "effect"

interface JournalLine {
  readonly kind: "intent" | "done" | "refused" | "started" | "self-kill"
  readonly clipId?: number
  readonly action?: string
}

const tagOf: Record<string, string> = {
  approve: "selected_approve",
  skip: "selected_skip",
  archive: "selected_archive",
  merge: "selected_merge_source",
  split: "selected_split",
  undo: "selected_undo"
}

/** Superseded clips may overlap live ones (their range lives on in the merge/split outputs). */
const superseded: ReadonlyArray<Clip.State> = ["merged", "split", "archived"]

/** Review actions per (clip, event tag): seen done, and interrupted (intent without outcome). */
const readJournal = (file: string) => {
  const lines = fs.existsSync(file)
    ? fs.readFileSync(file, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as JournalLine)
    : []
  const done = new Map<string, number>()
  const interrupted = new Map<string, number>()
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1)
  let open: string | null = null
  let actions = 0
  for (const line of lines) {
    const key = line.clipId === undefined ? null : `${line.clipId} ${tagOf[line.action ?? ""]}`
    if (line.kind === "intent") {
      if (open !== null) bump(interrupted, open)
      open = key
    } else if (line.kind === "done" || line.kind === "refused") {
      if (line.kind === "done" && key !== null) {
        bump(done, key)
        actions++
      }
      open = null
    } else if (line.kind === "started" && open !== null) {
      bump(interrupted, open)
      open = null
    }
  }
  if (open !== null) bump(interrupted, open)
  return { done, interrupted, actions }
}

/** @since 0.1.0 */
export const checkRun = (options: { readonly reviewerJournal: string; readonly maxRetries: number }) =>
  Effect.gen(function* () {
    const catalog = yield* Catalog.Catalog
    const blobs = yield* BlobStore.BlobStore
    const violations: Array<string> = []
    const videos = yield* catalog.listVideos({})
    const videoStates: Record<string, number> = {}
    for (const v of videos) {
      videoStates[v.state] = (videoStates[v.state] ?? 0) + 1
      if (v.state === "spliced") continue
      if (!SourceVideo.failed.includes(v.state)) violations.push(`video ${v.id} ended ${v.state}`)
      else if (v.lastError === null) violations.push(`video ${v.id} is ${v.state} without last_error`)
    }

    const clips = yield* catalog.listClips({})
    const identifiers = new Set<string>()
    for (const c of clips) {
      if (identifiers.has(c.identifier)) violations.push(`duplicate clip identifier ${c.identifier}`)
      identifiers.add(c.identifier)
      if (c.state.endsWith("_failed") && c.retryCount < options.maxRetries) violations.push(`clip ${c.id} ${c.state} with retries left`)
      if (c.leaseOwner !== null) violations.push(`clip ${c.id} (${c.state}) still holds a lease`)
    }
    for (const v of videos) {
      const live = clips.filter((c) => c.sourceVideoId === v.id && !superseded.includes(c.state)).sort((a, b) => a.startFrame - b.startFrame)
      live.slice(1).forEach((c, i) => {
        if (c.startFrame < live[i]!.endFrame) violations.push(`clips ${live[i]!.id} and ${c.id} of video ${v.id} overlap`)
      })
    }

    const referenced = new Set<string>(videos.flatMap((v) => (v.masterKey ? [v.masterKey] : [])))
    for (const c of clips) {
      const artifacts = yield* catalog.listArtifacts(c.id)
      for (const a of artifacts) {
        referenced.add(a.key)
        if (typeof a.metadata["vtt_key"] === "string") referenced.add(a.metadata["vtt_key"])
      }
      if (c.exportKey !== null) referenced.add(c.exportKey)
      if (c.state !== "pending_review") continue
      const sprites = artifacts.filter((a) => a.type === "sprite_sheet")
      if (sprites.length !== 1) violations.push(`pending_review clip ${c.id} has ${sprites.length} sprite artifacts`)
      for (const s of sprites) {
        if ((yield* blobs.size(s.key))._tag === "None") violations.push(`sprite object ${s.key} of clip ${c.id} is missing`)
      }
    }
    const stored = yield* blobs.list("")
    for (const key of stored) if (!referenced.has(key)) violations.push(`orphaned object ${key}`)
    for (const key of referenced) if (!stored.includes(key)) violations.push(`referenced object ${key} is missing`)

    // Review events: each action seen done is in the log once; an interrupted one at most once.
    const journal = readJournal(options.reviewerJournal)
    const events = (yield* Effect.forEach(clips, (c) => catalog.listEvents(c.id))).flat()
    const logged = new Map<string, number>()
    for (const e of events) logged.set(`${e.clipId} ${e._tag}`, (logged.get(`${e.clipId} ${e._tag}`) ?? 0) + 1)
    const keys = new Set([...journal.done.keys(), ...journal.interrupted.keys(), ...[...logged.keys()].filter((k) => !k.endsWith("target") && !k.endsWith("undo"))])
    for (const key of keys) {
      if (key.endsWith("selected_undo")) continue
      const seen = journal.done.get(key) ?? 0
      const cut = journal.interrupted.get(key) ?? 0
      const n = logged.get(key) ?? 0
      if (n < seen) violations.push(`review events lost for ${key}: ${seen} done, ${n} logged`)
      if (n > seen + cut) violations.push(`review events applied twice for ${key}: ${seen} done (+${cut} interrupted), ${n} logged`)
    }
    const undos = events.filter((e) => e._tag === "selected_undo").length
    const undoDone = [...journal.done.entries()].filter(([k]) => k.endsWith("selected_undo")).reduce((a, [, n]) => a + n, 0)
    const undoCut = [...journal.interrupted.entries()].filter(([k]) => k.endsWith("selected_undo")).reduce((a, [, n]) => a + n, 0)
    if (undos < undoDone) violations.push(`undo events lost: ${undoDone} done, ${undos} logged`)
    if (undos > 2 * (undoDone + undoCut)) violations.push(`too many undo events: ${undos} for ${undoDone} (+${undoCut}) undos`)

    // Committed merges and splits applied exactly once.
    for (const e of events) {
      if (e.processedAt === null) continue
      if (e._tag === "selected_split") {
        // Split outputs (a later merge copies its first clip's metadata, so merge outputs are excluded).
        const parts = clips.filter((c) =>
          c.processingMetadata["original_clip_id"] === e.clipId && c.processingMetadata["created_from_split"] === true && !("merged_from_clips" in c.processingMetadata))
        const parent = clips.find((c) => c.id === e.clipId)
        if (parent?.state === "split" && parts.length !== 2) violations.push(`split of clip ${e.clipId} produced ${parts.length} clips`)
      }
      if (e._tag === "selected_merge_source") {
        const merged = clips.filter((c) => Array.isArray(c.processingMetadata["merged_from_clips"]) && (c.processingMetadata["merged_from_clips"] as Array<number>).includes(e.clipId))
        const source = clips.find((c) => c.id === e.clipId)
        if (source?.state === "merged" && merged.length !== 1) violations.push(`merge of clip ${e.clipId} produced ${merged.length} clips`)
      }
    }
    return { violations, videoStates, clips: clips.length, reviewActions: journal.actions }
  })
