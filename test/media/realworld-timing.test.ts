/** Real-world video, orientation, timing and fields: see `realworld.ts` for what each variant must pass. */
import { corpus } from "../support/realworld.js"
import { suite } from "./realworld.js"

suite("real-world video: orientation, timing and fields", corpus.timing)
