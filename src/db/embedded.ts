// The embedded database (PGlite) as this platform opens it, in the process or on a thread of
// its own (src/db/pglite-thread.ts): one place that says how it is made, so that both give
// the same rows.
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'

// Dates stay 'YYYY-MM-DD' strings: a JavaScript Date would shift them by the server's time zone.
export const DATE_OID = 1082

/**
 * How alike a searched name and a word of a directory name must be (pg_trgm's word
 * similarity, 0 to 1). pg_trgm's default, 0.6, misses one-letter typos in short surnames
 * ("Smyth" against "John Smith" scores 0.33); results are ranked by it, best first.
 */
export const NAME_SEARCH_THRESHOLD = 0.3

/** What the platform asks of the embedded database, wherever it runs. */
export interface EmbeddedDatabase {
  query(sql: string, parameters: unknown[]): Promise<{ rows: unknown[]; affectedRows?: number }>
  listen(channel: string, onMessage: (payload: string) => void): Promise<void>
  dumpDataDir(): Promise<Blob>
  close(): Promise<void>
}

export interface EmbeddedOptions {
  /** PGlite data folder; absent means in memory. */
  dataDir?: string | undefined
  /** Start from a copy of another database (a dump), skipping initdb. */
  template?: Blob | undefined
}

export async function createEmbedded(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const pglite = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.template ? { loadDataDir: options.template } : {}),
    parsers: { [DATE_OID]: (value: string) => value, [pgliteTypes.INT8]: (value: string) => Number(value) },
    extensions: { pg_trgm },
  })
  await pglite.exec(`set pg_trgm.word_similarity_threshold = ${NAME_SEARCH_THRESHOLD}`)
  return {
    query: (sql, parameters) => pglite.query(sql, parameters),
    listen: async (channel, onMessage) => {
      await pglite.listen(channel, onMessage)
    },
    dumpDataDir: () => pglite.dumpDataDir('none'),
    close: () => pglite.close(),
  }
}
