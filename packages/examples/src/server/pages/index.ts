/**
 * Every page of the demo server and its path.
 *
 * @since 0.1.0
 */
import { libraryPage } from "./library.js"
import { reviewPage } from "./review.js"
import { searchPage } from "./search.js"
import { statusPage } from "./status.js"
import { submitPage } from "./submit.js"

/** @since 0.1.0 */
export const pages: ReadonlyArray<readonly [`/${string}`, string]> = [
  ["/", reviewPage],
  ["/search", searchPage],
  ["/library", libraryPage],
  ["/status", statusPage],
  ["/submit", submitPage]
]
