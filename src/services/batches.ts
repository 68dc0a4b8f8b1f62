// The whole of a filtered list, a batch at a time, for downloads: each batch is one short
// query that starts after the last row of the one before (keyset), so a long list never
// holds the database connection for long, and rows added meanwhile are never read twice.

export const EXPORT_BATCH = 1000

export async function* inBatches<T, C>(
  fetch: (after: C | undefined, limit: number) => Promise<T[]>,
  cursorOf: (last: T) => C,
  batch: number = EXPORT_BATCH,
): AsyncGenerator<T[]> {
  let after: C | undefined
  for (;;) {
    const rows = await fetch(after, batch)
    if (rows.length) yield rows
    const last = rows.at(-1)
    if (rows.length < batch || last === undefined) return
    after = cursorOf(last)
  }
}
