// The Credential Group's list of proposals: paged with a total, filtered by state, clinical area
// and words, and downloaded whole as formula-safe CSV; only what was put to the group.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { parse } from 'csv-parse/sync'
import { parse as parseHtml } from 'node-html-parser'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { type Agent, createAccount, signedIn } from '../../../test/support/agent.ts'
import type { ProposalState } from '../../domain/proposal-lifecycle.ts'

const csvOf = (body: string): string[][] => parse(body, { bom: true })
const statusText = (html: string) =>
  (parseHtml(html).querySelector('[role=status]')?.text.trim() ?? '').split(' (')[0]
const pageLinks = (html: string) =>
  parseHtml(html)
    .querySelectorAll('.nhsuk-pagination__item a')
    .map((a) => a.text.trim())
const titlesIn = (html: string) =>
  parseHtml(html)
    .querySelectorAll('tbody tr td:first-child a')
    .map((a) => a.text.trim())

// 40 with the group, 15 agreed, 5 declined: 60 the group sees; 20 submitted and 10 drafts it does not.
const STATES = [
  ...Array<ProposalState>(40).fill('with_group'),
  ...Array<ProposalState>(15).fill('agreed'),
  ...Array<ProposalState>(5).fill('declined'),
  ...Array<ProposalState>(20).fill('submitted'),
  ...Array<ProposalState>(10).fill('draft'),
]

describe("the Credential Group's proposals", () => {
  let t: TestApp
  let member: Agent
  let areaId = 0
  before(async () => {
    t = await createTestApp()
    const authorId = await createAccount(t, 'author@example.org', [{ role: 'specification_author' }])
    await createAccount(t, 'member@example.org', [{ role: 'credential_group_member' }])
    member = await signedIn(t, 'member@example.org')
    const db = t.database.db
    const area = await db.selectFrom('clinical_area').select('id').orderBy('id').executeTakeFirstOrThrow()
    const other = await db
      .selectFrom('clinical_area')
      .select('id')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow()
    areaId = area.id
    const gateway = await db
      .selectFrom('criterion_set')
      .select('id')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow()
    await db
      .insertInto('proposal')
      .values(
        STATES.map((state, i) => ({
          author_id: authorId,
          clinical_area_id: i % 2 === 0 ? area.id : other.id,
          title: i === 4 ? '=1+1' : `Proposal about topic ${i}`,
          target_professions: JSON.stringify([]),
          gateway_set_id: gateway.id,
          gateway_answers: JSON.stringify({}),
          state,
          decision_participants: JSON.stringify([]),
          // Newest first: proposal 0 changed last.
          updated_at: new Date(Date.UTC(2026, 10, 1) - i * 60_000),
        })),
      )
      .execute()
  })
  after(() => t.close())

  it('pages the proposals waiting for the group first, with a total', async () => {
    const first = await member.get('/proposals')
    assert.equal(first.statusCode, 200)
    assert.equal(statusText(first.body), '40 proposals')
    assert.deepEqual(pageLinks(first.body), ['1', '2'])
    const titles = titlesIn(first.body)
    assert.equal(titles.length, 25)
    assert.equal(titles[0], 'Proposal about topic 0')
    const second = await member.get('/proposals?page=2')
    assert.equal(titlesIn(second.body).length, 15)
    assert.equal(titlesIn(second.body).at(-1), 'Proposal about topic 39')
  })

  it('filters by state, clinical area and words, never beyond what was put to the group', async () => {
    assert.equal(statusText((await member.get('/proposals?state=all')).body), '60 proposals')
    assert.equal(statusText((await member.get('/proposals?state=agreed')).body), '15 proposals')
    assert.equal(statusText((await member.get(`/proposals?state=all&area=${areaId}`)).body), '30 proposals')
    assert.equal(statusText((await member.get('/proposals?state=all&q=topic 4')).body), '10 proposals')
    assert.equal(statusText((await member.get('/proposals?state=submitted')).body), '0 proposals')
    assert.equal(statusText((await member.get('/proposals?state=draft&q=topic')).body), '0 proposals')
    const stateChoices = parseHtml((await member.get('/proposals')).body)
      .querySelectorAll('#state option')
      .map((o) => o.getAttribute('value'))
    assert.deepEqual(stateChoices, ['with_group', 'agreed', 'declined', 'deferred', 'all'])
  })

  it('downloads the whole filtered list as formula-safe CSV', async () => {
    const rows = csvOf((await member.get('/proposals?state=all&format=csv')).body)
    assert.equal(rows.length, 61, 'the whole list, not a page')
    assert.deepEqual(rows[0], ['Number', 'Proposal', 'Clinical area', 'Author', 'State', 'Last changed'])
    assert.ok(
      rows.some((r) => r[1] === `'=1+1`),
      'formula-safe',
    )
    assert.equal(new Set(rows.slice(1).map((r) => r[0])).size, 60)
    assert.ok(rows.slice(1).every((r) => /^\d{1,2} [A-Z][a-z]+ \d{4}$/.test(r[5] ?? '')))
    const declined = csvOf((await member.get('/proposals?state=declined&format=csv')).body)
    assert.deepEqual(
      declined.slice(1).map((r) => r[4]),
      Array<string>(5).fill('Declined'),
    )
    assert.equal(csvOf((await member.get('/proposals?state=submitted&format=csv')).body).length, 1)
  })
})
