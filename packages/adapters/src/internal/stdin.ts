/**
 * A child's stdin fed from an async iterable, for the process runner (`process.ts`).
 *
 * @since 0.1.0
 */
import type { Writable } from "node:stream"

/**
 * Writes `source` to `stdin`, each chunk wholly before the next is pulled (execa's own iterable
 * input reads up to 16 chunks ahead, which forbids reusing a buffer), then closes it; resolves with
 * what the source threw, if it did. A child that stops reading (EPIPE) ends the feeding quietly:
 * its exit status tells what happened.
 *
 * @since 0.1.0
 */
export const feed = async (stdin: Writable, source: AsyncIterable<Uint8Array>): Promise<unknown> => {
  stdin.on("error", () => {})
  try {
    for await (const chunk of source) {
      if (stdin.destroyed) break
      await new Promise<void>((resolve) => stdin.write(chunk, () => resolve()))
    }
    return undefined
  } catch (error) {
    return error ?? new Error("the stdin source failed")
  } finally {
    stdin.end()
  }
}
