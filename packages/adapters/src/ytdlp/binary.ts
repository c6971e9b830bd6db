/**
 * Finding the yt-dlp binary: explicit option → `HEATERS_YTDLP` → `PATH`, like ffmpeg's resolution
 * (docs/architecture.md#platform-choices).
 *
 * @since 0.1.0
 */
import { Media } from "@heaters/core"
import { Config, Effect, Option } from "effect"
import { constants } from "node:fs"
import { access, stat } from "node:fs/promises"
import { delimiter, isAbsolute, join, resolve } from "node:path"

/** How to get yt-dlp, repeated in every "not found" error. @since 0.1.0 */
export const INSTALL_HINT =
  "install it (Debian/Ubuntu: `apt-get install yt-dlp`, or scripts/setup-debian.sh; elsewhere `pipx install yt-dlp`), " +
  "or point the `ytDlpPath` option or the HEATERS_YTDLP environment variable at the binary"

const isExecutable = (path: string): Effect.Effect<boolean> =>
  Effect.promise(async () => {
    try {
      await access(path, constants.X_OK)
      return (await stat(path)).isFile()
    } catch {
      return false
    }
  })

const notFound = (hint: string) => new Media.BinaryNotFound({ binary: "yt-dlp", hint })

const checked = (path: string, origin: string) =>
  Effect.flatMap(isExecutable(path), (ok) =>
    ok ? Effect.succeed(path) : Effect.fail(notFound(`${origin} ${JSON.stringify(path)} is not an executable file; ${INSTALL_HINT}`))
  )

/**
 * The yt-dlp binary to run. An explicit path or `HEATERS_YTDLP` that does not point at an
 * executable is an error rather than a silent fall-through to `PATH`: the user asked for that one.
 *
 * @since 0.1.0
 */
export const resolveYtDlp = (explicit?: string | null): Effect.Effect<string, Media.BinaryNotFound> =>
  Effect.gen(function* () {
    if (explicit) return yield* checked(resolve(explicit), "the ytDlpPath option")
    const fromEnv = yield* Config.option(Config.string("HEATERS_YTDLP")).pipe(Effect.orElseSucceed(() => Option.none<string>()))
    if (Option.isSome(fromEnv) && fromEnv.value.trim() !== "") return yield* checked(resolve(fromEnv.value.trim()), "HEATERS_YTDLP")
    for (const dir of (process.env.PATH ?? "").split(delimiter)) {
      if (dir === "" || !isAbsolute(dir)) continue // a relative PATH entry would depend on the cwd
      const candidate = join(dir, "yt-dlp")
      if (yield* isExecutable(candidate)) return candidate
    }
    return yield* Effect.fail(notFound(`not on PATH; ${INSTALL_HINT}`))
  })
