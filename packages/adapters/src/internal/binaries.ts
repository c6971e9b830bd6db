/**
 * The one way this package finds an executable (ffmpeg, ffprobe, yt-dlp), shared by the adapters
 * and by `heaters doctor` so that what doctor reports is what ingest runs. Order
 * (docs/architecture.md#processes-files-and-binaries): explicit option → `HEATERS_FFMPEG` /
 * `HEATERS_FFPROBE` / `HEATERS_YTDLP` → `ffmpeg-static` (ffmpeg only; an optional dependency, used
 * only when its binary really exists, because its install script needs the internet) → `PATH`.
 * An explicit path or variable that is not an executable is an error, not a silent fall-through:
 * the user asked for that one.
 *
 * @since 0.1.0
 */
import { Media } from "@heaters/core"
import { Config, Effect, Option } from "effect"
import { accessSync, constants, statSync } from "node:fs"
import { createRequire } from "node:module"
import { delimiter, isAbsolute, join, resolve } from "node:path"

/** The executables Heaters runs. @since 0.1.0 */
export type BinaryName = "ffmpeg" | "ffprobe" | "yt-dlp"

/** Where a binary was found, in lookup order. @since 0.1.0 */
export type BinarySource = "option" | "environment" | "ffmpeg-static" | "PATH"

/** A found binary: its path and which rule found it. @since 0.1.0 */
export interface Located {
  readonly path: string
  readonly source: BinarySource
}

/** The environment variable that names each binary. @since 0.1.0 */
export const environmentVariable: Record<BinaryName, string> = {
  ffmpeg: "HEATERS_FFMPEG",
  ffprobe: "HEATERS_FFPROBE",
  "yt-dlp": "HEATERS_YTDLP"
}

/** How to get yt-dlp, repeated in every "not found" error. @since 0.1.0 */
export const YTDLP_INSTALL_HINT =
  "install it (Debian/Ubuntu: `apt-get install yt-dlp`, or scripts/setup-debian.sh; elsewhere `pipx install yt-dlp`), " +
  "or point the `ytDlpPath` option or the HEATERS_YTDLP environment variable at the binary"

/** How to get a binary, shown in `BinaryNotFound.hint`. @since 0.1.0 */
export const installHint = (binary: string): string =>
  binary === "yt-dlp"
    ? YTDLP_INSTALL_HINT
    : `install ffmpeg (Debian/Ubuntu: apt-get install ffmpeg; macOS: brew install ffmpeg), ` +
      (binary === "ffmpeg" ? `or npm install ffmpeg-static, ` : "") +
      `or point HEATERS_${binary.toUpperCase()} at the ${binary} executable`

/** True for an existing regular file this process may execute. @since 0.1.0 */
export const isExecutable = (file: string): boolean => {
  try {
    if (!statSync(file).isFile()) return false
    accessSync(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/**
 * The first executable named `name` on `PATH` (with `.exe` on Windows). Relative entries are
 * skipped: they would make the answer depend on the working directory.
 *
 * @since 0.1.0
 */
export const which = (name: string, path: string | undefined = process.env.PATH): string | undefined => {
  const names = process.platform === "win32" ? [`${name}.exe`, name] : [name]
  for (const dir of (path ?? "").split(delimiter)) {
    if (dir === "" || !isAbsolute(dir)) continue
    for (const n of names) {
      const candidate = join(dir, n)
      if (isExecutable(candidate)) return candidate
    }
  }
  return undefined
}

/** The path exported by `ffmpeg-static`, if the package is installed AND its download succeeded. */
const ffmpegStatic = (): string | undefined => {
  try {
    // In the CJS build `require` exists; in ESM we build one (import.meta is ESM-only).
    const req = typeof require === "function" ? require : createRequire(import.meta.url)
    const path: unknown = req("ffmpeg-static")
    return typeof path === "string" && isExecutable(path) ? path : undefined
  } catch {
    return undefined
  }
}

/**
 * Finds `binary`: `explicit` when given, else its `HEATERS_*` variable (read through effect's
 * `Config`, so a host's `ConfigProvider` applies), else `ffmpeg-static` (ffmpeg only), else `PATH`.
 *
 * @since 0.1.0
 */
export const locate = (binary: BinaryName, explicit?: string | null | undefined): Effect.Effect<Located, Media.BinaryNotFound> =>
  Effect.gen(function*() {
    const notFound = (why: string) => new Media.BinaryNotFound({ binary, hint: `${why}; ${installHint(binary)}` })
    const checked = (path: string, origin: string, source: BinarySource) =>
      isExecutable(path)
        ? Effect.succeed({ path, source })
        : Effect.fail(notFound(`${origin} ${JSON.stringify(path)} is not an executable file`))
    if (explicit !== undefined && explicit !== null && explicit.trim() !== "") {
      return yield* checked(resolve(explicit.trim()), `the configured ${binary} path`, "option")
    }
    const variable = environmentVariable[binary]
    const fromEnv = yield* Config.option(Config.string(variable)).pipe(Effect.orElseSucceed(() => Option.none<string>()))
    if (Option.isSome(fromEnv) && fromEnv.value.trim() !== "") {
      return yield* checked(resolve(fromEnv.value.trim()), variable, "environment")
    }
    const fromStatic = binary === "ffmpeg" ? ffmpegStatic() : undefined
    if (fromStatic !== undefined) return { path: fromStatic, source: "ffmpeg-static" as const }
    const onPath = which(binary)
    if (onPath !== undefined) return { path: onPath, source: "PATH" as const }
    return yield* Effect.fail(notFound(`no ${binary} on PATH`))
  })
