import * as Postgres from "@heaters/adapters/postgres"
import { Effect, Layer } from "effect"
import { afterAll, beforeAll } from "vitest"
import type { Cluster } from "../support/postgres.js"
import { startCluster } from "../support/postgres.js"
import { catalogSuite } from "./catalog.js"
import { leaseSuite } from "./leases.js"
import { crashSuite } from "./crash.js"
import { queueSuite } from "./queue.js"
import { searchSuite, vectorSuite } from "./search.js"
import { pgSchemaSuite, sqlSchemaSuite } from "./sql-schema.js"

let cluster: Cluster
beforeAll(async () => {
  cluster = await startCluster()
})
afterAll(() => cluster?.stop())

const queue = { pollInterval: "20 millis", lockExpiration: "2 seconds", maxAttempts: 3, reviveAfter: "1 second" } as const

/** A fresh database per test, copied from the cluster's migrated template. */
const fresh = () =>
  Layer.unwrapEffect(Effect.map(Effect.promise(() => cluster.freshDatabase()), (url) => Postgres.layer({ url, queue })))

catalogSuite("postgres", fresh)
leaseSuite("postgres", fresh)
searchSuite("postgres", fresh)
vectorSuite("postgres", fresh)
queueSuite("postgres", fresh, queue)
crashSuite("postgres", () =>
  Effect.map(Effect.promise(() => cluster.freshDatabase()), (url) => ({ target: url, layer: Postgres.layer({ url, queue }) })))
sqlSchemaSuite("postgres", fresh)
pgSchemaSuite(fresh)
