// PGlite is one embedded connection. Kysely's PostgreSQL driver expects a pool, so this
// hands out that one connection to one borrower at a time: a transaction begun by one
// request must never see another request's statements in between.
import type { EmbeddedDatabase } from './embedded.ts'
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely'
import { isBackground } from './background.ts'

const COMMAND = /^\s*(insert|update|delete|merge|select)\b/i

function commandOf(sql: string): PostgresQueryResult<unknown>['command'] {
  const match = COMMAND.exec(sql)
  return (match?.[1]?.toUpperCase() ?? 'SELECT') as PostgresQueryResult<unknown>['command']
}

export function pglitePool(pg: Pick<EmbeddedDatabase, 'query'>): PostgresPool {
  // Requests waiting for the connection go before background work waiting for it
  // (src/db/background.ts); within each, first come first served.
  const waiting: Array<() => void> = []
  const waitingBackground: Array<() => void> = []
  let busy = false
  let backgroundTurn = false

  // Background work is only ever handed the connection on a turn of the event loop of its own,
  // never straight from the release before it. PGlite answers within the turn, so a job handed
  // the connection at once, statement after statement (or between requests already waiting),
  // would keep the event loop from reading new requests and running timers at all.
  const offerToBackground = () => {
    if (backgroundTurn) return
    backgroundTurn = true
    setImmediate(() => {
      backgroundTurn = false
      if (busy) return
      const next = waitingBackground.shift()
      if (!next) return
      busy = true
      next()
    })
  }

  const handOn = () => {
    const next = waiting.shift()
    if (next) return next()
    busy = false
    if (waitingBackground.length) offerToBackground()
  }

  const client = {
    async query(sql: string, parameters: ReadonlyArray<unknown>) {
      const result = await pg.query(sql, [...parameters])
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
      return new Promise((resolve) => {
        waitingBackground.push(() => resolve(client))
        if (!busy) offerToBackground()
      })
    },
    // Kysely ends its pool only when it ran a query; the database's handle closes PGlite itself.
    async end() {},
  }
}
