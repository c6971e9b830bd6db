/**
 * Every page of the demo server and its path.
 *
 * @since 0.1.0
 */
import { reviewPage } from "./review.js"
import { searchPage } from "./search.js"

/** @since 0.1.0 */
export const pages: ReadonlyArray<readonly [`/${string}`, string]> = [
  ["/", reviewPage],
  ["/search", searchPage]
]
