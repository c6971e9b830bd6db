/**
 * The corpus's odd but real media files, generated with ffmpeg's lavfi sources (≤ 2 s, small) and
 * cached next to test/support/videos.ts's, keyed by name.
 */
import { execa } from "execa"
import { existsSync } from "node:fs"
import { mkdir, rename, rm } from "node:fs/promises"
import { join } from "node:path"
import { badInputs, cacheDir } from "../support/videos.js"

const CORPUS_VERSION = 1

/** ffmpeg `args` into `<cache>/corpus-v1-<name>` once; later calls reuse the file. */
const made = async (name: string, args: ReadonlyArray<string>): Promise<string> => {
  const file = join(cacheDir, `corpus-v${CORPUS_VERSION}-${name}`)
  if (existsSync(file)) return file
  await mkdir(cacheDir, { recursive: true })
  const tmp = `${file}.${process.pid}.part${name.slice(name.lastIndexOf("."))}`
  try {
    await execa("ffmpeg", ["-hide_banner", "-nostdin", "-loglevel", "error", "-y", ...args, tmp])
    await rename(tmp, file)
  } finally {
    await rm(tmp, { force: true })
  }
  return file
}

const src = (filter: string) => ["-f", "lavfi", "-i", filter]
const x264 = ["-c:v", "libx264", "-preset", "ultrafast"]

/** Each kind of odd file, and whether Heaters should ingest it ("ok") or fail it with a reason ("fail"). */
export const files: ReadonlyArray<{ readonly kind: string; readonly make: () => Promise<string>; readonly expect: "ok" | "fail" }> = [
  { kind: "empty file", make: badInputs.empty, expect: "fail" },
  { kind: "truncated MP4 (no moov)", make: badInputs.truncated, expect: "fail" },
  { kind: "text named .mp4", make: badInputs.text, expect: "fail" },
  { kind: "audio only", make: badInputs.audioOnly, expect: "fail" },
  // A still is not a video: refused with "no duration" / "a single frame is a still image".
  { kind: "still image (PNG named .mp4)", make: () => made("still.mp4", [...src("testsrc2=s=160x90"), "-frames:v", "1", "-c:v", "png", "-f", "image2"]), expect: "fail" },
  { kind: "one frame", make: badInputs.singleFrame, expect: "fail" },
  { kind: "zero duration (no frames)", make: () => made("zero-duration.mp4", [...src("testsrc2=s=160x90:r=25:d=1"), "-frames:v", "0", ...x264]), expect: "fail" },
  // Beyond the media adapter's 8192 px limit: refused with the dimensions in the reason.
  { kind: "huge dimensions (12000×16)", make: badInputs.hugeDimensions, expect: "fail" },
  { kind: "odd dimensions (161×91)", make: () => made("odd.mp4", [...src("testsrc2=s=161x91:r=25:d=1.5"), ...x264, "-pix_fmt", "yuv444p"]), expect: "ok" },
  {
    kind: "variable frame rate",
    make: () => made("vfr.mp4", [...src("testsrc2=s=160x90:r=30:d=2"), "-vf", "setpts='N/30/TB+if(gt(mod(N,7),3),0.02,0)/TB'", "-fps_mode", "vfr", ...x264, "-pix_fmt", "yuv420p"]),
    expect: "ok"
  },
  { kind: "rotated (90° display matrix)", make: () => made("rotated.mp4", [...src("testsrc2=s=160x90:r=25:d=1.5"), ...x264, "-pix_fmt", "yuv420p", "-metadata:s:v:0", "rotate=90"]), expect: "ok" },
  { kind: "10-bit", make: () => made("10bit.mp4", [...src("testsrc2=s=160x90:r=25:d=1.5"), ...x264, "-pix_fmt", "yuv420p10le"]), expect: "ok" },
  { kind: "interlaced", make: () => made("interlaced.mp4", [...src("testsrc2=s=160x96:r=50:d=1.5"), "-vf", "tinterlace=mode=interleave_top,setfield=tff", ...x264, "-pix_fmt", "yuv420p", "-flags", "+ildct+ilme"]), expect: "ok" },
  { kind: "no audio", make: () => made("no-audio.mp4", [...src("testsrc2=s=160x90:r=25:d=1.5"), ...x264, "-pix_fmt", "yuv420p"]), expect: "ok" },
  {
    kind: "two video streams",
    make: () => made("two-video.mkv", [...src("testsrc2=s=160x90:r=25:d=1.5"), ...src("smptebars=s=320x180:r=30:d=1"), "-map", "0:v", "-map", "1:v", ...x264, "-pix_fmt", "yuv420p"]),
    expect: "ok"
  },
  { kind: "zero dimensions (Y4M header)", make: badInputs.zeroDimensions, expect: "fail" },
  { kind: "impossible dimensions (40000×40000 Y4M)", make: badInputs.invalidDimensions, expect: "fail" }
]

/** A good 1.5 s video with two shots, to prove the worker keeps going after each bad one. */
export const good = () =>
  made("good.mp4", [
    "-filter_complex", "testsrc2=s=160x90:r=25:d=0.75[a];smptebars=s=160x90:r=25:d=0.75[b];[a][b]concat=n=2:v=1:a=0[v]",
    "-map", "[v]", ...x264, "-pix_fmt", "yuv420p"
  ])
