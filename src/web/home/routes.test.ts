// The Centre admin's home grouped by stage with counts, the pipeline (each stage, its items and
// how long each has waited, paged), the proposals list opening where proposals wait, and
// /reviews for an admin.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createAccount, signedIn, type Agent } from '../../../test/support/agent.ts'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { html, words } from '../../../test/support/html.ts'
import { fixedClock } from '../../domain/clock.ts'
import { PIPELINE_STAGES, STAGE_INFO } from '../../domain/pipeline.ts'

const NOW = '2027-03-01T12:00:00Z'
const DAY = 86_400_000

describe('staff homes and the pipeline', () => {
  let t: TestApp
  let admin: Agent
  let authorId: string

  /** Proposals in a state, as if they reached it `daysAgo` days before now. */
  async function proposals(state: 'submitted' | 'with_group', n: number, daysAgo: number) {
    const db = t.database.db
    const gateway = await db
      .selectFrom('criterion_set')
      .select('id')
      .where('kind', '=', 'gateway')
      .executeTakeFirstOrThrow()
    const at = new Date(Date.parse(NOW) - daysAgo * DAY)
    await db
      .insertInto('proposal')
      .values(
        Array.from({ length: n }, (_, i) => ({
          author_id: authorId,
          clinical_area_id: null,
          title: `${state} proposal ${daysAgo} days ${i + 1}`,
          target_professions: JSON.stringify([]),
          gateway_set_id: gateway.id,
          gateway_answers: JSON.stringify({}),
          state,
          decision_participants: JSON.stringify([]),
          submitted_at: at,
          updated_at: at,
        })),
      )
      .execute()
  }

  before(async () => {
    t = await createTestApp({}, { clock: fixedClock(NOW) })
    await createAccount(t, 'admin@example.org', [{ role: 'centre_admin' }])
    authorId = await createAccount(t, 'author@example.org', [{ role: 'specification_author' }])
    admin = await signedIn(t, 'admin@example.org')
  })
  after(() => t.close())

  it("groups the Centre admin's home by stage, each task once, no two leading to the same page", async () => {
    await proposals('with_group', 2, 10)
    const page = html((await admin.get('/home')).body)
    const main = page.querySelector('main')
    assert.ok(main)
    const groups = main.querySelectorAll('h3.app-task-group').map((h) => words(h.text))
    assert.deepEqual(groups, [
      'Proposals 2 waiting',
      'Specifications and reviews',
      'After publication',
      'Providers, deliveries and awards',
      'Running the service',
    ])
    const links = main.querySelectorAll('.app-task a').map((a) => a.getAttribute('href') ?? '')
    assert.ok(links.length > 20)
    assert.deepEqual(
      links.filter((href, i) => links.indexOf(href) !== i),
      [],
      'every task leads to a page of its own',
    )
    // Each stage's task leads to its stage of the pipeline, with its count.
    const task = (title: string) =>
      main.querySelectorAll('.app-task').find((h) => h.querySelector('a')?.text === title)
    assert.equal(
      task('Proposals with the Credential Group')?.querySelector('a')?.getAttribute('href'),
      '/pipeline/proposals-with-group',
    )
    assert.equal(
      words(task('Proposals with the Credential Group')?.querySelector('.nhsuk-tag')?.text),
      '2 waiting',
    )
    assert.equal(words(task('Proposals to check')?.querySelector('.nhsuk-tag')?.text), 'None waiting')
    assert.ok(links.includes('/pipeline/needs-reviewers') && links.includes('/pipeline/decisions-due'))
    assert.ok(main.querySelectorAll('a').some((a) => a.getAttribute('href') === '/pipeline'))
  })

  it('opens the proposals list on the first state where proposals wait, with each state counted', async () => {
    const page = html((await admin.get('/proposals')).body)
    const selected = page.querySelector('select#state option[selected]')
    assert.match(words(selected?.text), /\(2\)$/)
    assert.equal(selected?.getAttribute('value'), 'with_group')
    assert.equal(words(page.querySelector('select#state option[value="submitted"]')?.text), 'To check (0)')
    assert.equal(page.querySelectorAll('main table tbody tr').length, 2)
  })

  it('shows every stage of the pipeline with its count and how long its items have waited', async () => {
    await proposals('submitted', 1, 21)
    const page = html((await admin.get('/pipeline')).body)
    const stages = page.querySelectorAll('main ol > li')
    assert.deepEqual(
      stages.map((li) => words(li.querySelector('h2')?.text).replace(/ (\d+ waiting|None waiting)$/, '')),
      PIPELINE_STAGES.map((stage, i) => `${i + 1}. ${STAGE_INFO[stage].title}`),
    )
    const toCheck = stages[0]
    assert.ok(toCheck)
    assert.match(words(toCheck.querySelector('h2')?.text), /1 waiting$/)
    const row = toCheck.querySelector('tbody tr')
    assert.ok(row)
    assert.match(words(row.querySelectorAll('td')[0]?.text), /submitted proposal 21 days 1/)
    assert.equal(words(row.querySelectorAll('td')[1]?.text), 'Waiting Waited 3 weeks')
    assert.match(row.querySelector('a')?.getAttribute('href') ?? '', /^\/proposals\/[0-9a-f-]{36}$/)
  })

  it("pages a stage's items, the longest waiting first", async () => {
    await proposals('submitted', 30, 2)
    const first = html((await admin.get('/pipeline/proposals-to-check')).body)
    assert.equal(words(first.querySelector('main p[role="status"]')?.text), '31 items waiting')
    const rows = first.querySelectorAll('main tbody tr')
    assert.equal(rows.length, 25)
    assert.equal(words(rows[0]?.querySelectorAll('td')[1]?.text), 'Waiting Waited 3 weeks')
    assert.equal(words(rows[1]?.querySelectorAll('td')[1]?.text), 'Waiting Waited 2 days')
    const second = html((await admin.get('/pipeline/proposals-to-check?page=2')).body)
    assert.equal(second.querySelectorAll('main tbody tr').length, 6)
    assert.equal((await admin.get('/pipeline/not-a-stage')).statusCode, 404)
  })

  it('sends an admin who is not a reviewer from /reviews to the reviews and decisions page', async () => {
    const res = await admin.get('/reviews')
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, '/decisions')
  })
})
