import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely'
import pg from 'pg'
import type { Database } from './schema.ts'
import { pglitePool } from './pglite-pool.ts'
import { createEmbedded, DATE_OID, NAME_SEARCH_THRESHOLD } from './embedded.ts'
import { openPgliteThread } from './pglite-thread.ts'

/** What a repository query runs on: the database itself or a transaction already open on it. */
export type Db = Kysely<Database> | Transaction<Database>

export type DatabaseKind = 'pglite' | 'postgresql'

export interface DatabaseHandle {
  readonly db: Kysely<Database>
  readonly kind: DatabaseKind
  close(): Promise<void>
  /**
   * Calls `onMessage` with the payload of each NOTIFY on `channel`, from any instance, once its
   * transaction commits. `onGap` is called when notifications may have been missed (when the
   * listening connection is lost, and again once it is open again), so what they keep fresh
   * must be forgotten. Resolves once listening.
   */
  listen(channel: string, onMessage: (payload: string) => void, onGap: () => void): Promise<void>
  /** PGlite only: the whole database as an uncompressed tar, to start others from. */
  dump?: () => Promise<Blob>
}

export interface DatabaseOptions {
  /** PostgreSQL connection string; when absent the embedded PGlite is used. */
  databaseUrl?: string | undefined
  /** PGlite data folder; absent means in memory (tests). */
  dataDir?: string | undefined
  /** PostgreSQL only: a schema to work in, so that test runs never share tables. */
  schema?: string | undefined
  /** PGlite only: start from a copy of another database (a dump), skipping initdb. */
  template?: Blob | undefined
  /** PGlite only: run it on a worker thread of its own (src/db/pglite-thread.ts). */
  thread?: boolean | undefined
  /** PostgreSQL only: told when an idle connection is lost (a restart, a failover). */
  onConnectionLost?: ((error: Error) => void) | undefined
}

// SQLSTATE classes and codes that mean the database cannot be reached now, rather than that
// the request was wrong: connection exceptions (08), operator intervention (57P01-57P03).
const UNAVAILABLE_CODES = /^(08\d{3}|57P0[1-3])$/
const UNAVAILABLE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
])

/** Whether an error means the database is out of reach for now (worth a 503, not a 500). */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  const code = 'code' in error && typeof error.code === 'string' ? error.code : ''
  return (
    UNAVAILABLE_CODES.test(code) ||
    UNAVAILABLE_ERRNOS.has(code) ||
    /^Connection terminated|timeout exceeded when trying to connect|is not currently accepting connections/i.test(
      error.message,
    )
  )
}

// Dates stay 'YYYY-MM-DD' strings on both engines: a JavaScript Date would shift them by
// the server's time zone.
pg.types.setTypeParser(DATE_OID, (value: string) => value)
// Counts come back as int8; our identifiers and counts fit a JavaScript number on both engines.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value))

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: 10,
      options: [
        // pg_trgm is created in public (see the practitioners migration), so a test schema
        // still finds its operators.
        ...(options.schema ? [`-c search_path=${options.schema},public`] : []),
        `-c pg_trgm.word_similarity_threshold=${NAME_SEARCH_THRESHOLD}`,
      ].join(' '),
    })
    // Without a listener, an idle connection the server closes (a restart, a failover,
    // pg_terminate_backend) is an unhandled 'error' event that ends the process. With one,
    // the pool drops that connection and opens a new one for the next query.
    pool.on('error', (error) => options.onConnectionLost?.(error))
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
    const listener = postgresListener(options.databaseUrl, options.onConnectionLost)
    return {
      db,
      kind: 'postgresql',
      listen: listener.listen,
      close: async () => {
        await listener.close()
        await db.destroy()
      },
    }
  }
  const embedded = { dataDir: options.dataDir, template: options.template }
  const pglite = options.thread ? await openPgliteThread(embedded) : await createEmbedded(embedded)
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pglitePool(pglite) }) })
  return {
    db,
    kind: 'pglite',
    // One process: nothing is missed while it runs, so onGap is never needed.
    listen: (channel, onMessage) => pglite.listen(channel, onMessage),
    close: async () => {
      await db.destroy()
      await pglite.close()
    },
    dump: () => pglite.dumpDataDir(),
  }
}

const RELISTEN_MS = 1_000

/**
 * One connection of its own, outside the pool, that LISTENs on every channel asked for. When
 * it is lost it is opened again a second later, and each listener is told of the gap.
 */
function postgresListener(databaseUrl: string, onConnectionLost: ((error: Error) => void) | undefined) {
  const channels = new Map<string, Array<{ onMessage: (payload: string) => void; onGap: () => void }>>()
  let client: pg.Client | undefined
  let connecting: Promise<pg.Client> | undefined
  let closed = false

  const connect = (): Promise<pg.Client> => {
    connecting ??= (async () => {
      const fresh = new pg.Client({ connectionString: databaseUrl })
      fresh.on('notification', (message) => {
        for (const listener of channels.get(message.channel) ?? []) listener.onMessage(message.payload ?? '')
      })
      fresh.on('error', (error) => {
        onConnectionLost?.(error)
        lost(fresh)
      })
      fresh.on('end', () => lost(fresh))
      await fresh.connect()
      // Closed while connecting: this connection is no longer anyone's to end.
      if (closed) {
        await fresh.end()
        throw new Error('The database was closed')
      }
      for (const channel of channels.keys()) await fresh.query(`listen ${pg.escapeIdentifier(channel)}`)
      client = fresh
      return fresh
    })()
    connecting.catch(() => undefined).finally(() => (connecting = undefined))
    return connecting
  }

  const gap = () => {
    for (const listeners of channels.values()) for (const l of listeners) l.onGap()
  }
  // Told of the gap when it begins, and again once listening resumes: whatever was kept in
  // between may have missed a change.
  const lost = (which: pg.Client) => {
    if (client !== which || closed) return
    client = undefined
    gap()
    const retry = () => {
      if (closed) return
      connect().then(gap, () => setTimeout(retry, RELISTEN_MS).unref())
    }
    setTimeout(retry, RELISTEN_MS).unref()
  }

  return {
    async listen(channel: string, onMessage: (payload: string) => void, onGap: () => void) {
      const known = channels.get(channel)
      channels.set(channel, [...(known ?? []), { onMessage, onGap }])
      const connected = client ?? (await connect())
      if (!known && connected === client) await connected.query(`listen ${pg.escapeIdentifier(channel)}`)
    },
    async close() {
      closed = true
      await connecting?.catch(() => undefined)
      await client?.end()
    },
  }
}

/** A real round trip to the database, for /health. */
export async function ping(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db)
}
