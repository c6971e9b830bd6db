/**
 * Finding ffmpeg / ffprobe. Order (docs/architecture.md#platform-choices): explicit option →
 * `HEATERS_FFMPEG` / `HEATERS_FFPROBE` → `ffmpeg-static` (optional dependency; used only when its
 * binary really exists, because its install script needs the internet) → `PATH`.
 *
 * @since 0.1.0
 */
import { accessSync, constants, statSync } from "node:fs"
import { createRequire } from "node:module"
import { delimiter, join } from "node:path"
import { Media } from "@heaters/core"
import { Effect } from "effect"

/** The resolved paths of the ffmpeg and ffprobe executables. @since 0.1.0 */
export interface Binaries {
  readonly ffmpeg: string
  readonly ffprobe: string
}

/** Explicit paths; anything left out is resolved from the environment. @since 0.1.0 */
export interface BinaryOptions {
  readonly ffmpegPath?: string | undefined
  readonly ffprobePath?: string | undefined
}

/** How to get a binary, shown in `BinaryNotFound.hint`. @since 0.1.0 */
export const installHint = (binary: string): string =>
  `install ffmpeg (Debian/Ubuntu: apt-get install ffmpeg; macOS: brew install ffmpeg), ` +
  (binary === "ffmpeg" ? `or npm install ffmpeg-static, ` : "") +
  `or point HEATERS_${binary.toUpperCase()} at the ${binary} executable`

const isExecutable = (file: string): boolean => {
  try {
    if (!statSync(file).isFile()) return false
    accessSync(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** The first executable named `name` on `PATH` (with `.exe` on Windows). @since 0.1.0 */
export const which = (name: string, path: string | undefined = process.env.PATH): string | undefined => {
  const names = process.platform === "win32" ? [`${name}.exe`, name] : [name]
  for (const dir of (path ?? "").split(delimiter)) {
    if (dir === "") continue
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

const resolveOne = (binary: "ffmpeg" | "ffprobe", explicit: string | undefined): Effect.Effect<string, Media.BinaryNotFound> =>
  Effect.suspend(() => {
    const notFound = (why: string) => Effect.fail(new Media.BinaryNotFound({ binary, hint: `${why}; ${installHint(binary)}` }))
    if (explicit !== undefined && explicit !== "") {
      return isExecutable(explicit) ? Effect.succeed(explicit) : notFound(`the configured path ${explicit} is not an executable file`)
    }
    const env = process.env[`HEATERS_${binary.toUpperCase()}`]
    if (env !== undefined && env !== "") {
      return isExecutable(env) ? Effect.succeed(env) : notFound(`HEATERS_${binary.toUpperCase()}=${env} is not an executable file`)
    }
    const fromStatic = binary === "ffmpeg" ? ffmpegStatic() : undefined
    if (fromStatic !== undefined) return Effect.succeed(fromStatic)
    const onPath = which(binary)
    return onPath !== undefined ? Effect.succeed(onPath) : notFound(`no ${binary} on PATH`)
  })

/**
 * Resolves both binaries, failing with `BinaryNotFound` (and an install hint) for the first missing.
 *
 * @since 0.1.0
 */
export const resolve = (options: BinaryOptions = {}): Effect.Effect<Binaries, Media.BinaryNotFound> =>
  Effect.all({ ffmpeg: resolveOne("ffmpeg", options.ffmpegPath), ffprobe: resolveOne("ffprobe", options.ffprobePath) })
