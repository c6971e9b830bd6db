/**
 * An in-process index of one vector group (model, strategy, dimension): one bit per dimension —
 * the sign of the vector minus the group's mean — for every stored vector, 64 bytes for 512
 * dimensions. A query is scored against every code *asymmetrically* (the query stays float: its
 * dot product with each code's ±1 signs, through a 256-entry table per code byte), and the best
 * few hundred are then re-scored exactly by the caller. See `docs/search.md` for why and the
 * measured recall. Deletions swap the last slot into the hole, so slots stay dense.
 *
 * @since 0.1.0
 */

/** What the index keeps per vector besides its code. @since 0.1.0 */
export interface Entry {
  readonly embeddingId: number
  readonly clipId: number
  readonly sourceVideoId: number
  /** The clip is `embedded` (only those are searched). */
  readonly live: boolean
}

/** Which slots a scan may return. @since 0.1.0 */
export interface ScanFilter {
  readonly sourceVideoId?: number
  readonly excludeClipId?: number
  readonly excludeVideoId?: number
}

/** @since 0.1.0 */
export class VectorIndex {
  readonly bytes: number
  size = 0
  /** Live slots matching no filter, kept current for the "scan everything" decision. */
  liveCount = 0
  /** Vectors seen when `mean` was taken; the index asks to be rebuilt once it doubles. */
  readonly builtFrom: number
  codes: Uint8Array
  embeddingIds: Float64Array
  clipIds: Float64Array
  videoIds: Float64Array
  live: Uint8Array
  /** Clip id → slot. */
  readonly slotOf = new Map<number, number>()
  private scores: Float32Array

  constructor(readonly dim: number, readonly mean: Float32Array, builtFrom: number, capacity = 1024) {
    // Whole 32-bit words per code: the scan reads one word and looks up its four bytes.
    this.bytes = Math.ceil(dim / 32) * 4
    this.builtFrom = builtFrom
    this.codes = new Uint8Array(capacity * this.bytes)
    this.embeddingIds = new Float64Array(capacity)
    this.clipIds = new Float64Array(capacity)
    this.videoIds = new Float64Array(capacity)
    this.live = new Uint8Array(capacity)
    this.scores = new Float32Array(capacity)
  }

  /** True once the index holds twice the vectors its mean came from (time to rebuild). */
  get stale(): boolean {
    return this.size >= 1000 && this.size >= 2 * this.builtFrom
  }

  private grow() {
    const capacity = this.embeddingIds.length * 2
    const copy = <T extends Float64Array | Uint8Array | Float32Array>(a: T, n: number): T => {
      const b = new (a.constructor as new(n: number) => T)(n)
      b.set(a)
      return b
    }
    this.codes = copy(this.codes, capacity * this.bytes)
    this.embeddingIds = copy(this.embeddingIds, capacity)
    this.clipIds = copy(this.clipIds, capacity)
    this.videoIds = copy(this.videoIds, capacity)
    this.live = copy(this.live, capacity)
    this.scores = new Float32Array(capacity)
  }

  /** Inserts or replaces the clip's vector (a group holds at most one per clip). */
  upsert(entry: Entry, vector: ArrayLike<number>): void {
    let slot = this.slotOf.get(entry.clipId)
    if (slot === undefined) {
      if (this.size === this.embeddingIds.length) this.grow()
      slot = this.size++
      this.slotOf.set(entry.clipId, slot)
    } else if (this.live[slot]) this.liveCount--
    this.embeddingIds[slot] = entry.embeddingId
    this.clipIds[slot] = entry.clipId
    this.videoIds[slot] = entry.sourceVideoId
    this.live[slot] = entry.live ? 1 : 0
    if (entry.live) this.liveCount++
    const base = slot * this.bytes
    for (let b = 0; b < this.bytes; b++) {
      let code = 0
      for (let j = 0; j < 8; j++) {
        const d = b * 8 + j
        if (d < this.dim && vector[d]! > this.mean[d]!) code |= 1 << j
      }
      this.codes[base + b] = code
    }
  }

  /** Removes the clip's vector, if held. */
  remove(clipId: number): void {
    const slot = this.slotOf.get(clipId)
    if (slot === undefined) return
    if (this.live[slot]) this.liveCount--
    const last = --this.size
    this.slotOf.delete(clipId)
    if (slot !== last) {
      this.codes.copyWithin(slot * this.bytes, last * this.bytes, (last + 1) * this.bytes)
      this.embeddingIds[slot] = this.embeddingIds[last]!
      this.clipIds[slot] = this.clipIds[last]!
      this.videoIds[slot] = this.videoIds[last]!
      this.live[slot] = this.live[last]!
      this.slotOf.set(this.clipIds[slot]!, slot)
    }
  }

  private accepts(slot: number, filter: ScanFilter): boolean {
    return (
      this.live[slot] === 1 &&
      (filter.sourceVideoId === undefined || this.videoIds[slot] === filter.sourceVideoId) &&
      this.clipIds[slot] !== filter.excludeClipId &&
      this.videoIds[slot] !== filter.excludeVideoId
    )
  }

  /** Embedding ids of every slot the filter accepts. */
  all(filter: ScanFilter): Array<number> {
    const out: Array<number> = []
    for (let s = 0; s < this.size; s++) if (this.accepts(s, filter)) out.push(this.embeddingIds[s]!)
    return out
  }

  /**
   * The embedding ids of (at least, ties included) the `count` accepted slots whose codes score
   * highest against `query` — the short list to re-score exactly. No sort: the scores go into a
   * 4096-bucket histogram and everything above the bucket holding the `count`-th best is taken.
   */
  candidates(query: ArrayLike<number>, count: number, filter: ScanFilter): Array<number> {
    const { bytes, codes, size } = this
    // table[b*256 + x] = Σ_j ±query[8b + j], + where bit j of byte x is set.
    const table = new Float32Array(bytes * 256)
    for (let b = 0; b < bytes; b++) {
      const base = b * 256
      let none = 0
      for (let j = 0; j < 8; j++) none -= b * 8 + j < this.dim ? query[b * 8 + j]! : 0
      table[base] = none
      // Entry x = entry (x without its lowest set bit) with that bit's dimension flipped to +.
      for (let x = 1; x < 256; x++) {
        const low = x & -x
        const d = b * 8 + 31 - Math.clz32(low)
        table[base + x] = table[base + (x ^ low)]! + (d < this.dim ? 2 * query[d]! : 0)
      }
    }
    const scores = this.scores
    const words = new Uint32Array(codes.buffer, codes.byteOffset, size * (bytes >> 2))
    const perCode = bytes >> 2
    for (let s = 0, o = 0; s < size; s++, o += perCode) {
      let score = 0
      for (let w = 0; w < perCode; w++) {
        const c = words[o + w]!
        const base = w << 10
        score += table[base | (c & 255)]! + table[base | 256 | ((c >>> 8) & 255)]! + table[base | 512 | ((c >>> 16) & 255)]! +
          table[base | 768 | (c >>> 24)]!
      }
      scores[s] = score
    }
    // The filter as plain numbers (NaN never equals anything), so this loop stays monomorphic.
    const onlyVideo = filter.sourceVideoId ?? NaN
    const notClip = filter.excludeClipId ?? NaN
    const notVideo = filter.excludeVideoId ?? NaN
    const anyVideo = filter.sourceVideoId === undefined
    const { live, clipIds, videoIds } = this
    let lo = Infinity
    let hi = -Infinity
    let accepted = 0
    for (let s = 0; s < size; s++) {
      const video = videoIds[s]!
      if (live[s] !== 1 || clipIds[s] === notClip || video === notVideo || (!anyVideo && video !== onlyVideo)) {
        scores[s] = -Infinity
        continue
      }
      const score = scores[s]!
      if (score < lo) lo = score
      if (score > hi) hi = score
      accepted++
    }
    if (accepted === 0) return []
    // A selective filter leaves few rows: re-score them all rather than trust the codes.
    if (accepted <= 4 * count) return this.all(filter)
    const buckets = 4096
    const scale = (buckets - 1) / (hi - lo || 1)
    const histogram = new Uint32Array(buckets)
    for (let s = 0; s < size; s++) if (scores[s]! !== -Infinity) histogram[((scores[s]! - lo) * scale) | 0]!++
    let bucket = buckets - 1
    let taken = histogram[bucket]!
    while (taken < count && bucket > 0) taken += histogram[--bucket]!
    const out: Array<number> = []
    for (let s = 0; s < size; s++) {
      if (scores[s]! !== -Infinity && (((scores[s]! - lo) * scale) | 0) >= bucket) out.push(this.embeddingIds[s]!)
    }
    return out
  }

  /**
   * Pairs of slots (as embedding ids) whose codes agree exactly on at least one 16-bit band — the
   * candidates for near-duplicates (locality-sensitive hashing: two vectors a few degrees apart
   * differ in few sign bits, so they almost surely share a band). Pairs of the same video or
   * failing the filter are skipped; `perBucket` caps degenerate bands.
   */
  bandPairs(filter: ScanFilter, onPair: (a: number, b: number) => void, perBucket = 512): void {
    const bands = Math.ceil(this.bytes / 2)
    const seen = new Set<number>()
    const slots: Array<number> = []
    for (let s = 0; s < this.size; s++) if (this.accepts(s, filter)) slots.push(s)
    const byValue = new Map<number, Array<number>>()
    for (let band = 0; band < bands; band++) {
      byValue.clear()
      for (const s of slots) {
        const o = s * this.bytes + band * 2
        const v = this.codes[o]! | (band * 2 + 1 < this.bytes ? this.codes[o + 1]! << 8 : 0)
        const list = byValue.get(v)
        if (list === undefined) byValue.set(v, [s])
        else list.push(s)
      }
      for (const list of byValue.values()) {
        if (list.length < 2 || list.length > perBucket) continue
        for (let i = 0; i < list.length; i++) {
          for (let j = i + 1; j < list.length; j++) {
            const a = list[i]!
            const b = list[j]!
            if (this.videoIds[a] === this.videoIds[b]) continue
            const ea = this.embeddingIds[a]!
            const eb = this.embeddingIds[b]!
            const key = ea < eb ? ea * 4294967296 + eb : eb * 4294967296 + ea
            if (seen.has(key)) continue
            seen.add(key)
            onPair(ea, eb)
          }
        }
      }
    }
  }
}

/** The per-dimension mean of some vectors (zeros when there are none). @since 0.1.0 */
export const meanOf = (dim: number, vectors: Iterable<ArrayLike<number>>): Float32Array => {
  const sum = new Float64Array(dim)
  let n = 0
  for (const v of vectors) {
    for (let d = 0; d < dim; d++) sum[d]! += v[d]!
    n++
  }
  return Float32Array.from(sum, (x) => (n === 0 ? 0 : x / n))
}
