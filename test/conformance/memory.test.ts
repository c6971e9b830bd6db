import { MemoryCatalog, MemoryJobQueue, MemorySearch, MemoryTables } from "@heaters/adapters/memory"
import { Layer } from "effect"
import { catalogSuite } from "./catalog.js"
import { leaseSuite } from "./leases.js"
import { queueSuite } from "./queue.js"
import { searchSuite, vectorSuite } from "./search.js"

const store = () => Layer.mergeAll(MemoryCatalog.layer, MemorySearch.layer).pipe(Layer.provide(MemoryTables.layer))

catalogSuite("memory", store)
leaseSuite("memory", store)
searchSuite("memory", store)
vectorSuite("memory", store)
queueSuite("memory", () => MemoryJobQueue.layer({ maxAttempts: 3, reviveAfter: "1 second" }), { maxAttempts: 3 })
