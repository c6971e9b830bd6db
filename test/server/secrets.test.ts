/**
 * Secrets read from the environment stay `Redacted`: the server token, the database URL and both
 * S3 keys print as `<redacted>` and only `Redacted.value` reveals them.
 */
import { ConfigProvider, Effect, Option, Redacted } from "effect"
import { describe, expect, it } from "vitest"
import { tokenFromEnv } from "../../packages/examples/src/server/auth.js"
import { storeSettings } from "../../packages/examples/src/runtime.js"

const read = <A>(config: Effect.Effect<A, unknown>, env: Record<string, string>) =>
  Effect.runPromise(config.pipe(Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))))

describe("secrets from the environment", () => {
  it("HEATERS_TOKEN is Redacted, and unset means no token", async () => {
    const token = await read(tokenFromEnv, { HEATERS_TOKEN: "page-token-123" })
    expect(token !== undefined && Redacted.isRedacted(token)).toBe(true)
    expect(`${token}`).not.toContain("page-token-123")
    expect(JSON.stringify({ token })).not.toContain("page-token-123")
    expect(Redacted.value(token!)).toBe("page-token-123")
    expect(await read(tokenFromEnv, {})).toBeUndefined()
  })

  it("the database URL and the S3 keys are Redacted", async () => {
    const settings = await read(storeSettings, {
      HEATERS_DATABASE_URL: "postgres://heaters:pw-xyz@db/heaters",
      HEATERS_S3_BUCKET: "clips",
      HEATERS_S3_ACCESS_KEY_ID: "AKIA-key-id",
      HEATERS_S3_SECRET_ACCESS_KEY: "secret-abc"
    })
    const printed = `${JSON.stringify(settings)} ${String(settings.databaseUrl)}`
    for (const secret of ["pw-xyz", "AKIA-key-id", "secret-abc"]) expect(printed).not.toContain(secret)
    expect(Redacted.value(Option.getOrThrow(settings.databaseUrl))).toBe("postgres://heaters:pw-xyz@db/heaters")
    const s3 = Option.getOrThrow(settings.s3)
    expect(Redacted.value(Option.getOrThrow(s3.accessKeyId))).toBe("AKIA-key-id")
    expect(Redacted.value(Option.getOrThrow(s3.secretAccessKey))).toBe("secret-abc")
  })
})
