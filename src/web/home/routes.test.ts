// Every staff role's home grouped by stage with counts, the pipeline (each stage, its items and
// how long each has waited, paged, at volume, in one query), the proposals list opening where
// proposals wait, and /reviews for an admin.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createAccount, signedIn, type Agent } from '../../../test/support/agent.ts'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { insertApprovedDelivery } from '../../../test/support/award-fixture.ts'
import { html, words, type HTMLElement } from '../../../test/support/html.ts'
import { insertWaitingProposals } from '../../../test/support/list-fixture.ts'
import { fixedClock } from '../../domain/clock.ts'
import { PIPELINE_STAGES, STAGE_INFO } from '../../domain/pipeline.ts'
import { createWorkQueueService } from '../../services/work-queue.ts'

/** Each group of a home's section: its heading in words, and each task's link and count. */
function groupsOf(page: HTMLElement, role: string) {
  const main = page.querySelector('main')
  assert.ok(main)
  const headings = main.querySelectorAll('h2, h3.app-task-group, .app-task')
  const start = headings.findIndex((h) => h.tagName === 'H2' && words(h.text).startsWith(role))
  assert.ok(start >= 0, `a section for ${role}`)
  const groups: Array<{ heading: string; tasks: Array<{ title: string; href: string; tag: string }> }> = []
  for (const h of headings.slice(start + 1)) {
    if (h.tagName === 'H2') break
    if (h.classList.contains('app-task-group')) groups.push({ heading: words(h.text), tasks: [] })
    else
      groups.at(-1)?.tasks.push({
        title: words(h.querySelector('a')?.text),
        href: h.querySelector('a')?.getAttribute('href') ?? '',
        tag: words(h.querySelector('.nhsuk-tag')?.text),
      })
  }
  return groups
}

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
      'Specifications and reviews None waiting',
      // The eleven credentials of the 2022 catalogue: their periodic reviews fell due in 2025.
      'After publication 11 waiting',
      'Providers, deliveries and awards None waiting',
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

  it("lists the most overdue periodic reviews on a Centre admin's home, how long overdue in words, with a link to them all", async () => {
    const main = html((await admin.get('/home')).body).querySelector('main')
    assert.ok(main)
    const heading = main.querySelector('#overdue-periodic-reviews')
    assert.equal(words(heading?.text), 'Overdue periodic reviews 11 overdue')
    const items = main.querySelectorAll('ul[aria-labelledby="overdue-periodic-reviews"] li')
    assert.equal(items.length, 5, 'the first five only')
    assert.equal(words(items[0]?.text), 'Acute medicine Due 1 January 2025: 2 years and 2 months overdue')
    assert.equal(items[0]?.querySelector('a')?.getAttribute('href'), '/periodic-reviews/acute-medicine')
    const all = main.querySelectorAll('a').find((a) => a.getAttribute('href') === '/periodic-reviews#due')
    assert.equal(words(all?.text), 'See all 11 overdue periodic reviews')
    // An opened review is no longer overdue for opening.
    const row = await t.database.db
      .selectFrom('credential')
      .select(['row_version', 'id'])
      .where('slug', '=', 'acute-medicine')
      .executeTakeFirstOrThrow()
    const adminRow = await t.database.db
      .selectFrom('user_account')
      .select('id')
      .where('email', '=', 'admin@example.org')
      .executeTakeFirstOrThrow()
    await t.services.periodicReviews.openReview('acute-medicine', row.row_version, {
      userId: adminRow.id,
      label: 'admin@example.org',
      ip: null,
      name: 'Admin',
      roles: ['centre_admin'],
    })
    const after = html((await admin.get('/home')).body).querySelector('main')
    assert.equal(
      words(after?.querySelector('#overdue-periodic-reviews')?.text),
      'Overdue periodic reviews 10 overdue',
    )
    assert.ok(
      !after
        ?.querySelectorAll('a')
        .some((a) => a.getAttribute('href') === '/periodic-reviews/acute-medicine'),
    )
  })

  it('shows no overdue periodic reviews on the home of someone who is not a Centre admin', async () => {
    const author = await signedIn(t, 'author@example.org')
    const main = html((await author.get('/home')).body).querySelector('main')
    assert.ok(main)
    assert.equal(main.querySelector('#overdue-periodic-reviews'), null)
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

  it('shows recognition applications and open periodic reviews as stages of their own', async () => {
    const db = t.database.db
    const area = await db.selectFrom('clinical_area').select('id').orderBy('id').executeTakeFirstOrThrow()
    const submittedAt = new Date(Date.parse(NOW) - 35 * DAY)
    const credential = await db
      .insertInto('credential')
      .values({
        slug: 'royal-college-frailty',
        title: 'Royal College frailty curriculum',
        clinical_area_id: area.id,
        type: 'curriculum',
        status: 'tbc',
        origin: 'other_body',
        owner_name: 'Royal College of Examples',
        notes: JSON.stringify([]),
        lead_author_id: authorId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await db
      .insertInto('specification_version')
      .values({
        credential_id: credential.id,
        number: 1,
        kind: 'recognition',
        author_id: authorId,
        state: 'submitted',
        content: JSON.stringify({}),
        submitted_at: submittedAt,
        updated_at: submittedAt,
      })
      .execute()
    const adminId = (
      await db
        .selectFrom('user_account')
        .select('id')
        .where('email', '=', 'admin@example.org')
        .executeTakeFirstOrThrow()
    ).id
    await db
      .insertInto('periodic_review')
      .values({
        credential_id: credential.id,
        due_date: '2027-02-01',
        opened_by: adminId,
        opened_at: new Date(Date.parse(NOW) - 3 * DAY),
      })
      .execute()
    const page = html((await admin.get('/pipeline')).body)
    const stage = (id: string) => page.querySelector(`h2#${id}`)?.parentNode
    const recognition = stage('recognition-in-review')
    assert.ok(recognition)
    assert.match(
      words(recognition.querySelector('h2')?.text),
      /Recognition applications in review 1 waiting$/,
    )
    const row = recognition.querySelector('tbody tr')
    assert.match(words(row?.text), /Royal College frailty curriculum, version 1 Royal College of Examples/)
    assert.match(words(row?.text), /Waited 5 weeks$/)
    assert.equal(
      row?.querySelector('a')?.getAttribute('href'),
      '/specifications/royal-college-frailty/versions/1/reviewers',
    )
    const open = stage('periodic-reviews-open')
    // Another test here may have opened one of the 2022 credentials' reviews.
    const stillOpen = await db
      .selectFrom('periodic_review')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('closed_at', 'is', null)
      .executeTakeFirstOrThrow()
    assert.ok(Number(stillOpen.n) >= 1)
    assert.equal(
      words(open?.querySelector('h2')?.text).replace(/^\d+\. /, ''),
      `Periodic reviews open ${Number(stillOpen.n)} waiting`,
    )
    // The one opened here, three days before now, with how long it has waited.
    assert.ok(
      open?.querySelectorAll('tbody tr').some((tr) => /Waited 3 days$/.test(words(tr.text))),
      'the review opened three days ago',
    )
    // A recognition application is not counted as a specification as well.
    assert.match(words(stage('needs-reviewers')?.querySelector('h2')?.text), /None waiting$/)
    const home = groupsOf(html((await admin.get('/home')).body), 'Centre admin')
    const task = home.flatMap((g) => g.tasks).find((x) => x.title === 'Recognition applications in review')
    assert.deepEqual(task, {
      title: 'Recognition applications in review',
      href: '/pipeline/recognition-in-review',
      tag: '1 waiting',
    })
  })

  it('draws the pipeline from one statement counting every stage and one for each stage with items, and a stage of 10,000 items as its 5 longest waiting and a link to all', async () => {
    await insertWaitingProposals(t.database.db, {
      authorId,
      state: 'with_group',
      count: 10_000,
      from: new Date(Date.parse(NOW) - 400 * DAY),
      title: 'Volume proposal',
    })
    let queries = 0
    // A plugin's transformResult runs once for each statement sent to the database.
    const counting = t.database.db.withPlugin({
      transformQuery: (args) => args.node,
      transformResult: (args) => {
        queries++
        return Promise.resolve(args.result)
      },
    })
    const stages = await createWorkQueueService(counting).pipeline(new Date(NOW), '2027-03-01', 5)
    assert.equal(stages.length, PIPELINE_STAGES.length)
    assert.equal(queries, 1 + stages.filter((s) => s.total > 0).length)

    const page = html((await admin.get('/pipeline')).body)
    const withGroup = page.querySelector('h2#proposals-with-group')?.parentNode
    assert.ok(withGroup)
    assert.equal(words(withGroup.querySelector('.nhsuk-tag')?.text), '10,002 waiting')
    const rows = withGroup.querySelectorAll('tbody tr')
    assert.equal(rows.length, 5)
    assert.match(words(rows[0]?.text), /Volume proposal 1 Waiting Waited 13 months$/)
    const all = withGroup.querySelectorAll('a').find((a) => words(a.text).startsWith('See all'))
    assert.equal(words(all?.text), 'See all 10,002 items (proposals with the credential group)')
    assert.equal(all?.getAttribute('href'), '/pipeline/proposals-with-group')
    const full = html((await admin.get('/pipeline/proposals-with-group?page=401')).body)
    assert.equal(words(full.querySelector('main p[role="status"]')?.text), '10,002 items waiting')
    assert.equal(full.querySelectorAll('main tbody tr').length, 2)
  })
})

describe("each staff role's home, grouped by stage with counts", () => {
  let t: TestApp
  let authorId: string

  before(async () => {
    t = await createTestApp({}, { clock: fixedClock(NOW) })
    authorId = await createAccount(t, 'author@example.org', [{ role: 'specification_author' }])
    const from = new Date(Date.parse(NOW) - 30 * DAY)
    await insertWaitingProposals(t.database.db, {
      authorId,
      state: 'with_group',
      count: 3,
      from,
      title: 'Group',
    })
    await insertWaitingProposals(t.database.db, {
      authorId,
      state: 'submitted',
      count: 2,
      from,
      title: 'Checked',
    })
    await t.database.db
      .updateTable('proposal')
      .set({ state: 'deferred' })
      .where('title', '=', 'Group 3')
      .execute()
  })
  after(() => t.close())

  it('a Credential Group member: proposals put to the group, waiting and deferred, and those decided', async () => {
    await createAccount(t, 'member@example.org', [{ role: 'credential_group_member' }])
    const member = await signedIn(t, 'member@example.org')
    assert.deepEqual(groupsOf(html((await member.get('/home')).body), 'Credential Group member'), [
      {
        heading: 'Proposals put to the group 3 waiting',
        tasks: [
          { title: 'Proposals awaiting the group', href: '/proposals?state=with_group', tag: '2 waiting' },
          { title: 'Deferred proposals', href: '/proposals?state=deferred', tag: '1 waiting' },
        ],
      },
      {
        heading: 'Decided',
        tasks: [
          { title: 'Agreed proposals', href: '/proposals?state=agreed', tag: '' },
          { title: 'Declined proposals', href: '/proposals?state=declined', tag: '' },
        ],
      },
    ])
    const list = html((await member.get('/proposals?state=deferred')).body)
    assert.deepEqual(
      list.querySelectorAll('main tbody tr').map((r) => words(r.querySelector('a')?.text)),
      ['Group 3'],
    )
  })

  it('an author: their proposals, specifications and applications for recognition, empty ones saying so', async () => {
    await t.database.db
      .updateTable('proposal')
      .set({ state: 'returned' })
      .where('title', '=', 'Checked 1')
      .execute()
    const author = await signedIn(t, 'author@example.org')
    const groups = groupsOf(html((await author.get('/home')).body), 'Specification author')
    assert.deepEqual(
      groups.map((g) => g.heading),
      ['Proposals 4 waiting', 'Specifications None waiting', 'Recognition None waiting'],
    )
    assert.deepEqual(groups[0]?.tasks, [
      { title: 'Your proposals', href: '/proposals', tag: '1 waiting' },
      // Submitted and with the group; the deferred one waits on nobody.
      { title: 'Your proposals being decided', href: '/proposals', tag: '3 waiting' },
    ])
    assert.deepEqual(
      groups[2]?.tasks.map((x) => [x.title, x.href, x.tag]),
      [
        ['Your applications for recognition', '/recognition', 'None waiting'],
        ['Applications returned for revision', '/recognition', 'None waiting'],
        ['Apply for recognition', '/recognition/new', ''],
      ],
    )
  })

  it('an independent reviewer: their reviews, none yet, and the programmes they assess', async () => {
    await createAccount(t, 'reviewer@example.org', [{ role: 'independent_reviewer' }])
    const reviewer = await signedIn(t, 'reviewer@example.org')
    assert.deepEqual(groupsOf(html((await reviewer.get('/home')).body), 'Independent reviewer'), [
      {
        heading: 'Reviews None waiting',
        tasks: [
          { title: 'Reviews assigned to me', href: '/reviews', tag: 'None waiting' },
          { title: 'Programmes to assess', href: '/accreditations/assigned', tag: '' },
        ],
      },
    ])
  })

  it("provider admin and staff: their organisation's applications, returns, awards; tokens for the admin", async () => {
    const fixture = await insertApprovedDelivery(t.database.db, { organisationName: 'Home University' })
    await insertApprovedDelivery(t.database.db, { organisationId: fixture.organisationId, state: 'applied' })
    // Another provider's application is not theirs to count.
    await insertApprovedDelivery(t.database.db, { organisationName: 'Elsewhere', state: 'applied' })
    await createAccount(t, 'padmin@example.org', [
      { role: 'provider_admin', organisationId: fixture.organisationId },
    ])
    await createAccount(t, 'pstaff@example.org', [
      { role: 'provider_staff', organisationId: fixture.organisationId },
    ])
    const adminGroups = groupsOf(
      html((await (await signedIn(t, 'padmin@example.org')).get('/home')).body),
      'Provider admin: Home University',
    )
    assert.deepEqual(
      adminGroups.map((g) => g.heading),
      ['Deliveries 1 waiting', 'Quality returns None waiting', 'Learners and awards', 'Your organisation'],
    )
    assert.deepEqual(adminGroups[0]?.tasks[0], {
      title: 'Applications waiting for the Centre',
      href: '/provider/deliveries?state=applied',
      tag: '1 waiting',
    })
    assert.ok(adminGroups[3]?.tasks.some((x) => x.href === '/provider/api-tokens'))
    assert.ok(
      adminGroups[3]?.tasks.some((x) => x.href === '/reports/take-up'),
      'their figures',
    )
    const staff = await signedIn(t, 'pstaff@example.org')
    const staffGroups = groupsOf(html((await staff.get('/home')).body), 'Provider staff: Home University')
    assert.equal(staffGroups[0]?.heading, 'Deliveries 1 waiting')
    assert.ok(!staffGroups.flatMap((g) => g.tasks).some((x) => x.href === '/provider/api-tokens'))
    const applied = html((await staff.get('/provider/deliveries?state=applied')).body)
    assert.equal(applied.querySelectorAll('main tbody tr').length, 1)
  })
})
