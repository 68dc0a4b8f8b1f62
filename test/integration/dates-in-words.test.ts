// No page and no e-mail shows a date as YYYY-MM-DD: people read "30 June 2026"
// (src/domain/dates.ts). The pages are found the way a person finds them: each demo account,
// and an anonymous visitor, starts from every page that needs no id and follows the links it
// is shown, on the demo records at every stage of every process (with a few more records the
// demo lacks, and a few pages opened by their address or by the link an e-mail carries). Every
// page route must be reached by someone, or the test says which was not. The e-mails are every message the
// outbox holds after the demo records were made and the journeys that send the remaining
// kinds were taken; the test names each kind, so a new kind of e-mail is checked too.
import { decideAtMeeting, seedDemoMeetings } from '../../src/db/seed/demo-meetings.ts'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Node } from 'node-html-parser'
import { TextNode } from 'node-html-parser'
import { createTestApp, type TestApp } from '../support/app.ts'
import { Agent, createAccount, latestLinkTo, signedIn } from '../support/agent.ts'
import { html, HTMLElement, words } from '../support/html.ts'
import { createDemoAccounts } from '../../src/db/seed/demo-accounts.ts'
import { DEMO_TITLES, demoActor, seedDemoProcess } from '../../src/db/seed/demo-process.ts'
import { seedDemoProvider } from '../../src/db/seed/demo-provider.ts'
import { seedDemoGatewayCheck } from '../../src/db/seed/demo-gateway.ts'
import { sendToGroup } from '../support/gateway-check.ts'
import { AWARD_COLUMNS } from '../../src/domain/award-rows.ts'
import { DEMO_PRACTITIONER_PASSWORD, seedDemoPractitioners } from '../../src/db/seed/demo-practitioners.ts'
import { seedDemoConsultations } from '../../src/db/seed/demo-consultations.ts'
import { seedDemoNeed } from '../../src/db/seed/demo-need.ts'

const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b/g

/**
 * The text a person reads on the page. Left out: scripts and styles (the JSON-LD a page
 * carries for machines is a script), a <textarea>'s content (what someone typed, shown back
 * to them as they typed it) and attribute values (a <time datetime>, an <input> value, a
 * link's address), which are for browsers, not readers; and <code> and <pre>, which show
 * machine data as it is held (a column name, a value as a file must have it, the raw record of
 * an audit event), where YYYY-MM-DD is what the reader needs to see.
 */
const SKIPPED = ['script', 'style', 'template', 'textarea', 'code', 'pre']
function readableText(page: string): string {
  const parts: string[] = []
  const walk = (node: Node) => {
    if (node instanceof TextNode) parts.push(node.text)
    else if (node instanceof HTMLElement && SKIPPED.includes(node.rawTagName)) return
    else for (const child of node.childNodes) walk(child)
    parts.push(' ')
  }
  walk(html(page))
  return words(parts.join(' '))
}

/** Each ISO date in the text, with a few words either side, to find it on the page. */
const isoDatesIn = (text: string) =>
  [...text.matchAll(ISO_DATE)].map((m) => text.slice(Math.max(0, m.index - 50), m.index + 60))

/** At most this many addresses of one route per visitor: more of a template says nothing new. */
const PER_ROUTE = 4

interface Found {
  page: string
  visitor: string
  dates: string[]
}

/**
 * Page routes no visitor reaches by following links on the demo records, each with why; the
 * test fails when one of them becomes reachable (take it off) or another stops being.
 */
const FILE = 'a file (JSON, CSV or an upload), not a page; no demo record links to one'
const NOT_REACHED: Record<string, string> = {
  '/achievements/:slug/:number': FILE,
  '/status/:id/:purpose': FILE,
  '/issuers/:id': FILE,
  '/ctdl/credentials/:file': FILE,
  '/ctdl/organisations/:file': FILE,
  '/documents/files/:id': FILE,
  '/provider/imports/:id/problems.csv': FILE,
  '/provider/imports/:id/progress.json': FILE,
  '/openid4vci/offers/:code':
    'a JSON document for wallets, at a secret address made only when a holder asks for an offer',
  // The demo records hold no draft application for recognition, nor one waiting for a decision;
  // these pages show no dates, and the recognition route and browser tests open them.
  '/recognition/:slug/check': 'no demo application for recognition is a draft',
  '/recognition/:slug/sections/:section': 'no demo application for recognition is a draft',
  '/recognition/:slug/decision': 'no demo application for recognition waits for a decision',
  // The chair's page to close an item is linked once the votes decide it; no demo meeting's do
  // yet (the held one is closed). The group meeting route and browser tests open it.
  '/group-meetings/:id/items/:itemId/close': 'no demo meeting has an item the votes have decided yet',
  // The demo application at the panel waits for the provider's answer, so none can be decided
  // yet; the programme accreditation route test and the accessibility sweep open the page.
  '/accreditations/:id/decision': 'no demo application for accreditation is ready for a decision',
  // This test's records hold no ePortfolio (seed:demo's are not loaded here); these pages show
  // dates only through the date filters, and src/web/eportfolio/routes.test.ts opens them.
  '/eportfolio/:id': 'no ePortfolio among this test’s records',
  '/eportfolio/:id/sign-off': 'no ePortfolio among this test’s records',
  '/eportfolio/:id/assessment': 'no ePortfolio among this test’s records',
  '/admin/eportfolios/:id': 'no ePortfolio among this test’s records',
  '/eportfolio/testimonials/confirm': 'no ePortfolio among this test’s records, so no testimonial link',
}

/** Each kind of e-mail by its subject. */
const MAIL_KINDS = [
  /^Application for recognition submitted: /,
  /^Change your response to "/,
  /^Concern raised about your quality return: /,
  /^Confirm you want to hear of new consultations$/,
  /^Confirm your email address$/,
  /^Confirm your response to "/,
  /^Conflict of interest: /,
  /^Credential withdrawn: /,
  /^Decision: /,
  /^Decision due: /,
  /^For the Credential Group: /,
  /^For the Credential Group again: /,
  /^New consultation: /,
  /^New expected date: /,
  /^New version to draft: /,
  /^New version to write: /,
  /^Periodic review due /,
  /^Periodic review due today, /,
  /^Periodic review overdue by /,
  /^Periodic review opened: /,
  /^Please review: /,
  /^Proposal to check: /,
  /^Quality return accepted: /,
  /^Quality return due /,
  /^Quality return submitted: /,
  /^Reset your password$/,
  /^Specification submitted: /,
  /^The Credential Group's decision: /,
  /^You already have an account$/,
  /^You have been awarded /,
  /^You have been invited to Advancing Practice Credentials$/,
  /^Your award of .* has been reinstated$/,
  /^Your award of .* has been revoked$/,
  /^Your award of .* has been suspended$/,
  /^Your delivery of .*: approved$/,
  /^Your delivery of .*: approved with conditions$/,
  /^Your delivery of .*: declined$/,
  /^Your delivery of .*: withdrawn$/,
  /^Your delivery of .*: suspended$/,
  /^Your delivery of .* is reinstated$/,
  /^Your proposal needs changes: /,
  /^Your proposal is with the Credential Group: /,
  /^What we heard: /,
]

let t: TestApp
/** The pages of consultations opened by their address or by the link an e-mail carries. */
const consultationLinks: string[] = []
const reached = new Set<string>()
const files = new Set<string>()
const redirects = new Set<string>()
const found: Found[] = []
let pages = 0

/** The route a path is served by: the static one before one with parameters. */
function routeMatcher(routes: string[]) {
  const compiled = routes
    .map((route) => ({
      route,
      params: (route.match(/[:*]/g) ?? []).length,
      pattern: new RegExp(
        `^${route
          .replace(/[.]/g, '\\.')
          .replace(/:[^/]+/g, '[^/]+')
          .replace(/\*/g, '.*')}$`,
      ),
    }))
    .sort((a, b) => a.params - b.params)
  return (path: string) => compiled.find((c) => c.pattern.test(path))?.route
}

async function crawl(
  visitor: string,
  agent: Agent,
  starts: string[],
  routeOf: (path: string) => string | undefined,
) {
  const seen = new Set<string>()
  const perRoute = new Map<string, number>()
  const queue = [...starts]
  while (queue.length) {
    const url = queue.shift()!
    if (seen.has(url)) continue
    seen.add(url)
    const path = url.split('?')[0]!
    const route = routeOf(path)
    if (!route) continue
    const count = perRoute.get(route) ?? 0
    if (count >= PER_ROUTE) continue
    perRoute.set(route, count + 1)
    const res = await agent.get(url)
    if (res.statusCode === 302 || res.statusCode === 303) {
      redirects.add(route)
      const location = String(res.headers.location ?? '')
      if (location.startsWith('/') && !location.startsWith('//')) queue.push(location)
      continue
    }
    if (res.statusCode !== 200) continue
    if (!String(res.headers['content-type']).startsWith('text/html')) {
      files.add(route)
      continue
    }
    pages++
    reached.add(route)
    const dates = isoDatesIn(readableText(res.body))
    if (dates.length) found.push({ page: url, visitor, dates })
    for (const a of html(res.body).querySelectorAll('a[href]')) {
      const href = a.getAttribute('href') ?? ''
      if (!href.startsWith('/') || href.startsWith('//')) continue
      const target = href.split('#')[0]!
      if (target && !seen.has(target)) queue.push(target)
    }
  }
}

before(async () => {
  t = await createTestApp()
  await createDemoAccounts(t.database.db, t.services)
  await seedDemoProcess(t.database.db, t.services)
  await seedDemoMeetings(t.database.db, t.services)
  await seedDemoGatewayCheck(t.database.db, t.services)
  await seedDemoProvider(t.database.db, t.services)
  await seedDemoPractitioners(t.database.db, t.services)
  // Someone who hears of new consultations, before the demo ones are published, and the
  // e-mails those send (the worker's jobs, run here).
  await t.services.consultationOutcomes.subscribe({
    email: 'sam.subscriber@example.org',
    areaId: null,
    userId: null,
  })
  const confirmLink = await latestLinkTo(t, 'sam.subscriber@example.org', '/consultations/subscribe/confirm')
  await t.services.consultationOutcomes.confirmSubscription(
    new URL(confirmLink, 'https://x').searchParams.get('token') ?? '',
  )
  await seedDemoConsultations(t.database.db, t.services)
  await seedDemoNeed(t.database.db, t.services)
  for (const job of await t.database.db
    .selectFrom('job')
    .select('payload')
    .where('kind', '=', 'consultation-notices')
    .execute())
    await t.services.consultationOutcomes.runNoticeJob(job.payload)
  await t.services.consultationOutcomes.subscribe({
    email: 'pat.pending@example.org',
    areaId: null,
    userId: null,
  })
  // CPD with evidence, which the demo records do not have.
  const practitioner = await t.database.db
    .selectFrom('user_account')
    .select('id')
    .where('email', '=', 'practitioner@demo.invalid')
    .executeTakeFirstOrThrow()
  await t.services.portfolio.addActivity(
    { userId: practitioner.id, label: 'test', ip: null },
    {
      title: 'Frailty study day',
      day: '14',
      month: '3',
      year: '2026',
      hours: '6.5',
      type: 'course',
      reflection: 'Comprehensive geriatric assessment in practice.',
      capabilities: ['1.6'],
    },
    { filename: 'certificate.pdf', content: Buffer.from('%PDF-1.4\n%%EOF\n') },
  )
  // A credential from elsewhere in the portfolio: an Open Badges 2.0 assertion, as uploaded.
  await t.services.portfolio.addExternal(
    { userId: practitioner.id, label: 'test', ip: null },
    {
      filename: 'handling.json',
      content: Buffer.from(
        JSON.stringify({
          '@context': 'https://w3id.org/openbadges/v2',
          id: 'https://badges.example.org/assertions/123',
          type: 'Assertion',
          recipient: { type: 'email', hashed: false, identity: 'practitioner@demo.invalid' },
          badge: { name: 'Moving and handling' },
          issuedOn: '2025-06-30T23:59:59+00:00',
          verification: { type: 'hosted' },
        }),
      ),
    },
  )
  // An API token of the demo provider, which the demo records do not have.
  const provider = await t.database.db
    .selectFrom('delivery')
    .select('organisation_id')
    .executeTakeFirstOrThrow()
  await t.services.apiTokens.create(provider.organisation_id, 'Student records system', {
    userId: null,
    label: 'test',
    ip: null,
  })
  // The demo provider's first signing key retired, so it can be marked compromised.
  await t.services.issuers.rotate(provider.organisation_id, { userId: null, label: 'test', ip: null })
  // A proposal returned to its author, who may change it.
  const author = await demoActor(t.database.db, t.services, 'author')
  const centre = await demoActor(t.database.db, t.services, 'centre-admin')
  const options = await t.services.proposals.formOptions()
  const returned = await t.services.proposals.create(
    {
      clinicalAreaId: options.areas[0]!.id,
      title: 'Returned idea',
      need: 'Unwarranted variation in care.',
      targetProfessions: ['Nurse'],
      evidence: 'National audit data.',
      gatewayAnswers: Object.fromEntries(options.gateway.criteria.map((c) => [c.code, 'Met.'])),
    },
    author,
  )
  const submitted = await t.services.proposals.submit(returned, 1, author)
  await t.services.proposals.check(returned, submitted, 'return', 'Add the evidence of need.', centre)
  // A periodic review open (not the published credential's, which the e-mails take through
  // one later), so that its withdrawal page is offered.
  const dueForReview = await t.database.db
    .selectFrom('credential')
    .select('slug')
    .where('next_review_due', 'is not', null)
    .where('title', '!=', DEMO_TITLES.published)
    .orderBy('next_review_due')
    .executeTakeFirstOrThrow()
  const toOpen = await t.services.periodicReviews.get(dueForReview.slug, t.services.clock.today())
  await t.services.periodicReviews.openReview(dueForReview.slug, toOpen!.rowVersion, centre)
  // A file of awards the demo provider uploaded, waiting for its turn.
  const upload = await t.services.awardImports.deliveryForUpload(
    (await t.database.db.selectFrom('delivery').select('id').executeTakeFirstOrThrow()).id,
    [provider.organisation_id],
  )
  await t.services.awardImports.queueCsv(
    upload!,
    {
      content: Buffer.from(
        `${AWARD_COLUMNS.join(',')}\nUma,Upload,uma.upload@example.org,Nurse,NMC,12A3456E,holds_msc,,University of Leeds,2019,2026-07-15\n`,
      ),
      filename: 'awards.csv',
    },
    { userId: null, label: 'test', ip: null },
  )
  // A background job that stopped being tried, which the Centre may queue again.
  const dead = await t.services.jobs.enqueue(t.database.db, 'award-import', {}, { key: 'dates:dead' })
  await t.database.db
    .updateTable('job')
    .set({
      state: 'dead',
      attempts: 5,
      finished_at: new Date(),
      last_error: 'Error: the upload could not be read',
    })
    .where('id', '=', dead)
    .execute()
  // The demo delivery's first quality return, a year after it starts, as the reminder job makes it.
  await t.services.qualityReturns.ensureReturns('2027-01-05')
  // Consultations: a draft with a question (its pages to change it), and one open on the
  // version under review, with an anonymous response confirmed by its e-mailed link.
  const today = t.services.clock.today()
  const inAMonth = new Date(Date.parse(`${today}T12:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10)
  const version = (await t.services.consultations.consultableVersions())[0]!
  const draftInput = {
    title: 'Draft consultation',
    purpose: 'To ask.',
    audience: 'Everyone',
    subject: 'document',
    documentBody: '## Our approach\n\nOne paragraph.',
    specificationVersionId: '',
    areaSlug: '',
    opensOn: { date: today },
    closesOn: { date: inAMonth },
  }
  const draft = await t.services.consultations.createDraft(draftInput, centre)
  await t.services.consultations.addQuestion(
    draft,
    1,
    { kind: 'agreement', prompt: 'Is it right?', hint: '', required: 'yes', options: '' },
    centre,
  )
  const open = await t.services.consultations.createDraft(
    {
      ...draftInput,
      title: 'Open consultation',
      subject: 'specification',
      documentBody: '',
      specificationVersionId: version.id,
    },
    centre,
  )
  await t.services.consultations.addQuestion(
    open,
    1,
    { kind: 'text', prompt: 'Anything else?', hint: '', required: 'no', options: '' },
    centre,
  )
  await t.services.consultations.publish(open, 2, centre)
  const visitorActor = { userId: null, label: 'anonymous', ip: null }
  await t.services.consultations.submitResponse(
    open,
    { kind: 'anonymous', name: 'Rae Responder', email: 'rae.responder@example.org' },
    {
      organisation: '',
      capacity: 'other',
      profession: '',
      region: '',
      publication: 'anonymous',
      answers: {},
      comments: {},
      newComment: null,
      rowVersion: -1,
    },
    visitorActor,
  )
  consultationLinks.push(await latestLinkTo(t, 'rae.responder@example.org', `/consultations/${open}/confirm`))
  const confirmToken = new URL(consultationLinks[0]!, 'https://x.invalid').searchParams.get('token') ?? ''
  await t.services.consultations.confirmResponse(confirmToken, visitorActor)
  consultationLinks.push(await latestLinkTo(t, 'rae.responder@example.org', `/consultations/${open}/respond`))
  consultationLinks.push(`/consultations/${open}/check-email`)
})
after(() => t.close())

describe('dates in words', () => {
  it('no page shows a date as YYYY-MM-DD, to anyone, on records at every stage', async () => {
    const pageRoutes = [
      ...new Set(
        t.app.registeredRoutes
          .filter((r) => r.method === 'GET')
          .map((r) => r.url)
          .filter((url) => !/^\/(api|health|assets)(\/|$)/.test(url)),
      ),
    ]
    const routeOf = routeMatcher(pageRoutes)
    const reviewed = await t.database.db
      .selectFrom('credential')
      .select('slug')
      .where('next_review_due', 'is not', null)
      .orderBy('next_review_due')
      .limit(2)
      .execute()
    const returns = await t.database.db.selectFrom('quality_return').select('id').execute()
    const openReviews = () =>
      t.database.db.selectFrom('credential').select('slug').where('status', '=', 'periodic_review').execute()
    // A credential the Centre published before this service, whose page offers where: the
    // crawl's first few credential pages need not be one.
    const documented = await t.database.db
      .selectFrom('credential')
      .select('slug')
      .where('origin', '=', 'centre')
      .where('status', 'in', ['endorsed', 'in_delivery'])
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('specification_version as v')
              .select('v.id')
              .whereRef('v.credential_id', '=', 'credential.id')
              .where('v.state', '=', 'published'),
          ),
        ),
      )
      .orderBy('slug')
      .limit(1)
      .execute()
    // The proposal agreed for the draft, which offers to change its expected date: the crawl's
    // first few proposal pages need not be it.
    const agreed = await t.database.db
      .selectFrom('proposal')
      .select('id')
      .where('title', '=', DEMO_TITLES.draft)
      .execute()
    const published = await t.database.db
      .selectFrom('credential')
      .select('slug')
      .where('title', '=', DEMO_TITLES.published)
      .execute()
    const starts = [
      '/home',
      ...documented.map((c) => `/credentials/${c.slug}`),
      ...agreed.map((p) => `/proposals/${p.id}`),
      // No page links to the specification as a whole (pages link to its versions): the address
      // the demo command prints for the published specification.
      ...published.map((c) => `/credentials/${c.slug}/specification`),
      ...pageRoutes.filter((r) => !/[:*]/.test(r)),
      // Listed only as they fall due or once submitted: the demo's are opened by their address.
      ...reviewed.map((c) => `/periodic-reviews/${c.slug}`),
      ...(await openReviews()).map((c) => `/periodic-reviews/${c.slug}`),
      ...returns.map((r) => `/quality-returns/${r.id}`),
    ]
    // The pages an e-mail opens, by the link (and its token) in the e-mail.
    const visitor = new Agent(t.app)
    await visitor.submit('/forgot-password', '/forgot-password', { email: 'reviewer@demo.invalid' })
    const inviter = await signedIn(t, 'centre-admin@demo.invalid', 'demo-centre-admin-password')
    await inviter.submit('/admin/invitations', '/admin/invitations', {
      email: 'iris.invited@example.org',
      displayName: 'Iris Invited',
      role: 'independent_reviewer',
    })
    const emailed = [
      await latestLinkTo(t, 'reviewer@demo.invalid', '/reset-password'),
      await latestLinkTo(t, 'iris.invited@example.org', '/invitations/accept'),
      await latestLinkTo(t, 'pat.pending@example.org', '/consultations/subscribe/confirm'),
      await latestLinkTo(t, 'sam.subscriber@example.org', '/consultations/unsubscribe'),
      ...consultationLinks,
    ]
    await crawl('anonymous', new Agent(t.app), [...starts, ...emailed], routeOf)
    const demo = await t.database.db
      .selectFrom('user_account')
      .select('email')
      .where('is_demo', '=', true)
      .orderBy('email')
      .execute()
    for (const { email } of demo) {
      const key = email.split('@')[0]!
      const password = email.endsWith('@demo.invalid') ? `demo-${key}-password` : DEMO_PRACTITIONER_PASSWORD
      await crawl(email, await signedIn(t, email, password), starts, routeOf)
    }
    assert.deepEqual(found, [], 'dates shown as YYYY-MM-DD')
    assert.ok(pages > 300, `${pages} pages were read`)
    const notReached = pageRoutes.filter((r) => !reached.has(r) && !files.has(r) && !redirects.has(r)).sort()
    assert.deepEqual(
      notReached,
      Object.keys(NOT_REACHED).sort(),
      'every page route is reached, or says why not',
    )
  })

  it('no e-mail shows a date as YYYY-MM-DD, of every kind the service sends', async () => {
    // The kinds the demo records do not send: accounts, an award suspended, reinstated and
    // revoked, reminders.
    const anonymous = new Agent(t.app)
    await anonymous.submit('/forgot-password', '/forgot-password', { email: 'provider-admin@demo.invalid' })
    await anonymous.submit('/forgot-password', '/forgot-password', { email: 'nobody@example.org' })
    await anonymous.submit('/register', '/register', {
      displayName: 'Noor New',
      email: 'noor.new@example.org',
      password: 'a long enough password for noor',
      confirmPassword: 'a long enough password for noor',
    })
    await anonymous.submit('/register', '/register', {
      displayName: 'Noor Again',
      email: 'provider-admin@demo.invalid',
      password: 'a long enough password for noor',
      confirmPassword: 'a long enough password for noor',
    })
    const admin = await signedIn(t, 'centre-admin@demo.invalid', 'demo-centre-admin-password')
    await admin.submit('/admin/invitations', '/admin/invitations', {
      email: 'ines.invited@example.org',
      displayName: 'Ines Invited',
      role: 'independent_reviewer',
    })
    const award = await t.database.db
      .selectFrom('award')
      .select(['id', 'row_version'])
      .orderBy('created_at')
      .executeTakeFirstOrThrow()
    const centreAdmin = await t.database.db
      .selectFrom('user_account')
      .select('id')
      .where('email', '=', 'centre-admin@demo.invalid')
      .executeTakeFirstOrThrow()
    const awardsViewer = {
      userId: centreAdmin.id,
      label: 'centre-admin@demo.invalid',
      name: 'Demo Centre Admin',
      ip: null,
      roles: ['centre_admin' as const],
      organisationIds: [],
    }
    const awardVersion = async () =>
      (
        await t.database.db
          .selectFrom('award')
          .select('row_version')
          .where('id', '=', award.id)
          .executeTakeFirstOrThrow()
      ).row_version
    await t.services.awards.changeAwardStatus(
      award.id,
      award.row_version,
      'suspend',
      'Checking the assessment records.',
      awardsViewer,
      'under_investigation',
    )
    await t.services.awards.changeAwardStatus(
      award.id,
      await awardVersion(),
      'reinstate',
      'The records are in order.',
      awardsViewer,
    )
    await t.services.awards.changeAwardStatus(
      award.id,
      await awardVersion(),
      'revoke',
      'Awarded to the wrong learner.',
      awardsViewer,
      'issued_in_error',
    )
    const due = await t.database.db
      .selectFrom('credential')
      .select('next_review_due')
      .where('next_review_due', 'is not', null)
      .orderBy('next_review_due')
      .executeTakeFirstOrThrow()
    const weekBefore = (day: string) => new Date(Date.parse(day) - 7 * 86_400_000).toISOString().slice(0, 10)
    await t.services.periodicReviews.sendDueReminders(weekBefore(String(due.next_review_due)))
    // Then on the due date, and today, when the 2022 catalogue's reviews are long overdue.
    await t.services.periodicReviews.sendDueReminders(String(due.next_review_due))
    await t.services.periodicReviews.sendDueReminders(t.services.clock.today())
    await t.services.qualityReturns.ensureReturns('2027-01-05')
    await t.services.qualityReturns.sendDueReminders('2027-01-05')

    // The kinds the rest of the process sends, taken on the demo records (the pages were read
    // before, so what these change is not shown to the crawl).
    const db = t.database.db
    const centre = await demoActor(db, t.services, 'centre-admin')
    const author = await demoActor(db, t.services, 'author')
    const providerAdmin = await demoActor(db, t.services, 'provider-admin')
    const delivery = await db
      .selectFrom('delivery')
      .select(['id', 'organisation_id'])
      .orderBy('applied_at')
      .executeTakeFirstOrThrow()
    const deliveryVersion = async () =>
      (
        await db
          .selectFrom('delivery')
          .select('row_version')
          .where('id', '=', delivery.id)
          .executeTakeFirstOrThrow()
      ).row_version
    await t.services.deliveries.act(
      delivery.id,
      await deliveryVersion(),
      'suspend',
      'Assessment records are missing.',
      centre,
      null,
    )
    await t.services.deliveries.act(
      delivery.id,
      await deliveryVersion(),
      'reinstate',
      'The records were found.',
      centre,
      null,
    )

    const qualityReturn = await db
      .selectFrom('quality_return')
      .select('id')
      .where('delivery_id', '=', delivery.id)
      .executeTakeFirstOrThrow()
    const returnVersion = async () =>
      (
        await db
          .selectFrom('quality_return')
          .select('row_version')
          .where('id', '=', qualityReturn.id)
          .executeTakeFirstOrThrow()
      ).row_version
    const submitReturn = async () =>
      t.services.qualityReturns.submit(
        qualityReturn.id,
        [delivery.organisation_id],
        await returnVersion(),
        {
          cohortStarted: '24',
          cohortCompleted: '20',
          outcomes: 'Twenty completed.',
          changes: '',
          concerns: '',
        },
        providerAdmin,
      )
    await submitReturn()
    await t.services.qualityReturns.decide(
      qualityReturn.id,
      await returnVersion(),
      'raise_concern',
      'Four did not complete: why?',
      centre,
    )
    await submitReturn()
    await t.services.qualityReturns.decide(qualityReturn.id, await returnVersion(), 'accept', '', centre)

    // The delivery withdrawn by its provider; applied for again, declined; and again, approved
    // with conditions.
    await t.services.deliveries.act(
      delivery.id,
      await deliveryVersion(),
      'withdraw',
      'The programme is closing.',
      providerAdmin,
      delivery.organisation_id,
    )
    const deliverable = (await t.services.deliveries.deliverableCredentials()).find(
      (c) => c.title === DEMO_TITLES.published,
    )!
    const [programme] = await t.services.programmes.listProgrammes(delivery.organisation_id)
    const applyAgain = () =>
      t.services.deliveries.applyToDeliver(
        delivery.organisation_id,
        {
          credentialId: deliverable.credentialId,
          mode: 'blended',
          startDate: '2027-09-06',
          expectedCohort: '12',
          assessment: 'A portfolio of cases and an observed examination.',
          programmeId: programme!.id,
        },
        providerAdmin,
      )
    await t.services.deliveries.act(
      await applyAgain(),
      1,
      'decline',
      'The assessment misses two outcomes.',
      centre,
      null,
    )
    await t.services.deliveries.act(
      await applyAgain(),
      1,
      'approve_with_conditions',
      'Add an observed examination.',
      centre,
      null,
    )

    // A reviewer with a conflict of interest in the version under review.
    const sepsis = await db
      .selectFrom('credential')
      .select('slug')
      .where('status', '=', 'under_review')
      .executeTakeFirstOrThrow()
    const conflictedId = await createAccount(t, 'rhea.reviewer@example.org', [
      { role: 'independent_reviewer' },
    ])
    const conflicted = {
      ...centre,
      userId: conflictedId,
      label: 'rhea.reviewer@example.org',
      name: 'Rhea Reviewer',
      roles: ['independent_reviewer' as const],
    }
    const assignmentId = await t.services.reviews.assign(sepsis.slug, 1, conflictedId, centre)
    const assignment = await t.services.reviews.review(assignmentId, conflicted)
    await t.services.reviews.declare(
      assignmentId,
      assignment.assignment.rowVersion,
      true,
      'I wrote part of it.',
      conflicted,
    )

    // A proposal returned to its author, and one deferred and put back to the group.
    const options = await t.services.proposals.formOptions()
    const propose = async (title: string) => {
      const id = await t.services.proposals.create(
        {
          clinicalAreaId: options.areas[0]!.id,
          title,
          need: 'Unwarranted variation in care.',
          targetProfessions: ['Nurse'],
          evidence: 'National audit data.',
          gatewayAnswers: Object.fromEntries(options.gateway.criteria.map((c) => [c.code, 'Met.'])),
        },
        author,
      )
      return { id, rowVersion: await t.services.proposals.submit(id, 1, author) }
    }
    const returned = await propose('Returned again')
    await t.services.proposals.check(
      returned.id,
      returned.rowVersion,
      'return',
      'Add the evidence of need.',
      centre,
    )
    const deferred = await propose('Deferred idea')
    await sendToGroup(t.services, deferred.id, deferred.rowVersion, centre)
    const members = await Promise.all(
      ['credential-group', 'credential-group-2', 'credential-group-3'].map((k) =>
        demoActor(db, t.services, k),
      ),
    )
    await decideAtMeeting(t.services, deferred.id, 'defer', {
      chair: centre,
      members,
      reason: 'Wait for the workforce review.',
    })
    const decided = (await t.services.proposals.get(deferred.id, centre))!.rowVersion
    await t.services.proposals.reconsider(deferred.id, decided, centre)

    // A credential in development given a new expected date.
    const developing = await db
      .selectFrom('credential')
      .select(['slug', 'row_version'])
      .where('title', '=', DEMO_TITLES.draft)
      .executeTakeFirstOrThrow()
    await t.services.proposals.changeExpectedDate(
      developing.slug,
      developing.row_version,
      { season: 'spring', year: 2028 },
      'The expert group meets later.',
      centre,
    )

    // The published credential: at periodic review a new version for its author, then withdrawn.
    const published = await db
      .selectFrom('credential')
      .select('slug')
      .where('title', '=', DEMO_TITLES.published)
      .executeTakeFirstOrThrow()
    const reviewVersion = async () =>
      (await t.services.periodicReviews.get(published.slug, t.services.clock.today()))!.rowVersion
    await t.services.periodicReviews.openReview(published.slug, await reviewVersion(), centre)
    await t.services.specifications.startVersion(published.slug, centre, { authorId: author.userId })
    await t.services.periodicReviews.withdraw(
      published.slug,
      await reviewVersion(),
      'No longer needed.',
      centre,
    )

    const mails = await t.database.db.selectFrom('email_outbox').select(['subject', 'body_text']).execute()
    const subjects = mails.map((m) => m.subject)
    for (const kind of MAIL_KINDS)
      assert.ok(
        subjects.some((s) => kind.test(s)),
        `an e-mail ${kind} was sent: ${subjects.join('; ')}`,
      )
    const dated = mails.filter((m) => isoDatesIn(`${m.subject}\n${m.body_text}`).length)
    assert.deepEqual(dated, [])
  })
})
