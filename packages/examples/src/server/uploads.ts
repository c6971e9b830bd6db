/**
 * Where uploaded videos go: the multipart parser keeps a file only for the request, while ingest
 * reads it later, so each upload is copied to a directory of its own under the upload root (a
 * fresh name each time, so two uploads of one file are two videos).
 *
 * @since 0.1.0
 */
import type { Multipart } from "@effect/platform"
import { Errors } from "@heaters/core"
import { Context, Effect, Layer } from "effect"
import { randomUUID } from "node:crypto"
import { copyFile, mkdir } from "node:fs/promises"
import { tmpdir } from "node:os"
import { basename, join } from "node:path"

/** The upload root (the size limit is checked before a request reaches it, in `app.ts`). @since 0.1.0 */
export class Uploads extends Context.Tag("@heaters/examples/Uploads")<Uploads, { readonly dir: string }>() {}

/** Default root: `$TMPDIR/heaters-uploads`. @since 0.1.0 */
export const layer = (options: { readonly dir?: string | undefined } = {}) => Layer.succeed(Uploads, { dir: options.dir ?? join(tmpdir(), "heaters-uploads") })

// Keeps letters, digits, dot, dash and underscore: the name becomes the video's title.
const safeName = (name: string) => basename(name).replace(/[^\w.-]+/g, "_").replace(/^\.+/, "").slice(0, 120) || "upload.mp4"

/** Copies the parsed file to a stable place and returns its path. @since 0.1.0 */
export const saveUpload = (file: Multipart.PersistedFile) =>
  Effect.gen(function* () {
    const { dir } = yield* Uploads
    const target = join(dir, randomUUID(), safeName(file.name))
    yield* Effect.tryPromise({
      try: async () => {
        await mkdir(join(target, ".."), { recursive: true })
        await copyFile(file.path, target)
      },
      catch: (cause) => new Errors.CatalogError({ operation: "store upload", reason: Errors.describe(cause), cause })
    })
    return target
  })
