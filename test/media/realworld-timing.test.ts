/** Real-world video, orientation, timing and fields: see `realworld.ts` for what each variant must pass. */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, it } from "@effect/vitest"
import { FfmpegMedia } from "@heaters/adapters/ffmpeg"
import { corpus } from "../support/realworld.js"
import { checkVariant } from "./realworld.js"

const root = mkdtempSync(join(tmpdir(), "heaters-realworld-test-"))
const scratch = mkdtempSync(join(tmpdir(), "heaters-realworld-scratch-"))
afterAll(() => {
  rmSync(root, { recursive: true, force: true })
  rmSync(scratch, { recursive: true, force: true })
})

describe("real-world video: orientation, timing and fields", () => {
  it.layer(FfmpegMedia.layer({ tempDir: root }))((it) => {
    for (const property of corpus.timing) {
      it.scoped(`${property}: clips on the true cuts, upright sheets and keyframes, exports with exactly their frames`, () => checkVariant(property, scratch), 120_000)
    }
  })
})
