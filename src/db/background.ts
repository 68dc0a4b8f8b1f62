// Work that runs behind the requests: imports, the job worker. On PGlite the database is one
// connection in this process, and a borrower marked as background waits behind every request
// that is waiting for it (src/db/pglite-pool.ts). On PostgreSQL each borrower has a connection
// of its own and the mark changes nothing.
import { AsyncLocalStorage } from 'node:async_hooks'

const background = new AsyncLocalStorage<true>()

/** Runs work, and everything it awaits, as background work. */
export function inBackground<T>(work: () => Promise<T>): Promise<T> {
  return background.run(true, work)
}

export function isBackground(): boolean {
  return background.getStore() === true
}
