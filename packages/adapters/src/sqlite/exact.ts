/**
 * Exact scoring for the short list: cosine distance over typed arrays, and a bounded heap that
 * keeps the best `k` rows in `Search.compare` order without sorting everything it was shown.
 *
 * @since 0.1.0
 */
import { Search } from "@heaters/core"

/** Cosine distance of two vectors of equal length (1 when either is zero). @since 0.1.0 */
export const cosineDistance = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let dot = 0
  let na = 0
  let nb = 0
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!
    const y = b[i]!
    dot += x * y
    na += x * x
    nb += y * y
  }
  return na === 0 || nb === 0 ? 1 : 1 - dot / Math.sqrt(na * nb)
}

/**
 * The best `k` items by `Search.compare(order)`: a max-heap on "worse", so the root is the worst
 * kept item and a better newcomer replaces it in O(log k).
 *
 * @since 0.1.0
 */
export class TopK<A extends { readonly clipId: number; readonly distance: number }> {
  private readonly heap: Array<A> = []
  private readonly cmp: (a: A, b: A) => number

  constructor(readonly k: number, order: "nearest" | "farthest") {
    this.cmp = Search.compare(order)
  }

  push(item: A): void {
    const { heap, cmp } = this
    if (this.k <= 0) return
    if (heap.length < this.k) {
      heap.push(item)
      let i = heap.length - 1
      while (i > 0) {
        const parent = (i - 1) >> 1
        if (cmp(heap[i]!, heap[parent]!) <= 0) break
        ;[heap[i], heap[parent]] = [heap[parent]!, heap[i]!]
        i = parent
      }
      return
    }
    if (cmp(item, heap[0]!) >= 0) return
    heap[0] = item
    let i = 0
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let worst = i
      if (l < heap.length && cmp(heap[l]!, heap[worst]!) > 0) worst = l
      if (r < heap.length && cmp(heap[r]!, heap[worst]!) > 0) worst = r
      if (worst === i) break
      ;[heap[i], heap[worst]] = [heap[worst]!, heap[i]!]
      i = worst
    }
  }

  /** The kept items, best first. */
  sorted(): Array<A> {
    return [...this.heap].sort(this.cmp)
  }
}
