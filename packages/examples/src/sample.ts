/**
 * A sample video for the demo, generated offline with ffmpeg's lavfi sources: eight shots with
 * hard cuts (some of them look alike, so "similar clips" has something to find), 640×360, 30 fps,
 * with a tone track.
 *
 * @since 0.1.0
 */
import { existsSync, mkdirSync } from "node:fs"
import { dirname } from "node:path"
import { Binaries } from "@heaters/adapters/ffmpeg"
import { Effect } from "effect"
import { execa } from "execa"

const size = "640x360"
const shots = [
  `testsrc2=size=${size}:rate=30:duration=5`,
  `smptehdbars=size=${size}:rate=30:duration=4`,
  `gradients=size=${size}:rate=30:speed=0.02:duration=4`,
  `testsrc2=size=${size}:rate=30:duration=5,hue=h=120`,
  `life=size=${size}:rate=30:mold=10:life_color=#00ff00:death_color=#002200,trim=duration=6`,
  `cellauto=size=${size}:rate=30:rule=110,trim=duration=4`,
  `smptehdbars=size=${size}:rate=30:duration=4,hflip`,
  `rgbtestsrc=size=${size}:rate=30:duration=5`
]

/** Writes the sample to `path` unless it exists; returns the path. @since 0.1.0 */
export const ensureSample = (path: string) =>
  Effect.gen(function* () {
    if (existsSync(path)) return path
    const { ffmpeg } = yield* Binaries.resolve()
    mkdirSync(dirname(path), { recursive: true })
    const inputs = shots.flatMap((s) => ["-f", "lavfi", "-i", `${s},format=yuv420p,setsar=1`])
    // Every source is finite, so the concat (and the tone, cut by -shortest) ends.
    const chain = shots.map((_, i) => `[${i}:v]`).join("") + `concat=n=${shots.length}:v=1:a=0[v]`
    yield* Effect.promise(() =>
      execa(ffmpeg, [
        "-v", "error", "-y", ...inputs,
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
        "-filter_complex", chain, "-map", "[v]", "-map", `${shots.length}:a`, "-shortest",
        "-c:v", "libx264", "-preset", "veryfast", "-crf", "26", "-c:a", "aac", "-b:a", "64k", "-movflags", "+faststart", path
      ])
    )
    return path
  })
