// What the tests of "no enumeration" compare between an address with an account and one
// without: the page each gets, and the rows each submission writes.
import assert from 'node:assert/strict'
import type { TestApp } from './app.ts'
import { Agent } from './agent.ts'

/** A page without what differs on every request (nonces, CSRF tokens) or names one address. */
export const comparable = (html: string, email: string) =>
  html
    .replaceAll(email, 'X')
    .replace(/nonce="[^"]+"/g, '')
    .replace(/name="_csrf" value="[^"]+"/g, '')

const TABLES = ['audit_event', 'one_time_token', 'email_outbox'] as const

async function rowCounts(t: TestApp): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  for (const table of TABLES) {
    const row = await t.database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
    counts[table] = Number(row.n)
  }
  return counts
}

/** The rows each table gained from one submission of the form. */
export async function writesOf(t: TestApp, url: string, fields: Record<string, string>) {
  const agent = new Agent(t.app)
  await agent.get(url)
  const before = await rowCounts(t)
  const res = await agent.post(url, fields)
  assert.equal(res.statusCode, 303, url)
  const after = await rowCounts(t)
  return Object.fromEntries(TABLES.map((table) => [table, (after[table] ?? 0) - (before[table] ?? 0)]))
}
