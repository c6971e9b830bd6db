/** The two progress printers on a scripted event sequence: plain lines for pipes, bars for terminals. */
import { describe, expect, it } from "vitest"
import type { Progress } from "@heaters/core"
import { bars, plain } from "../../packages/examples/src/cli/progress.js"

const events: ReadonlyArray<Progress.ProgressEvent> = [
  { stage: "splice", entity: "video", id: 1, status: "started" },
  { stage: "analyze", entity: "video", id: 1, status: "progress", fraction: 0.31 },
  { stage: "analyze", entity: "video", id: 1, status: "progress", fraction: 0.34 },
  { stage: "analyze", entity: "video", id: 1, status: "progress", fraction: 1 },
  { stage: "sprite", entity: "clip", id: 1, status: "started" },
  { stage: "sprite", entity: "clip", id: 2, status: "started" },
  { stage: "sprite", entity: "clip", id: 1, status: "done" },
  { stage: "sprite", entity: "clip", id: 2, status: "failed", message: "MediaFailed: boom" },
  { stage: "splice", entity: "video", id: 1, status: "done" }
]

const replay = (make: typeof plain) => {
  let out = ""
  const sink = make((text) => void (out += text))
  for (const e of events) sink.event(e)
  sink.close()
  return out
}

describe("progress printers", () => {
  it("plain: one line per event, a percentage only when it moves by a tenth", () => {
    expect(replay(plain).split("\n").filter(Boolean)).toEqual([
      "[splice] video 1 started",
      "[analyze] video 1 progress 31%",
      "[analyze] video 1 progress 100%",
      "[sprite] clip 1 started",
      "[sprite] clip 2 started",
      "[sprite] clip 1 done",
      "[sprite] clip 2 failed: MediaFailed: boom",
      "[splice] video 1 done"
    ])
  })

  it("bars: the final screen has one bar per stage with counts; a failure is printed above the bars", () => {
    const out = replay(bars)
    // What a terminal shows at the end: the last redraw, three stages.
    const last = out.slice(out.lastIndexOf("\x1b[3A")).split("\n").filter(Boolean).map((l) => l.replace(/\x1b\[\d*[AKJ]|\r/g, ""))
    expect(last).toEqual([
      `splice    ${"█".repeat(24)} 100%  1/1 video`,
      `analyze   ${"█".repeat(24)} 100%  1/1 video`,
      `sprite    ${"█".repeat(24)} 100%  2/2 clips, 1 failed`
    ])
    expect(out).toContain("[sprite] clip 2 failed: MediaFailed: boom\n")
  })
})
