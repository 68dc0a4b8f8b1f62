// PGlite is one embedded connection. Kysely's PostgreSQL driver expects a pool, so this
// hands out that one connection to one borrower at a time: a transaction begun by one
// request must never see another request's statements in between.
import type { PGlite } from '@electric-sql/pglite'
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely'

const COMMAND = /^\s*(insert|update|delete|merge|select)\b/i

function commandOf(sql: string): PostgresQueryResult<unknown>['command'] {
  const match = COMMAND.exec(sql)
  return (match ? match[1]!.toUpperCase() : 'SELECT') as PostgresQueryResult<unknown>['command']
}

export function pglitePool(pg: PGlite): PostgresPool {
  const waiting: Array<() => void> = []
  let busy = false

  const release = () => {
    const next = waiting.shift()
    if (next) next()
    else busy = false
  }

  const client = {
    async query(sql: string, parameters: ReadonlyArray<unknown>) {
      const result = await pg.query(sql, parameters as unknown[])
      return { command: commandOf(sql), rowCount: result.affectedRows ?? 0, rows: result.rows }
    },
    release,
  } as unknown as PostgresPoolClient

  return {
    connect() {
      if (!busy) {
        busy = true
        return Promise.resolve(client)
      }
      return new Promise((resolve) => waiting.push(() => resolve(client)))
    },
    async end() {
      await pg.close()
    },
  }
}
