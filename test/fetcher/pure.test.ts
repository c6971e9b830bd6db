/**
 * The pure parts of the ytdlp adapter: URL guard, argument array, progress and metadata parsing,
 * failure classification.
 */
import { describe, expect, it } from "@effect/vitest"
import * as YtDlp from "@heaters/adapters/ytdlp"
import { Either } from "effect"
import { classify } from "../../packages/adapters/src/ytdlp/ytdlp.js"
import { fromInfo, isoDateFromHttp, lastJsonLine } from "../../packages/adapters/src/ytdlp/metadata.js"
import { progressFromBytes } from "../../packages/adapters/src/ytdlp/progress.js"
import { restrictFileName, titleFromUrl } from "../../packages/adapters/src/ytdlp/url.js"

describe("validateUrl", () => {
  it.each([
    ["http://example.com/v.mp4"],
    ["https://www.youtube.com/watch?v=abc&list=PL1"],
    ["  https://example.com/a b%20c  ".trim().replace(" ", "%20")],
    ["http://127.0.0.1:8080/page.html"]
  ])("accepts %s", (url) => {
    expect(Either.isRight(YtDlp.validateUrl(url))).toBe(true)
  })

  it.each([
    ["file:///etc/passwd", "scheme file:"],
    ["data:video/mp4;base64,AAAA", "scheme data:"],
    ["javascript:alert(1)", "scheme javascript:"],
    ["ftp://example.com/v.mp4", "scheme ftp:"],
    ["not a url", "whitespace"],
    ["example.com/video.mp4", "not a valid absolute URL"],
    ["http://", "not a valid absolute URL"],
    ["", "empty"],
    ["https://user:secret@example.com/v.mp4", "credentials"],
    ["https://example.com/v.mp4\n--exec rm", "control characters"]
  ])("refuses %s", (url, why) => {
    const result = YtDlp.validateUrl(url)
    expect(Either.isLeft(result)).toBe(true)
    if (Either.isLeft(result)) {
      expect(result.left._tag).toBe("UnsupportedSource")
      expect(result.left.reason).toContain(why)
    }
  })
})

describe("attemptArgs", () => {
  const args = YtDlp.attemptArgs({
    url: "-https://x",
    format: YtDlp.FORMAT_CHAIN[0]!.format,
    dir: "/tmp/job%1",
    maxBytes: 1000,
    socketTimeoutSeconds: 30,
    retries: 5,
    fragmentRetries: 10,
    ffmpegPath: null
  })
  it("follows docs/pipeline.md#ingest", () => {
    expect(YtDlp.FORMAT_CHAIN.map((s) => s.format)).toEqual(["bv*+ba/b", "best[ext=mp4]/bestvideo[ext=mp4]+bestaudio[ext=m4a]/best", "worst"])
    const pair = (flag: string) => args[args.indexOf(flag) + 1]
    expect(args).toContain("--no-playlist")
    expect(pair("--playlist-items")).toBe("1")
    expect(pair("--format")).toBe("bv*+ba/b")
    expect(pair("--merge-output-format")).toBe("mp4")
    expect(args).toContain("--restrict-filenames")
    expect(pair("--max-filesize")).toBe("1000")
    expect(pair("--retries")).toBe("5")
    expect(pair("--fragment-retries")).toBe("10")
    expect(pair("--socket-timeout")).toBe("30")
    expect(pair("--paths")).toBe("/tmp/job%1")
    expect(args).toContain("/tmp/job%%1/heaters-info.json")
    expect(args).not.toContain("--ffmpeg-location")
  })
  it("puts the URL after -- so it can never be read as an option", () => {
    expect(args.slice(-2)).toEqual(["--", "-https://x"])
  })
})

describe("progress", () => {
  it("parses our template line, with NA fields as null", () => {
    expect(YtDlp.parseProgressLine("HEATERS-PROGRESS 500 1000 NA 250.5 2")).toEqual({ fraction: 0.5, bytesPerSecond: 250.5, etaSeconds: 2 })
    expect(YtDlp.parseProgressLine("HEATERS-PROGRESS 500 NA 2000 NA NA")).toEqual({ fraction: 0.25, bytesPerSecond: null, etaSeconds: null })
    expect(YtDlp.parseProgressLine("HEATERS-PROGRESS 500 NA NA NA NA")?.fraction).toBeNull()
    expect(YtDlp.parseProgressLine("[download] Destination: x.mp4")).toBeNull()
  })
  it("computes bytes-based progress", () => {
    expect(progressFromBytes(250, 1000, 1000)).toEqual({ fraction: 0.25, bytesPerSecond: 250, etaSeconds: 3 })
    expect(progressFromBytes(250, null, 0)).toEqual({ fraction: null, bytesPerSecond: null, etaSeconds: null })
  })
})

describe("metadata", () => {
  it("turns upload_date into an ISO date and rejects non-dates", () => {
    expect(YtDlp.isoDate("20231114")).toBe("2023-11-14")
    expect(YtDlp.isoDate("20230231")).toBeNull()
    expect(YtDlp.isoDate("2023")).toBeNull()
    expect(YtDlp.isoDate(20231114)).toBeNull()
    expect(isoDateFromHttp("Tue, 14 Nov 2023 08:00:00 GMT")).toBe("2023-11-14")
  })
  it("reads the fields Heaters keeps from the info JSON", () => {
    const info = { title: "T", webpage_url: "https://w", uploader: "U", upload_date: "20200102", duration: 12.5, extractor: "youtube", extractor_key: "Youtube", filepath: "/d/T.mp4" }
    expect(fromInfo(info)).toEqual({ title: "T", publishedDate: "2020-01-02", webpageUrl: "https://w", uploader: "U", durationSeconds: 12.5, extractor: "Youtube", filepath: "/d/T.mp4" })
    expect(fromInfo(null).title).toBeNull()
    expect(lastJsonLine('{"a":1}\n{"a":2}\n{"a":')).toEqual({ a: 2 })
  })
  it("derives titles and safe file names from URLs", () => {
    expect(titleFromUrl(new URL("https://h.example/a/My%20Clip.mp4"))).toBe("My Clip")
    expect(titleFromUrl(new URL("https://h.example/"))).toBe("h.example")
    expect(restrictFileName("Ünïcode / ../clip", "mp4")).toBe("Unicode_clip.mp4")
    expect(restrictFileName("...", "mp4")).toBe("video.mp4")
  })
})

describe("classify", () => {
  it("maps yt-dlp's messages to reasons and stops early when no format can help", () => {
    const c = (stderr: string, notes = "") => classify("yt-dlp:best", stderr, notes)
    expect(c("ERROR: [generic] None: Unable to download webpage: HTTP Error 404: Not Found")).toMatchObject({ reason: YtDlp.Reason.HttpStatus, fatal: true })
    expect(c("ERROR: unable to download video data: HTTP Error 503: Unavailable")).toMatchObject({ reason: YtDlp.Reason.HttpStatus, fatal: false })
    expect(c("ERROR: Unsupported URL: http://x/")).toMatchObject({ reason: YtDlp.Reason.NotMedia, fatal: true })
    expect(c("ERROR: [youtube] x: Requested format is not available")).toMatchObject({ reason: YtDlp.Reason.YtDlpFailed, fatal: false })
    expect(c("ERROR: The read operation timed out")).toMatchObject({ reason: YtDlp.Reason.Timeout })
    expect(c("", "[download] File is larger than max-filesize (5 bytes > 1 bytes). Aborting.")).toMatchObject({ reason: YtDlp.Reason.TooLarge })
    expect(c("WARNING: x\nERROR: [Errno 111] Connection refused")).toMatchObject({ reason: YtDlp.Reason.Network, line: "ERROR: [Errno 111] Connection refused" })
  })
})
