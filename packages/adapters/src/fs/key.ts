/**
 * Key rules shared by the local-disk and S3 stores (BlobStore port): relative, no empty, `.` or
 * `..` segment, no backslash or NUL, at most 1024 characters — so no key can name a file outside a
 * store's root, and the same key means the same object on every store.
 *
 * @since 0.1.0
 */
import { BlobStore } from "@heaters/core"
import { Effect } from "effect"

/** @since 0.1.0 */
export const isValidKey = (key: string): boolean =>
  key.length > 0 &&
  key.length <= 1024 &&
  !key.startsWith("/") &&
  !/[\\\0]/.test(key) &&
  !/^[A-Za-z]:/.test(key) &&
  key.split("/").every((segment) => segment !== "" && segment !== "." && segment !== "..")

/** Fails with `BlobError` for an invalid key. @since 0.1.0 */
export const checkKey = (operation: string, key: string): Effect.Effect<string, BlobStore.BlobError> =>
  isValidKey(key)
    ? Effect.succeed(key)
    : Effect.fail(
      new BlobStore.BlobError({
        operation,
        keys: [key],
        reason: "invalid key (must be relative, without empty, '.' or '..' segments, backslashes or NUL)"
      })
    )

/** Fails with `BlobError` naming every invalid key. @since 0.1.0 */
export const checkKeys = (operation: string, keys: ReadonlyArray<string>): Effect.Effect<void, BlobStore.BlobError> => {
  const bad = keys.filter((k) => !isValidKey(k))
  return bad.length === 0
    ? Effect.void
    : Effect.fail(new BlobStore.BlobError({ operation, keys: bad, reason: "invalid key" }))
}

/** A key's path segments URL-encoded (for public URLs). @since 0.1.0 */
export const encodeKey = (key: string): string => key.split("/").map(encodeURIComponent).join("/")
