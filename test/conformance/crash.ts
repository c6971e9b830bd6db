/**
 * The crashed-worker check for durable queues: a worker process dies holding a job (SIGKILL, no
 * finalizers); the job stays locked until the lock expires, then comes back to another worker with
 * the lost delivery counted as an attempt.
 */
import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"
import { it } from "@effect/vitest"
import { Ids, JobQueue } from "@heaters/core"
import type { Layer, Scope } from "effect"
import { Effect, Option } from "effect"
import { describe, expect } from "vitest"

const root = fileURLToPath(new URL("../../", import.meta.url))

/** Runs the crash worker to its death; resolves with what it printed. */
const crashWorker = (kind: string, target: string) =>
  Effect.async<string>((resume) => {
    execFile(`${root}node_modules/.bin/tsx`, ["--tsconfig", `${root}test/support/tsconfig.json`, `${root}test/support/crash-worker.ts`, kind, target], { cwd: root }, (_error, stdout) => resume(Effect.succeed(stdout)))
  })

export const crashSuite = (kind: "sqlite" | "postgres", make: () => Effect.Effect<{ target: string; layer: Layer.Layer<JobQueue.JobQueue, unknown> }, unknown, Scope.Scope>) =>
  describe(`JobQueue crash recovery: ${kind}`, () => {
    it.live("a job held by a killed worker comes back after lock expiry", () =>
      Effect.gen(function*() {
        const { layer, target } = yield* make()
        yield* Effect.gen(function*() {
          const q = yield* JobQueue.JobQueue
          const job = new JobQueue.Sprite({ clipId: Ids.unsafe.clip(9), version: 2 })
          yield* q.offer("media", job)
          const printed = yield* crashWorker(kind, target)
          expect(printed).toContain(`taken ${JobQueue.idOf(job)} 0`)
          // Still locked by the dead worker: nobody gets it before the lock expires…
          const early = yield* q.take("media", () => Effect.void).pipe(Effect.timeoutOption("300 millis"))
          expect(Option.isNone(early)).toBe(true)
          // …then it is delivered again, the lost delivery counted.
          const late = yield* q.take("media", (j, d) => Effect.succeed([j, d.attempts] as const)).pipe(Effect.timeoutOption("15 seconds"))
          expect(Option.getOrThrow(late)).toEqual([job, 1])
          expect(yield* q.size("media")).toBe(0)
        }).pipe(Effect.provide(layer), Effect.scoped)
      }).pipe(Effect.scoped), 60_000)
  })
