// PGlite is one embedded connection. Kysely's PostgreSQL driver expects a pool, so this
// hands out that one connection to one borrower at a time: a transaction begun by one
// request must never see another request's statements in between.
import type { PGlite } from '@electric-sql/pglite'
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely'
import { isBackground } from './background.ts'

const COMMAND = /^\s*(insert|update|delete|merge|select)\b/i

function commandOf(sql: string): PostgresQueryResult<unknown>['command'] {
  const match = COMMAND.exec(sql)
  return (match ? match[1]!.toUpperCase() : 'SELECT') as PostgresQueryResult<unknown>['command']
}

export function pglitePool(pg: PGlite): PostgresPool {
  // Requests waiting for the connection go before background work waiting for it
  // (src/db/background.ts); within each, first come first served.
  const waiting: Array<() => void> = []
  const waitingBackground: Array<() => void> = []
  let busy = false

  const handOn = () => {
    const next = waiting.shift() ?? waitingBackground.shift()
    if (next) next()
    else busy = false
  }

  const client = {
    async query(sql: string, parameters: ReadonlyArray<unknown>) {
      const result = await pg.query(sql, parameters as unknown[])
      return { command: commandOf(sql), rowCount: result.affectedRows ?? 0, rows: result.rows }
    },
    release: handOn,
  } as unknown as PostgresPoolClient

  return {
    connect() {
      if (!isBackground()) {
        if (!busy) {
          busy = true
          return Promise.resolve(client)
        }
        return new Promise((resolve) => waiting.push(() => resolve(client)))
      }
      // Background work never takes the connection at once, even when it is free. PGlite
      // answers within the same turn of the event loop, so a job taking it statement after
      // statement would keep the event loop from reading the requests that have arrived;
      // waiting for the next turn lets them in first, and they go ahead of it.
      return new Promise((resolve) => {
        waitingBackground.push(() => resolve(client))
        setImmediate(() => {
          if (!busy) {
            busy = true
            handOn()
          }
        })
      })
    },
    async end() {
      await pg.close()
    },
  }
}
