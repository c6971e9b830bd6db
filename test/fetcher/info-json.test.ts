/**
 * yt-dlp's info JSON goes through Schema: a line that is not a JSON object is a tagged
 * `InvalidInfoJson`, fields of an unexpected type read as null, and a cut-short last line gives way
 * to the one before.
 */
import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { fromInfo, lastJsonLine, parseInfoLine } from "../../packages/adapters/src/ytdlp/metadata.js"

describe("yt-dlp info JSON", () => {
  it("a line that is not a JSON object is an InvalidInfoJson naming the line", () => {
    for (const line of ['{"title": "cut', "[1,2]", "not json", "42"]) {
      const parsed = parseInfoLine(line)
      expect(Either.isLeft(parsed)).toBe(true)
      if (Either.isLeft(parsed)) {
        expect(parsed.left._tag).toBe("InvalidInfoJson")
        expect(parsed.left.line).toBe(line)
        expect(parsed.left.problem.length).toBeGreaterThan(0)
      }
    }
    expect(parseInfoLine('{"title":"T"}')).toEqual(Either.right({ title: "T" }))
  })

  it("fields of the wrong type or blank read as null; the rest is kept", () => {
    const meta = fromInfo({ title: "  ", upload_date: 20200102, duration: "NA", uploader: null, extractor: "generic", filepath: ["x"], webpage_url: "https://w" })
    expect(meta).toEqual({ title: null, publishedDate: null, webpageUrl: "https://w", uploader: null, durationSeconds: null, extractor: "generic", filepath: null })
    expect(fromInfo({ duration: -3 }).durationSeconds).toBeNull()
    expect(fromInfo({ duration: 12.5, title: "x".repeat(300) })).toMatchObject({ durationSeconds: 12.5, title: "x".repeat(250) })
    expect(fromInfo([1, 2]).title).toBeNull()
  })

  it("the last whole object of the info file wins", () => {
    const file = ['{"title":"first"}', '{"title":"second","upload_date":"20231114"}', '{"title":"cut sh'].join("\n")
    expect(fromInfo(lastJsonLine(file))).toMatchObject({ title: "second", publishedDate: "2023-11-14" })
    expect(lastJsonLine("no json here\n")).toBeNull()
  })
})
