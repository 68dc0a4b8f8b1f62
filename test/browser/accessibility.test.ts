// Every page, in a real browser, as the person who uses it sees it, checked by axe-core
// against WCAG 2.2 AA. The list of pages comes from the app's own routes, and each route
// needs a decided way to visit it, so a new page cannot ship without being checked.
import { decideAtMeeting } from '../../src/db/seed/demo-meetings.ts'
import {
  accreditForSeed,
  type SeedAccreditation,
  type SeedStage,
} from '../../src/db/seed/demo-accreditation.ts'
import type { Role } from '../../src/domain/accounts.ts'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { after, before, describe, it, type TestContext } from 'node:test'
import type { BrowserContext, Page } from 'playwright-core'
import Fastify from 'fastify'
import { latestLinkTo } from '../support/agent.ts'
import { insertPublishedExample, publishedExample } from '../support/publication.ts'
import { insertConsultation } from '../support/consultations.ts'
import { deliveryFixture } from '../support/deliveries.ts'
import { AWARD_COLUMNS } from '../../src/domain/award-rows.ts'
import { PIPELINE_STAGES } from '../../src/domain/pipeline.ts'
import { DASHBOARDS } from '../../src/domain/statistics.ts'
import { sendToGroup } from '../support/gateway-check.ts'
import {
  addSessionCookie,
  assertAccessible,
  createOrganisation,
  createPerson,
  getPageRoutePaths,
  getRoutePaths,
  isParameterised,
  navigation,
  newContext,
  signInWithForm,
  startBrowserHarness,
  type BrowserHarness,
} from '../support/browser.ts'

const PACKAGED_STYLESHEET = path.join(
  path.dirname(createRequire(import.meta.url).resolve('nhsuk-frontend/package.json')),
  'dist/nhsuk/nhsuk-frontend.min.css',
)

interface ApiList {
  items: Array<{ slug: string; status: string; type: string; origin: string; level: number | null }>
  total: number
  pageCount: number
}

/**
 * One credential of each shape the credential page takes (status, kind, origin, level known
 * or not), read page by page from the public API. The page is one template: a second record
 * of the same shape shows the same markup with other words, which axe would judge the same.
 */
async function credentialOfEachShape(baseUrl: string): Promise<string[]> {
  const shapes = new Map<string, string>()
  let seen = 0
  for (let page = 1; ; page++) {
    const response = await fetch(`${baseUrl}/api/v1/credentials?pageSize=100&page=${page}`)
    assert.equal(response.status, 200)
    const list = (await response.json()) as ApiList
    seen += list.items.length
    for (const { slug, status, type, origin, level } of list.items) {
      const shape = [status, type, origin, level === null ? 'level TBC' : 'level known'].join()
      if (!shapes.has(shape)) shapes.set(shape, slug)
    }
    if (page >= list.pageCount) {
      assert.equal(seen, list.total)
      return [...shapes.values()]
    }
  }
}

/** Who opens a page: nobody signed in, or someone signed in with one kind of account. */
type Visitor = 'anonymous' | 'centre admin' | 'provider admin' | 'practitioner' | 'reviewer'
const VISITORS: Visitor[] = ['anonymous', 'centre admin', 'provider admin', 'practitioner', 'reviewer']

const PEOPLE = {
  'centre admin': { email: 'ada.admin@example.org', displayName: 'Ada Admin' },
  'provider admin': { email: 'priya.provider@example.org', displayName: 'Priya Provider' },
  practitioner: { email: 'pat.practitioner@example.org', displayName: 'Pat Practitioner' },
  reviewer: { email: 'rui.reviewer@example.org', displayName: 'Rui Reviewer' },
} as const

/**
 * Pages behind sign-in, and who sees each. A route listed here must send anonymous visitors
 * to the sign-in page; a route not listed must show them a page.
 */
const SIGNED_IN_PAGES: Record<string, Visitor[]> = {
  '/home': ['centre admin', 'provider admin', 'practitioner'],
  '/admin/accounts': ['centre admin'],
  '/admin/accounts/:id': ['centre admin'],
  '/admin/accounts/:id/roles/:grantId/remove': ['centre admin'],
  '/admin/audit': ['centre admin'],
  '/admin/criteria': ['centre admin'],
  '/admin/criteria/:kind': ['centre admin'],
  '/admin/reference': ['centre admin'],
  '/admin/reference/:kind': ['centre admin'],
  '/admin/reference/documents': ['centre admin'],
  '/admin/reference/documents/new': ['centre admin'],
  '/admin/reference/documents/:slug': ['centre admin'],
  '/admin/invitations': ['centre admin'],
  '/admin/mail': ['centre admin'],
  '/admin/jobs': ['centre admin'],
  '/admin/jobs/:id/retry': ['centre admin'],
  '/provider/api-tokens': ['provider admin'],
  '/provider/api-tokens/:id/revoke': ['provider admin'],
  '/periodic-reviews': ['centre admin'],
  '/periodic-reviews/:slug': ['centre admin'],
  '/periodic-reviews/:slug/withdraw': ['centre admin'],
  '/recognition': ['centre admin'],
  // Only authors apply: the recognition browser test checks this form with axe as the demo
  // author, with its errors.
  '/recognition/new': [],
  '/recognition/:slug': ['centre admin'],
  // The application's sections and its check page are its author's: the recognition browser
  // test checks them with axe as the demo author.
  '/recognition/:slug/sections/:section': [],
  '/recognition/:slug/check': [],
  '/recognition/:slug/decision': ['centre admin'],
  '/proposals': ['centre admin'],
  // Only authors write proposals: the proposal browser test checks these forms with axe as the
  // demo author.
  '/proposals/new': [],
  '/proposals/:id/edit': [],
  '/proposals/:id/sections/:section': [],
  '/proposals/:id/check-answers': [],
  '/proposals/:id': ['centre admin'],
  // The chair's pages; the members' vote and interest forms are on the meeting's page, which
  // the group meeting browser test checks with axe as each demo member.
  '/group-meetings': ['centre admin'],
  '/group-meetings/new': ['centre admin'],
  '/group-meetings/written-procedure': ['centre admin'],
  '/group-meetings/:id': ['centre admin'],
  '/group-meetings/:id/items/:itemId/close': ['centre admin'],
  '/proposals/:id/gateway-check': ['centre admin'],
  '/proposals/:id/gateway-check/:criterion': ['centre admin'],
  '/credentials/:slug/expected-date': ['centre admin'],
  '/credentials/:slug/document': ['centre admin'],
  '/decisions': ['centre admin'],
  '/pipeline': ['centre admin'],
  '/pipeline/:stage': ['centre admin'],
  '/specifications/:slug/versions/:number/reviewers': ['centre admin'],
  '/specifications/:slug/versions/:number/decision': ['centre admin'],
  '/specifications/:slug/versions/:number/report': ['centre admin'],
  '/reviews': ['reviewer'],
  '/reviews/:id': ['reviewer'],
  '/specifications': ['centre admin'],
  '/specifications/:slug': ['centre admin'],
  '/specifications/:slug/versions/:number': ['centre admin'],
  // Only the draft's author opens its sections and the check of its answers (others are sent
  // to the version's page): the drafting browser test checks each with axe as the demo author,
  // with JavaScript and without.
  '/specifications/:slug/versions/:number/sections/:section': [],
  '/specifications/:slug/versions/:number/check': [],
  // Learners and awards (provider staff's pages are the same as the admin's).
  '/provider/deliveries/:id/learners': ['provider admin'],
  '/provider/deliveries/:id/learners/new': ['provider admin'],
  '/provider/learners/:id': ['provider admin'],
  '/provider/learners/:id/award': ['provider admin'],
  '/provider/awards': ['centre admin', 'provider admin'],
  '/awards/:id': ['centre admin', 'provider admin'],
  '/awards/:id/status': ['centre admin', 'provider admin'],
  '/my/awards': ['practitioner'],
  '/my/awards/:id/wallet': ['practitioner'],
  // Award uploads (provider staff see the same pages as the admin).
  '/provider/deliveries/:id/imports/new': ['provider admin'],
  '/provider/imports': ['provider admin'],
  '/provider/imports/:id': ['provider admin'],
  // Quality returns and dashboards (provider staff see the same pages as the admin).
  '/provider': ['provider admin'],
  '/provider/returns': ['provider admin'],
  '/provider/returns/:id': ['provider admin'],
  '/quality-returns': ['centre admin'],
  '/quality-returns/:id': ['centre admin'],
  '/reports/providers': ['centre admin'],
  // Public dashboards, which Centre admins (every figure, exact) and providers (their own
  // figures beside the nation's) see with more columns and figures.
  '/reports/:dashboard': ['anonymous', 'centre admin', 'provider admin'],
  // Providers and deliveries (provider staff see the admin's pages without the forms).
  '/admin/issuers': ['centre admin'],
  '/admin/issuers/:id': ['centre admin'],
  '/admin/issuers/:id/keys/:number/compromise': ['centre admin'],
  '/admin/issuers/:id/rotate-key': ['centre admin'],
  '/admin/endorsements': ['centre admin'],
  '/admin/endorsements/:versionId/withdraw': ['centre admin'],
  '/admin/providers': ['centre admin'],
  '/admin/providers/new': ['centre admin'],
  '/admin/providers/:id': ['centre admin'],
  '/admin/providers/:id/edit': ['centre admin'],
  '/admin/consultations': ['centre admin'],
  '/consultations/:number/responses': ['centre admin'],
  '/consultations/:number/:kind/:id/hide': ['centre admin'],
  '/consultations/:number/themes': ['centre admin'],
  '/consultations/:number/themes/:id': ['centre admin'],
  '/consultations/:number/outcome/publish': ['centre admin'],
  '/admin/consultations/new': ['centre admin'],
  '/admin/consultations/:number': ['centre admin'],
  '/admin/consultations/:number/edit': ['centre admin'],
  '/admin/consultations/:number/questions/new': ['centre admin'],
  '/admin/consultations/:number/questions/:position': ['centre admin'],
  '/admin/workforce-need': ['centre admin'],
  '/admin/workforce-need/new': ['centre admin'],
  '/admin/workforce-need/:id': ['centre admin'],
  '/admin/workforce-need/:id/change': ['centre admin'],
  '/admin/workforce-need/:id/remove': ['centre admin'],
  '/provider/programmes': ['provider admin'],
  // Programme accreditation: the Centre's, the provider's and the assessors' lists and pages.
  '/admin/accreditations': ['centre admin'],
  '/provider/accreditations': ['provider admin'],
  '/accreditations/assigned': ['reviewer'],
  '/provider/programmes/:id/accreditation/apply': ['provider admin'],
  '/accreditations/:id': ['centre admin', 'provider admin', 'reviewer'],
  '/accreditations/:id/decision': ['centre admin'],
  '/accreditations/:id/withdraw': ['centre admin', 'provider admin'],
  '/accreditations/:id/withdraw-accreditation': ['centre admin'],
  '/provider/programmes/new': ['provider admin'],
  '/provider/programmes/:id/edit': ['provider admin'],
  '/provider/deliveries': ['provider admin'],
  '/provider/deliveries/new': ['provider admin'],
  '/provider/deliveries/:id': ['provider admin'],
  '/provider/deliveries/:id/withdraw': ['provider admin'],
  '/deliveries': ['centre admin'],
  '/deliveries/:id': ['centre admin'],
  // A practitioner's own pages (the portfolio browser test checks them filled in, and the
  // profile's errors).
  '/my/profile': ['practitioner'],
  '/my/portfolio': ['practitioner'],
  '/my/portfolio/credentials/new': ['practitioner'],
  '/my/cpd/new': ['practitioner'],
  '/my/cpd/:id/evidence/new': ['practitioner'],
  '/my/cpd/:id/edit': ['practitioner'],
  '/my/cpd/:id/delete': ['practitioner'],
  '/my/portfolio/credentials/:id/delete': ['practitioner'],
  '/my/capabilities': ['practitioner'],
  '/my/directory-entry': ['practitioner'],
  '/my/data': ['practitioner'],
  '/my/account/close': ['practitioner'],
  // The ePortfolio route: the practitioner visitor builds one that the reviewer visitor
  // supervises; the reviewer visitor also assesses another's (made in before()).
  '/my/eportfolio': ['practitioner'],
  '/my/eportfolio/supervisor': ['practitioner'],
  '/my/eportfolio/evidence/new': ['practitioner'],
  '/my/eportfolio/coverage': ['practitioner'],
  '/my/eportfolio/submit': ['practitioner'],
  '/my/eportfolio/extension': ['practitioner'],
  '/eportfolio/supervision/accept': ['practitioner'],
  '/eportfolio/supervising': ['practitioner', 'reviewer'],
  '/eportfolio/:id': ['reviewer'],
  '/eportfolio/:id/sign-off': ['reviewer'],
  '/eportfolio/:id/assessment': ['reviewer'],
  '/admin/eportfolios': ['centre admin'],
  '/admin/eportfolios/:id': ['centre admin'],
}

interface Fixture {
  harness: BrowserHarness
  accountIds: string[]
  /** An account whose only role was removed. */
  roleless: string
  /** A job that stopped being tried, with its last error. */
  deadJobId: string
}

/**
 * Periodic reviews in each state (due, opened with a new version started, withdrawn) and
 * applications for recognition (a draft and a submitted one), made once.
 */
let periodicAndRecognitionPages: Promise<{ periodic: string[]; recognition: string[] }> | undefined
function periodicAndRecognition({ harness: { testApp: t } }: Fixture) {
  periodicAndRecognitionPages ??= (async () => {
    const db = t.database.db
    const authorId = await createPerson(t, {
      email: 'aria.applicant@example.org',
      displayName: 'Aria Applicant',
      role: 'specification_author',
    })
    const author = {
      userId: authorId,
      label: 'aria.applicant@example.org',
      name: 'Aria Applicant',
      ip: null,
      roles: ['specification_author' as const],
    }
    const adminRow = await db
      .selectFrom('user_account')
      .select('id')
      .where('email', '=', 'ada.admin@example.org')
      .executeTakeFirstOrThrow()
    const admin = {
      ...author,
      userId: adminRow.id,
      label: 'ada.admin@example.org',
      name: 'Ada Admin',
      roles: ['centre_admin' as const],
    }
    const area = await db
      .selectFrom('clinical_area')
      .select(['id', 'slug'])
      .orderBy('name')
      .executeTakeFirstOrThrow()
    const periodic = ['a11y-review-due', 'a11y-review-open', 'a11y-review-withdrawn']
    for (const slug of periodic) {
      const credential = await db
        .insertInto('credential')
        .values({
          slug,
          title: `Periodic review (${slug.replace('a11y-review-', '')})`,
          clinical_area_id: area.id,
          type: 'credential_specification',
          status: 'endorsed',
          due_season: null,
          due_year: null,
          level: 7,
          origin: 'centre',
          owner_name: null,
          owner_url: null,
          summary: null,
          lead_author_id: authorId,
          next_review_due: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
        })
        .returning(['id', 'row_version'])
        .executeTakeFirstOrThrow()
      await db
        .insertInto('specification_version')
        .values({
          credential_id: credential.id,
          number: 1,
          kind: 'specification',
          author_id: authorId,
          state: 'published',
          content: '{}',
          published_at: new Date('2023-06-30T12:00:00Z'),
        })
        .execute()
      if (slug === 'a11y-review-due') continue
      await t.services.periodicReviews.openReview(slug, credential.row_version, admin)
      const opened = await t.services.periodicReviews.get(slug, '2026-01-01')
      if (slug === 'a11y-review-open')
        await t.services.periodicReviews.startNewVersion(slug, opened!.rowVersion, admin)
      else await t.services.periodicReviews.withdraw(slug, opened!.rowVersion, 'No longer needed', admin)
    }
    const application = (title: string) => ({
      title,
      area: area.slug,
      type: 'curriculum',
      ownerName: 'Royal College of Examples',
      ownerUrl: 'https://college.example.org',
      documentUrl: 'https://college.example.org/curriculum.pdf',
      summary: 'A curriculum owned by a college.',
      crosswalk: [{ code: 'R1', outcome: 'Assess patients', frameworkCodes: ['1.4', '2.1'] }],
    })
    const draft = await t.services.recognition.apply(application('Recognition draft'), author)
    const submitted = await t.services.recognition.apply(application('Recognition submitted'), author)
    await t.services.recognition.submit(submitted, 1, author)
    return { periodic, recognition: [draft, submitted] }
  })()
  return periodicAndRecognitionPages
}

/** A complete specification, as its author would submit it. */
const SPECIFICATION = {
  purpose: 'Prepares advanced practitioners to lead the care of people with frailty.',
  scope: 'Community and acute settings for adults over 65.',
  targetProfessions: ['Nurse', 'Pharmacist'],
  entryRequirements: {
    mastersRoute: "Taken within or after an advanced-practice Master's degree.",
    equivalence: 'A portfolio mapped to the four pillars, reviewed by the provider.',
  },
  outcomes: [
    { code: 'LO1', text: 'Assess frailty with validated tools.' },
    { code: 'LO2', text: 'Plan care with the person and their family.' },
  ],
  capabilities: [
    { code: 'AC1', text: 'Comprehensive geriatric assessment', frameworkCodes: ['1.4', '2.1'] },
    { code: 'AC2', text: 'Teach and audit frailty care', frameworkCodes: ['3.1', '4.2'] },
  ],
  assessmentStrategy: 'A portfolio of cases and a structured clinical examination.',
  level: 7,
  credits: 60,
}

/** Two credentials in drafting, made once: one with a draft, one with a submitted version. */
let specificationSlugs: Promise<string[]> | undefined
function specificationsInProcess({ harness: { testApp: t } }: Fixture): Promise<string[]> {
  specificationSlugs ??= (async () => {
    const authorId = await createPerson(t, {
      email: 'sam.specification@example.org',
      displayName: 'Sam Specification',
      role: 'specification_author',
    })
    const area = await t.database.db.selectFrom('clinical_area').select('id').executeTakeFirstOrThrow()
    const slugs = ['drafting-draft', 'drafting-submitted']
    for (const slug of slugs) {
      const credential = await t.database.db
        .insertInto('credential')
        .values({
          slug,
          title: slug === 'drafting-draft' ? 'Frailty (draft)' : 'Frailty (submitted)',
          clinical_area_id: area.id,
          type: 'credential_specification',
          status: 'in_development',
          due_season: 'autumn',
          due_year: 2027,
          level: null,
          origin: 'centre',
          owner_name: null,
          owner_url: null,
          summary: null,
          notes: '[]',
          lead_author_id: authorId,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await t.database.db
        .insertInto('specification_version')
        .values({
          credential_id: credential.id,
          number: 1,
          kind: 'specification',
          author_id: authorId,
          state: 'draft',
          content: JSON.stringify(SPECIFICATION),
        })
        .execute()
    }
    const actor = {
      userId: authorId,
      label: 'sam.specification@example.org',
      name: 'Sam Specification',
      ip: null,
      roles: ['specification_author' as const],
    }
    await t.services.specifications.submit('drafting-submitted', 1, 1, actor)
    return slugs
  })()
  return specificationSlugs
}

/**
 * Versions in review at every stage, made once: a reviewer yet to declare, one part-way,
 * one finished, a declared conflict, a decision due and a decided recognition.
 */
let reviewFixture: Promise<{ versions: string[]; assignments: string[] }> | undefined
function reviewsInProcess({ harness: { testApp: t } }: Fixture) {
  reviewFixture ??= (async () => {
    const db = t.database.db
    const person = async (
      email: string,
      displayName: string,
      role: 'centre_admin' | 'independent_reviewer',
    ) => ({
      userId: await createPerson(t, { email, displayName, role }),
      label: email,
      name: displayName,
      ip: null,
      roles: [role],
    })
    const admin = await person('ari.assigner@example.org', 'Ari Assigner', 'centre_admin')
    const second = await person('ravi.second@example.org', 'Ravi Second', 'independent_reviewer')
    const third = await person('rhea.third@example.org', 'Rhea Third', 'independent_reviewer')
    const visitor = await db
      .selectFrom('user_account')
      .select('id')
      .where('email', '=', PEOPLE.reviewer.email)
      .executeTakeFirstOrThrow()
    const me = {
      ...second,
      userId: visitor.id,
      label: PEOPLE.reviewer.email,
      name: PEOPLE.reviewer.displayName,
    }
    const authorId = await createPerson(t, {
      email: 'avery.author@example.org',
      displayName: 'Avery Author',
      role: 'specification_author',
    })
    const area = await db.selectFrom('clinical_area').select('id').executeTakeFirstOrThrow()
    const set = await db
      .selectFrom('criterion_set')
      .select('id')
      .where('kind', '=', 'endorsement')
      .orderBy('version', 'desc')
      .executeTakeFirstOrThrow()
    const codes = await db
      .selectFrom('criterion')
      .select('code')
      .where('criterion_set_id', '=', set.id)
      .orderBy('sort_order')
      .execute()
    const all = Object.fromEntries(
      codes.map((c) => [c.code, { judgement: 'partly_met' as const, comment: `Partly, see ${c.code}.` }]),
    )
    const specification = {
      purpose: 'Prepares advanced practitioners to lead the care of people with frailty.',
      scope: 'Adults over 65 in the community.',
      targetProfessions: ['Nurse'],
      entryRequirements: { mastersRoute: 'Within an advanced-practice MSc.', equivalence: 'A portfolio.' },
      outcomes: [{ code: 'LO1', text: 'Assess frailty.' }],
      capabilities: [{ code: 'AC1', text: 'Assessment', frameworkCodes: ['1.4', '2.1', '3.1', '4.2'] }],
      assessmentStrategy: 'Cases and an examination.',
      level: 7,
      credits: 30,
    }
    const recognition = {
      ownerName: 'Royal College of Examples',
      ownerUrl: 'https://college.example.org',
      documentUrl: 'https://college.example.org/curriculum.pdf',
      summary: 'An existing curriculum.',
      crosswalk: [{ code: 'O1', outcome: 'Leads resuscitation.', frameworkCodes: ['1.1', '3.2'] }],
    }
    const submitted = async (slug: string, kind: 'specification' | 'recognition') => {
      const credential = await db
        .insertInto('credential')
        .values({
          slug,
          title: `Review fixture ${slug}`,
          clinical_area_id: area.id,
          type: 'credential_specification',
          status: 'under_review',
          origin: 'centre',
          listed: kind === 'specification',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await db
        .insertInto('specification_version')
        .values({
          credential_id: credential.id,
          number: 1,
          kind,
          author_id: authorId,
          state: 'submitted',
          content: JSON.stringify(kind === 'recognition' ? recognition : specification),
          criterion_set_id: set.id,
          submitted_at: new Date(),
        })
        .execute()
      return slug
    }
    const reviews = t.services.reviews
    const complete = async (slug: string, reviewer: typeof admin, rows = false) => {
      const id = await reviews.assign(slug, 1, reviewer.userId, admin)
      await reviews.declare(id, 1, false, '', reviewer)
      await reviews.judge(id, 2, all, reviewer)
      if (rows)
        await reviews.judgeRows(
          id,
          3,
          {
            O1: {
              judgement: reviewer === me ? 'meets' : 'partly_meets',
              comment: 'Assessed in resuscitation.',
            },
          },
          reviewer,
        )
      await reviews.recommend(
        id,
        rows ? 4 : 3,
        'endorse_with_conditions',
        'Endorse once the assessment is revised.',
        reviewer,
      )
      return id
    }
    const waiting = await submitted('review-fixture-waiting', 'specification')
    const undeclared = await reviews.assign(waiting, 1, me.userId, admin)
    const conflicted = await reviews.assign(waiting, 1, second.userId, admin)
    await reviews.declare(conflicted, 1, true, 'I wrote part of it.', second)
    const partway = await submitted('review-fixture-partway', 'specification')
    const judging = await reviews.assign(partway, 1, me.userId, admin)
    await reviews.declare(judging, 1, false, '', me)
    await reviews.judge(judging, 2, { [codes[0]!.code]: all[codes[0]!.code]! }, me)
    await complete(partway, third)
    const due = await submitted('review-fixture-due', 'specification')
    const done = await complete(due, me)
    await complete(due, third)
    await reviews.draftReport(due, 1, admin)
    const decided = await submitted('review-fixture-decided', 'recognition')
    const recognised = await complete(decided, me, true)
    await complete(decided, third, true)
    await reviews.draftReport(decided, 1, admin)
    const drafted = (await reviews.reportPage(decided, 1)).report
    await reviews.signOffReport(decided, 1, drafted?.rowVersion ?? 0, admin)
    const version = await db
      .selectFrom('specification_version as v')
      .innerJoin('credential as c', 'c.id', 'v.credential_id')
      .select('v.row_version')
      .where('c.slug', '=', decided)
      .executeTakeFirstOrThrow()
    await reviews.decide(decided, 1, version.row_version, { outcome: 'endorse', conditions: '' }, admin)
    const ready = await submitted('review-fixture-new', 'specification')
    return {
      versions: [waiting, partway, due, decided, ready],
      assignments: [undeclared, judging, done, recognised],
    }
  })()
  return reviewFixture
}

/** Proposals in every state, made once, and the credential an agreed one became. */
let proposalFixture:
  | Promise<{
      all: string[]
      withGroup: string[]
      draft: string
      submitted: string
      criteria: string[]
      slug: string
      meetings: string[]
      closePage: string
    }>
  | undefined
function proposalsInProcess({ harness: { testApp: t } }: Fixture) {
  proposalFixture ??= (async () => {
    const actorFor = async (
      email: string,
      displayName: string,
      role: 'specification_author' | 'credential_group_member' | 'centre_admin',
    ) => ({
      userId: await createPerson(t, { email, displayName, role }),
      label: email,
      name: displayName,
      ip: null,
      roles: [role],
    })
    const author = await actorFor('paula.proposer@example.org', 'Paula Proposer', 'specification_author')
    const members = [
      await actorFor('gita.group@example.org', 'Gita Group', 'credential_group_member'),
      await actorFor('gus.group@example.org', 'Gus Group', 'credential_group_member'),
      await actorFor('gwen.group@example.org', 'Gwen Group', 'credential_group_member'),
    ]
    const admin = await actorFor('cai.checker@example.org', 'Cai Checker', 'centre_admin')
    const p = t.services.proposals
    const options = await p.formOptions()
    const input = (title: string) => ({
      clinicalAreaId: options.areas[0]!.id,
      title,
      need: 'People with frailty wait too long for assessment.',
      targetProfessions: options.professions.slice(0, 2),
      evidence: 'A regional workforce review.',
      gatewayAnswers: Object.fromEntries(options.gateway.criteria.map((c) => [c.code, `Meets ${c.code}.`])),
    })
    const atGroup = async (title: string) => {
      const id = await p.create(input(title), author)
      const rv = await sendToGroup(t.services, id, await p.submit(id, 1, author), admin)
      return { id, rv }
    }
    const draft = await p.create({ ...input('Proposal fixture draft'), need: '', gatewayAnswers: {} }, author)
    const submitted = await p.create(input('Proposal fixture submitted'), author)
    // Awaiting its check, with its first criterion judged and the rest still to do.
    const firstCode = options.gateway.criteria[0]!.code
    await p.judge(
      submitted,
      await p.submit(submitted, 1, author),
      firstCode,
      'partly_met',
      'Regional only.',
      admin,
    )
    const returned = await p.create(input('Proposal fixture returned'), author)
    await p.check(returned, await p.submit(returned, 1, author), 'return', 'Add the figures.', admin)
    const withGroup = await atGroup('Proposal fixture with the group')
    const decide = (id: string, outcome: 'agree' | 'decline' | 'defer') =>
      decideAtMeeting(t.services, id, outcome, {
        chair: admin,
        members,
        reason: `The group's reasons to ${outcome}.`,
        expected: outcome === 'agree' ? { season: 'autumn' as const, year: 2027 } : null,
      })
    const agreed = await atGroup('Proposal fixture agreed')
    await decide(agreed.id, 'agree')
    const declined = await atGroup('Proposal fixture declined')
    await decide(declined.id, 'decline')
    const deferred = await atGroup('Proposal fixture deferred')
    await decide(deferred.id, 'defer')
    const held = await decide((await atGroup('Proposal fixture agreed at a meeting')).id, 'agree')
    const open = await t.services.groupMeetings.create(
      { meetsOn: t.services.clock.today(), startsAt: '10:00', proposalIds: [withGroup.id] },
      admin,
    )
    await t.services.groupMeetings.recordAttendance(
      open,
      1,
      members.map((m) => m.userId),
      admin,
    )
    const item = (await t.services.groupMeetings.get(open, admin))!.items[0]!
    await t.services.groupMeetings.vote(open, item.id, 'agree', 'A clear need.', members[0]!)
    return {
      meetings: [held, open],
      closePage: `/group-meetings/${open}/items/${item.id}/close`,
      all: [draft, submitted, returned, withGroup.id, agreed.id, declined.id, deferred.id],
      withGroup: [withGroup.id],
      draft,
      submitted,
      criteria: options.gateway.criteria.map((c) => c.code),
      slug: 'proposal-fixture-agreed',
    }
  })()
  return proposalFixture
}

/**
 * How to find every page of each route with parameters. A new route with parameters fails
 * the coverage test below until it has an entry here.
 */
/**
 * Learners and awards at Northern University, made once: an approved delivery with a learner
 * not yet eligible, one awarded on evidence of equivalence (the practitioner visitor) and one
 * whose award is suspended; and a suspended delivery.
 */
let awardsFixture: Promise<{ deliveries: string[]; learners: string[]; awards: string[] }> | undefined
function learnersAndAwards({ harness: { testApp: t } }: Fixture) {
  awardsFixture ??= (async () => {
    const db = t.database.db
    const organisation = await db
      .selectFrom('organisation')
      .select('id')
      .where('name', '=', 'Northern University')
      .executeTakeFirstOrThrow()
    const person = async (email: string) =>
      await db
        .selectFrom('user_account')
        .select(['id', 'display_name'])
        .where('email', '=', email)
        .executeTakeFirstOrThrow()
    const providerRow = await person(PEOPLE['provider admin'].email)
    const adminRow = await person(PEOPLE['centre admin'].email)
    const viewer = (row: { id: string; display_name: string }, role: 'provider_admin' | 'centre_admin') => ({
      userId: row.id,
      label: row.display_name,
      name: row.display_name,
      ip: null,
      roles: [role],
      organisationIds: role === 'provider_admin' ? [organisation.id] : [],
    })
    const provider = viewer(providerRow, 'provider_admin')
    const delivery = await deliveryFixture(t, organisation.id, { startDate: '2025-09-01' })
    const suspended = await deliveryFixture(t, organisation.id, { state: 'suspended' })
    const learner = (email: string, givenName: string) =>
      t.services.awards.registerLearner(
        delivery.id,
        {
          givenName,
          familyName: 'Example',
          email,
          profession: 'Nurse',
          regulator: 'NMC',
          registrationNumber: '12A3456E',
        },
        provider,
      )
    const waiting = await learner('wren.waiting@example.org', 'Wren')
    const awarded = await learner(PEOPLE.practitioner.email, 'Pat')
    const paused = await learner('sol.suspended@example.org', 'Sol')
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0])
    const basis = {
      basis: 'holds_msc',
      programmeId: '',
      mscInstitution: 'University of Leeds',
      mscYear: '2019',
      evidence: null,
    }
    await t.services.awards.recordEligibility(
      awarded,
      1,
      { ...basis, basis: 'equivalence', evidence: png },
      provider,
    )
    await t.services.awards.recordEligibility(paused, 1, basis, provider)
    const today = new Date().toISOString().slice(0, 10)
    const awards = [
      await t.services.awards.award(awarded, today, provider),
      await t.services.awards.award(paused, today, provider),
    ]
    await t.services.awards.changeAwardStatus(
      awards[1]!,
      1,
      'suspend',
      'Under investigation',
      viewer(adminRow, 'centre_admin'),
      'under_investigation',
    )
    return { deliveries: [delivery.id, suspended.id], learners: [waiting, awarded, paused], awards }
  })()
  return awardsFixture
}

/**
 * Quality returns of the learners-and-awards deliveries, made once: the approved delivery's
 * first return submitted (read-only for the provider, the decision form for the Centre) and
 * the suspended one's still due and overdue (the form, and no decision).
 */
let returnsFixture: Promise<string[]> | undefined
function qualityReturns(f: Fixture) {
  returnsFixture ??= (async () => {
    const t = f.harness.testApp
    const { deliveries } = await learnersAndAwards(f)
    await t.services.qualityReturns.ensureReturns(new Date().toISOString().slice(0, 10))
    const rows = await t.database.db
      .selectFrom('quality_return as r')
      .innerJoin('delivery as d', 'd.id', 'r.delivery_id')
      .select(['r.id', 'r.delivery_id', 'd.organisation_id'])
      .where('r.delivery_id', 'in', deliveries)
      .where('r.period_year', '=', 1)
      .execute()
    const submitted = rows.find((r) => r.delivery_id === deliveries[0])!
    const provider = await t.database.db
      .selectFrom('user_account')
      .select('id')
      .where('email', '=', PEOPLE['provider admin'].email)
      .executeTakeFirstOrThrow()
    await t.services.qualityReturns.submit(
      submitted.id,
      [submitted.organisation_id],
      1,
      { cohortStarted: '12', cohortCompleted: '9', outcomes: 'Nine passed.', changes: '', concerns: '' },
      {
        userId: provider.id,
        label: PEOPLE['provider admin'].email,
        name: PEOPLE['provider admin'].displayName,
        ip: null,
        roles: ['provider_admin'],
      },
    )
    return rows.map((r) => r.id)
  })()
  return returnsFixture
}

/**
 * Award uploads of the learners-and-awards delivery, made once: one rejected (the table of
 * problems by line) and one completed (the counts). A queued one's page reloads itself every
 * 2 s, which would pull the page from under axe; its markup is in the route tests.
 */
let importsFixture: Promise<string[]> | undefined
function awardImports(f: Fixture) {
  importsFixture ??= (async () => {
    const t = f.harness.testApp
    const { deliveries } = await learnersAndAwards(f)
    const organisationIds = await t.database.db.selectFrom('organisation').select('id').execute()
    const delivery = (await t.services.awardImports.deliveryForUpload(
      deliveries[0]!,
      organisationIds.map((o) => o.id),
    ))!
    const header = AWARD_COLUMNS.join(',')
    const row = (email: string, date: string) =>
      `Uma,Upload,${email},Nurse,NMC,12A3456E,holds_msc,,University of Leeds,2019,${date}`
    const ids = []
    for (const content of [
      `${header}\n${row('uma.upload@example.org', '2026-02-30')}\n${row('not-an-email', '2026-01-15')}\n`,
      `${header}\n${row('uma.upload@example.org', '2026-01-15')}\n`,
    ]) {
      ids.push(
        await t.services.awardImports.queueCsv(
          delivery,
          { content: Buffer.from(content), filename: null },
          { userId: null, label: 'test', ip: null },
        ),
      )
      await t.services.awardImports.runPendingImports()
    }
    // One still running, part of the way: the page with its progress bar.
    const running = await t.services.awardImports.queueCsv(
      delivery,
      {
        content: Buffer.from(`${header}\n${row('rui.running@example.org', '2026-01-15')}\n`),
        filename: null,
      },
      { userId: null, label: 'test', ip: null },
    )
    await t.database.db
      .updateTable('award_import')
      .set({
        state: 'running',
        started_at: new Date(),
        heartbeat_at: new Date(),
        total_rows: 1,
        processed_rows: 1,
      })
      .where('id', '=', running)
      .execute()
    ids.push(running)
    return ids
  })()
  return importsFixture
}

/**
 * Northern University with one programme and one application to deliver, waiting for a
 * decision (the decision form's page), made once.
 */
let providerFixture: Promise<{ organisationId: string; programmeId: string; deliveryId: string }> | undefined
function providerPages({ harness: { testApp: t } }: Fixture) {
  providerFixture ??= (async () => {
    const system = { userId: null, label: 'test', ip: null }
    const { id: organisationId } = await t.database.db
      .selectFrom('organisation')
      .select('id')
      .where('name', '=', 'Northern University')
      .executeTakeFirstOrThrow()
    const programmeId = await t.services.programmes.createProgramme(
      organisationId,
      { title: 'MSc Advanced Clinical Practice' },
      system,
    )
    const deliveryId = await t.services.deliveries.applyToDeliver(
      organisationId,
      {
        credentialId: (await publishedExample(t)).credentialId,
        mode: 'online',
        startDate: '2027-01-10',
        expectedCohort: '12',
        assessment: 'Portfolio and viva',
        programmeId,
      },
      system,
    )
    return { organisationId, programmeId, deliveryId }
  })()
  return providerFixture
}

/**
 * Applications for accreditation of Northern University's programmes, through the real
 * process, made once: one at each stage the pages differ at (applied with one assessor, under
 * documentary review, at the panel with a question open, ready for a decision, accredited with
 * a condition), with the reviewer visitor an assessor of each; and a programme with no
 * application yet, to apply for.
 */
let accreditationFixture:
  Promise<{ all: string[]; ready: string; open: string; accredited: string; unapplied: string }> | undefined
function accreditations(f: Fixture) {
  accreditationFixture ??= (async () => {
    const t = f.harness.testApp
    const db = t.database.db
    const { organisationId } = await providerPages(f)
    const person = async (email: string, roles: Role[]) => {
      const row = await db
        .selectFrom('user_account')
        .select(['id', 'display_name'])
        .where('email', '=', email)
        .executeTakeFirstOrThrow()
      return { userId: row.id, label: email, ip: null, name: row.display_name, roles }
    }
    const secondId = await createPerson(t, {
      email: 'sam.second-assessor@example.org',
      displayName: 'Sam Second',
      role: 'independent_reviewer',
    })
    const assessors = [
      await person(PEOPLE.reviewer.email, ['independent_reviewer']),
      {
        userId: secondId,
        label: 'sam',
        ip: null,
        name: 'Sam Second',
        roles: ['independent_reviewer' as const],
      },
    ] as const
    const provider = await person(PEOPLE['provider admin'].email, ['provider_admin'])
    const centre = await person(PEOPLE['centre admin'].email, ['centre_admin'])
    const programme = (title: string) =>
      t.services.programmes.createProgramme(
        organisationId,
        { title },
        { userId: null, label: 'test', ip: null },
      )
    const apply = async (title: string, stage: SeedStage, extra: Partial<SeedAccreditation> = {}) =>
      accreditForSeed(db, {
        organisationId,
        programmeId: await programme(title),
        awardTitle: title,
        provider,
        centre,
        assessors,
        appliedOn: '2026-06-01',
        periodFrom: '2026-09-01',
        periodUntil: '2031-08-31',
        stage,
        ...extra,
      })
    // Applied, with the reviewer visitor the one assessor so far (the Centre's form to assign
    // the second still showing), so that each visitor of the page sees it.
    const applied = await apply('MSc Advanced Practice (Applied)', 'applied')
    const service = t.services.programmeAccreditation
    const { rowVersion } = await service.view(applied, {
      userId: centre.userId,
      roles: ['centre_admin'],
      providerOrganisationIds: [],
    })
    await service.assignAssessor(applied, rowVersion, assessors[0].userId, centre)
    const review = await apply('MSc Advanced Practice (Review)', 'documentary_review')
    const open = await apply('MSc Advanced Practice (Panel)', 'panel')
    const ready = await apply('MSc Advanced Practice (Ready)', 'panel', { question: false })
    const accredited = await apply('MSc Advanced Practice (Conditions)', 'accredited_with_conditions', {
      condition: 'Publish the supervision agreement on the programme page.',
    })
    const unapplied = await programme('MSc Advanced Practice (Not applied)')
    return { all: [applied, review, open, ready, accredited], ready, open, accredited, unapplied }
  })()
  return accreditationFixture
}

/** A CPD activity of the practitioner visitor, with a profile and directory entry, made once. */
let activityFixture: Promise<string> | undefined
function practitionerActivity(f: Fixture) {
  activityFixture ??= (async () => {
    const t = f.harness.testApp
    const userId = await directoryEntry(f)
    const actor = { userId, label: PEOPLE.practitioner.email, ip: null }
    return t.services.portfolio.addActivity(
      actor,
      {
        title: 'Frailty study day',
        day: '2',
        month: '3',
        year: '2026',
        hours: '6',
        type: 'course',
        reflection: 'What I learned.',
        capabilities: ['1.4'],
      },
      null,
    )
  })()
  return activityFixture
}

/**
 * The practitioner visitor's profile and public directory entry, showing their award and
 * every field, made once.
 */
let directoryFixture: Promise<string> | undefined
function directoryEntry(f: Fixture) {
  directoryFixture ??= (async () => {
    const t = f.harness.testApp
    const { awards } = await learnersAndAwards(f)
    const { id: userId } = await t.database.db
      .selectFrom('user_account')
      .select('id')
      .where('email', '=', PEOPLE.practitioner.email)
      .executeTakeFirstOrThrow()
    const actor = { userId, label: PEOPLE.practitioner.email, ip: null }
    await t.services.portfolio.saveProfile(
      actor,
      {
        givenName: 'Pat',
        familyName: 'Practitioner',
        profession: 'Nurse',
        regulator: 'NMC',
        registrationNumber: '12A3456E',
        region: 'london',
        employer: 'Example NHS Trust',
      },
      null,
    )
    await t.services.directory.saveDirectoryChoices(actor, {
      listed: true,
      showProfession: true,
      showRegion: true,
      showEmployer: true,
      awardIds: [awards[0]!],
    })
    return userId
  })()
  return directoryFixture
}

/** A provider whose key 1 is retired (it can be marked compromised) and key 2 signs now. */
let keysFixture: Promise<string> | undefined
function issuerWithRetiredKey({ harness: { testApp: t } }: Fixture) {
  keysFixture ??= (async () => {
    const system = { userId: null, label: 'test', ip: null }
    const id = await t.services.providers.createProvider(
      { name: 'Keyfield University', kind: 'university', ukprn: '', region: 'north_west', website: '' },
      system,
    )
    await t.services.issuers.rotate(id, system)
    return id
  })()
  return keysFixture
}

/**
 * Consultations: a draft with a question, and one open on a document with a question of each
 * kind, with an anonymous response confirmed by its e-mailed link; made once.
 */
let consultationPages:
  Promise<{ draft: number; open: number; confirmLink: string; changeLink: string }> | undefined
function consultationsMade({ harness: { testApp: t } }: Fixture) {
  consultationPages ??= (async () => {
    const s = t.services.consultations
    const admin = await t.database.db
      .selectFrom('user_account')
      .select('id')
      .where('email', '=', PEOPLE['centre admin'].email)
      .executeTakeFirstOrThrow()
    const actor = { userId: admin.id, label: PEOPLE['centre admin'].email, ip: null, name: 'Ada Admin' }
    const today = t.services.clock.today()
    const later = new Date(Date.parse(`${today}T12:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10)
    const input = {
      title: 'Our approach to credentials',
      purpose: 'To hear what you think of our approach.',
      audience: 'Everyone with an interest in advanced practice',
      subject: 'document',
      documentBody:
        'Why we consult.\n\n## Our approach\n\nCredentials are co-produced across professions.\n\n## Next steps\n\nWe publish what we heard.',
      specificationVersionId: '',
      areaSlug: '',
      opensOn: { date: today },
      closesOn: { date: later },
    }
    const draft = await s.createDraft({ ...input, title: 'A draft consultation' }, actor)
    await s.addQuestion(
      draft,
      1,
      { kind: 'single', prompt: 'Which matters most?', hint: '', required: 'yes', options: 'Safety\nAccess' },
      actor,
    )
    const open = await s.createDraft(input, actor)
    const questions = [
      { kind: 'agreement', prompt: 'The approach is right', hint: '', required: 'yes', options: '' },
      {
        kind: 'single',
        prompt: 'Which matters most?',
        hint: 'Choose one.',
        required: 'no',
        options: 'Safety\nAccess',
      },
      {
        kind: 'multiple',
        prompt: 'Which settings?',
        hint: '',
        required: 'no',
        options: 'Hospital\nCommunity',
      },
      { kind: 'text', prompt: 'Anything else?', hint: '', required: 'no', options: '' },
    ]
    for (const [i, q] of questions.entries()) await s.addQuestion(open, i + 1, q, actor)
    await s.publish(open, questions.length + 1, actor)
    const email = 'rhea.respondent@example.org'
    const visitor = { userId: null, label: 'anonymous', ip: null }
    await s.submitResponse(
      open,
      { kind: 'anonymous', name: 'Rhea Respondent', email },
      {
        organisation: 'Patients Together',
        capacity: 'patient_or_public',
        profession: '',
        region: 'london',
        publication: 'organisation',
        answers: { 1: { text: '', choices: ['Agree'] } },
        comments: {},
        newComment: { passageKey: 'paragraph:1.1', body: 'Say which professions.' },
        rowVersion: -1,
      },
      visitor,
    )
    const confirmLink = await latestLinkTo(t, email, `/consultations/${open}/confirm`)
    await s.confirmResponse(
      new URL(confirmLink, 'https://x.invalid').searchParams.get('token') ?? '',
      visitor,
    )
    const changeLink = await latestLinkTo(t, email, `/consultations/${open}/respond`)
    return { draft, open, confirmLink, changeLink }
  })()
  return consultationPages
}

let needPages: Promise<{ changed: string; removed: string }> | undefined
/** A workforce need whose figure was changed (two versions), and one removed. */
function workforceNeedMade({ harness: { testApp: t } }: Fixture) {
  needPages ??= (async () => {
    const s = t.services.workforceNeeds
    const admin = await t.database.db
      .selectFrom('user_account')
      .select('id')
      .where('email', '=', PEOPLE['centre admin'].email)
      .executeTakeFirstOrThrow()
    const actor = { userId: admin.id, label: PEOPLE['centre admin'].email, ip: null }
    const { credentials, areas } = await s.options()
    const figure = { planned: 40, source: 'NHS Long Term Workforce Plan', sourceDate: '2023-06-30' }
    const changed = await s.record(
      {
        ...figure,
        subject: { credentialSlug: credentials[0]?.slug ?? '' },
        region: 'london',
        financialYear: 2026,
      },
      actor,
    )
    await s.change(changed, 1, { ...figure, planned: 55, reason: 'The plan was refreshed.' }, actor)
    const removed = await s.record(
      { ...figure, subject: { areaSlug: areas[0]?.slug ?? '' }, region: 'south_west', financialYear: 2025 },
      actor,
    )
    await s.remove(removed, 1, 'Recorded for the wrong region.', actor)
    return { changed, removed }
  })()
  return needPages
}

/** The published example's endorsed version 2, whose endorsement stays in force here. */
async function endorsedVersion({ harness: { testApp: t } }: Fixture) {
  const { credentialId } = await publishedExample(t)
  const row = await t.database.db
    .selectFrom('specification_version')
    .select('id')
    .where('credential_id', '=', credentialId)
    .where('number', '=', 2)
    .executeTakeFirstOrThrow()
  return row.id
}

let outcomePages: Promise<{ number: number; themeId: string; commentId: string }> | undefined
/** A specification consultation that closed, with responses, a theme and its outcome published. */
function outcomeMade({ harness: { testApp: t } }: Fixture) {
  outcomePages ??= (async () => {
    const admin = await t.database.db
      .selectFrom('role_grant')
      .select('user_id')
      .where('role', '=', 'centre_admin')
      .executeTakeFirstOrThrow()
    const example = await insertPublishedExample(t, 'frailty-consulted-a11y')
    const v1 = await t.database.db
      .selectFrom('specification_version')
      .select('id')
      .where('credential_id', '=', example.credentialId)
      .where('number', '=', 1)
      .executeTakeFirstOrThrow()
    const c = await insertConsultation(t, {
      createdBy: admin.user_id,
      opensOn: '2026-01-05',
      closesOn: '2026-02-05',
      specificationVersionId: v1.id,
      credentialId: example.credentialId,
      respondents: [
        {
          name: 'Ada Respondent',
          email: 'ada.respondent@example.org',
          organisation: 'Example Trust',
          publication: 'named',
          answers: { 1: ['Agree'], 2: ['Yes'], 3: 'Name carers.' },
          comments: [
            {
              passageKey: 'outcome:LO2',
              quote: 'Plan care with the person and their family.',
              body: 'Carers too.',
            },
          ],
        },
        {
          name: 'Bo Anon',
          email: 'bo.anon@example.org',
          publication: 'anonymous',
          answers: { 1: ['Disagree'] },
        },
      ],
    })
    const actor = {
      userId: admin.user_id,
      label: 'test',
      ip: null,
      name: 'Admin',
      roles: ['centre_admin' as const],
    }
    const s = t.services.consultationOutcomes
    const themeId = await s.createTheme(
      c.number,
      { name: 'Carers', youSaid: 'Name carers.', weDid: 'Version 2 names carers.', changedCodes: ['LO2'] },
      actor,
    )
    const commentId = c.responses['ada.respondent@example.org']!.comments[0]!
    await s.tag(c.number, { themeId, kind: 'comment', id: commentId, remove: false }, actor)
    await s.publishOutcome(c.number, (await s.header(c.number)).rowVersion, 'We heard you.', actor)
    return { number: c.number, themeId, commentId }
  })()
  return outcomePages
}

/** The practitioner whose ePortfolio the reviewer visitor assesses (made in before()). */
const SUBMITTED_EPORTFOLIO = 'sol.submitted@example.org'

/** The id of the ePortfolio of the practitioner with this address. */
async function eportfolioOf({ harness: { testApp: t } }: Fixture, email: string): Promise<string> {
  const row = await t.database.db
    .selectFrom('eportfolio as e')
    .innerJoin('user_account as u', 'u.id', 'e.practitioner_id')
    .select('e.id')
    .where('u.email', '=', email)
    .executeTakeFirstOrThrow()
  return row.id
}

const PARAMETERISED_PAGES: Record<string, (f: Fixture) => Promise<string[]>> = {
  '/provider/programmes/:id/accreditation/apply': async (f) => [
    `/provider/programmes/${(await accreditations(f)).unapplied}/accreditation/apply`,
  ],
  '/accreditations/:id': async (f) => (await accreditations(f)).all.map((id) => `/accreditations/${id}`),
  '/accreditations/:id/decision': async (f) => [
    `/accreditations/${(await accreditations(f)).ready}/decision`,
  ],
  '/accreditations/:id/withdraw': async (f) => [`/accreditations/${(await accreditations(f)).open}/withdraw`],
  '/accreditations/:id/withdraw-accreditation': async (f) => [
    `/accreditations/${(await accreditations(f)).accredited}/withdraw-accreditation`,
  ],
  '/eportfolio/:id': async (f) => [`/eportfolio/${await eportfolioOf(f, PEOPLE.practitioner.email)}`],
  '/eportfolio/:id/sign-off': async (f) => [
    `/eportfolio/${await eportfolioOf(f, PEOPLE.practitioner.email)}/sign-off`,
  ],
  '/eportfolio/:id/assessment': async (f) => [
    `/eportfolio/${await eportfolioOf(f, SUBMITTED_EPORTFOLIO)}/assessment`,
  ],
  '/admin/eportfolios/:id': async (f) => [
    `/admin/eportfolios/${await eportfolioOf(f, PEOPLE.practitioner.email)}`,
    `/admin/eportfolios/${await eportfolioOf(f, SUBMITTED_EPORTFOLIO)}`,
  ],
  // The Centre's page and a provider's, with the active key and a retired one.
  '/admin/issuers/:id': async (f) => {
    const centre = await f.harness.testApp.database.db
      .selectFrom('organisation')
      .select('id')
      .where('kind', '=', 'centre')
      .executeTakeFirstOrThrow()
    return [`/admin/issuers/${centre.id}`, `/admin/issuers/${await issuerWithRetiredKey(f)}`]
  },
  // The form (a retired key) and "rotate the key first" (the key it signs with).
  '/admin/issuers/:id/keys/:number/compromise': async (f) => {
    const id = await issuerWithRetiredKey(f)
    return [`/admin/issuers/${id}/keys/1/compromise`, `/admin/issuers/${id}/keys/2/compromise`]
  },
  // The Centre's key, and a provider's with a retired key before the one it signs with.
  '/admin/issuers/:id/rotate-key': async (f) => {
    const centre = await f.harness.testApp.database.db
      .selectFrom('organisation')
      .select('id')
      .where('kind', '=', 'centre')
      .executeTakeFirstOrThrow()
    return [
      `/admin/issuers/${centre.id}/rotate-key`,
      `/admin/issuers/${await issuerWithRetiredKey(f)}/rotate-key`,
    ]
  },
  // The token in use (the revoked one has nothing to confirm).
  '/provider/api-tokens/:id/revoke': async (f) => {
    const token = await f.harness.testApp.database.db
      .selectFrom('api_token')
      .select('id')
      .where('name', '=', 'Student records')
      .executeTakeFirstOrThrow()
    return [`/provider/api-tokens/${token.id}/revoke`]
  },
  '/admin/endorsements/:versionId/withdraw': async (f) => [
    `/admin/endorsements/${await endorsedVersion(f)}/withdraw`,
  ],
  '/consultations/:number': async (f) => [`/consultations/${(await consultationsMade(f)).open}`],
  // Every dashboard, and one with every filter chosen and one it cannot read (the error summary).
  '/reports/:dashboard': async () => [
    ...DASHBOARDS.map((d) => `/reports/${d}`),
    '/reports/take-up?from=2024-04&to=2026-03&region=london&profession=Nurse',
    '/reports/take-up?from=2026-04&to=2025-01',
  ],
  // Reading responses and the outcome: a consultation that closed, with a theme and its outcome
  // published, and one still open (whose publish page says it cannot yet).
  '/consultations/:number/responses': async (f) => {
    const c = await outcomeMade(f)
    return [`/consultations/${c.number}/responses`, `/consultations/${c.number}/responses?view=passage`]
  },
  '/consultations/:number/:kind/:id/hide': async (f) => {
    const c = await outcomeMade(f)
    return [`/consultations/${c.number}/comment/${c.commentId}/hide`]
  },
  '/consultations/:number/themes': async (f) => [`/consultations/${(await outcomeMade(f)).number}/themes`],
  '/consultations/:number/themes/:id': async (f) => {
    const c = await outcomeMade(f)
    return [`/consultations/${c.number}/themes/${c.themeId}`]
  },
  '/consultations/:number/outcome/publish': async (f) => [
    `/consultations/${(await consultationsMade(f)).open}/outcome/publish`,
  ],
  '/consultations/:number/outcome': async (f) => [`/consultations/${(await outcomeMade(f)).number}/outcome`],
  // The form as anyone opens it, on a passage to comment on, and by the link to change a response.
  '/consultations/:number/respond': async (f) => {
    const c = await consultationsMade(f)
    return [
      `/consultations/${c.open}/respond`,
      `/consultations/${c.open}/respond?passage=paragraph%3A1.1`,
      c.changeLink,
    ]
  },
  '/consultations/:number/check-email': async (f) => [
    `/consultations/${(await consultationsMade(f)).open}/check-email`,
  ],
  '/consultations/:number/confirm': async (f) => [(await consultationsMade(f)).confirmLink],
  '/admin/consultations/:number': async (f) => {
    const c = await consultationsMade(f)
    return [`/admin/consultations/${c.draft}`, `/admin/consultations/${c.open}`]
  },
  '/admin/consultations/:number/edit': async (f) => [
    `/admin/consultations/${(await consultationsMade(f)).draft}/edit`,
  ],
  '/admin/consultations/:number/questions/new': async (f) => [
    `/admin/consultations/${(await consultationsMade(f)).draft}/questions/new`,
  ],
  '/admin/consultations/:number/questions/:position': async (f) => [
    `/admin/consultations/${(await consultationsMade(f)).draft}/questions/1`,
  ],
  '/admin/workforce-need/:id': async (f) => {
    const need = await workforceNeedMade(f)
    return [`/admin/workforce-need/${need.changed}`, `/admin/workforce-need/${need.removed}`]
  },
  '/admin/workforce-need/:id/change': async (f) => [
    `/admin/workforce-need/${(await workforceNeedMade(f)).changed}/change`,
  ],
  '/admin/workforce-need/:id/remove': async (f) => [
    `/admin/workforce-need/${(await workforceNeedMade(f)).changed}/remove`,
  ],
  '/directory/:id': async (f) => [`/directory/${await directoryEntry(f)}`],
  // A CPD activity of the practitioner visitor, to add evidence to and to change.
  '/my/cpd/:id/evidence/new': async (f) => [`/my/cpd/${await practitionerActivity(f)}/evidence/new`],
  '/my/cpd/:id/edit': async (f) => [`/my/cpd/${await practitionerActivity(f)}/edit`],
  '/my/cpd/:id/delete': async (f) => [`/my/cpd/${await practitionerActivity(f)}/delete`],
  // An Open Badges 2.0 assertion: stored as uploaded, without fetching anything.
  '/my/portfolio/credentials/:id/delete': async (f) => {
    const t = f.harness.testApp
    const userId = await directoryEntry(f)
    const id = await t.services.portfolio.addExternal(
      { userId, label: PEOPLE.practitioner.email, ip: null },
      {
        filename: 'handling.json',
        content: Buffer.from(
          JSON.stringify({
            '@context': 'https://w3id.org/openbadges/v2',
            id: 'https://badges.example.org/assertions/123',
            type: 'Assertion',
            recipient: { type: 'email', hashed: false, identity: PEOPLE.practitioner.email },
            badge: { name: 'Moving and handling' },
            issuedOn: '2025-06-30T23:59:59+00:00',
            verification: { type: 'hosted' },
          }),
        ),
      },
    )
    return [`/my/portfolio/credentials/${id}/delete`]
  },
  '/admin/providers/:id': async (f) => [`/admin/providers/${(await providerPages(f)).organisationId}`],
  '/admin/providers/:id/edit': async (f) => [
    `/admin/providers/${(await providerPages(f)).organisationId}/edit`,
  ],
  '/provider/programmes/:id/edit': async (f) => [
    `/provider/programmes/${(await providerPages(f)).programmeId}/edit`,
  ],
  '/provider/deliveries/:id': async (f) => [`/provider/deliveries/${(await providerPages(f)).deliveryId}`],
  '/provider/deliveries/:id/withdraw': async (f) => [
    `/provider/deliveries/${(await providerPages(f)).deliveryId}/withdraw`,
  ],
  '/deliveries/:id': async (f) => [`/deliveries/${(await providerPages(f)).deliveryId}`],
  // The upload form (approved delivery) and the notice that a suspended one cannot award.
  '/provider/deliveries/:id/imports/new': async (f) =>
    (await learnersAndAwards(f)).deliveries.map((id) => `/provider/deliveries/${id}/imports/new`),
  '/provider/imports/:id': async (f) => (await awardImports(f)).map((id) => `/provider/imports/${id}`),
  '/provider/returns/:id': async (f) => (await qualityReturns(f)).map((id) => `/provider/returns/${id}`),
  '/quality-returns/:id': async (f) => (await qualityReturns(f)).map((id) => `/quality-returns/${id}`),
  '/provider/deliveries/:id/learners': async (f) =>
    (await learnersAndAwards(f)).deliveries.map((id) => `/provider/deliveries/${id}/learners`),
  '/provider/deliveries/:id/learners/new': async (f) =>
    (await learnersAndAwards(f)).deliveries.map((id) => `/provider/deliveries/${id}/learners/new`),
  '/provider/learners/:id': async (f) =>
    (await learnersAndAwards(f)).learners.map((id) => `/provider/learners/${id}`),
  // Not yet eligible (the gaps are listed), and already awarded.
  '/provider/learners/:id/award': async (f) =>
    (await learnersAndAwards(f)).learners.slice(0, 2).map((id) => `/provider/learners/${id}/award`),
  '/awards/:id': async (f) => (await learnersAndAwards(f)).awards.map((id) => `/awards/${id}`),
  // Before the offer; the offer itself is checked in "pages after a change".
  '/my/awards/:id/wallet': async (f) => [`/my/awards/${(await learnersAndAwards(f)).awards[0]}/wallet`],
  // An active award's form and a suspended one's.
  '/awards/:id/status': async (f) => (await learnersAndAwards(f)).awards.map((id) => `/awards/${id}/status`),
  // A valid credential's checks, and a suspended one's.
  '/verify/awards/:id': async (f) => (await learnersAndAwards(f)).awards.map((id) => `/verify/awards/${id}`),
  '/proposals/:id': async (f) => (await proposalsInProcess(f)).all.map((id) => `/proposals/${id}`),
  '/proposals/:id/edit': async (f) => [`/proposals/${(await proposalsInProcess(f)).draft}/edit`],
  '/proposals/:id/sections/:section': async (f) => [
    `/proposals/${(await proposalsInProcess(f)).draft}/sections/about`,
  ],
  '/proposals/:id/check-answers': async (f) => [
    `/proposals/${(await proposalsInProcess(f)).draft}/check-answers`,
  ],
  // A meeting held (closed, its items decided) and one open with an item waiting for votes.
  '/group-meetings/:id': async (f) =>
    (await proposalsInProcess(f)).meetings.map((id) => `/group-meetings/${id}`),
  '/group-meetings/:id/items/:itemId/close': async (f) => [(await proposalsInProcess(f)).closePage],
  '/proposals/:id/gateway-check': async (f) => [
    `/proposals/${(await proposalsInProcess(f)).submitted}/gateway-check`,
  ],
  // A criterion judged (the form filled in), and one still to judge.
  '/proposals/:id/gateway-check/:criterion': async (f) => {
    const { submitted, criteria } = await proposalsInProcess(f)
    return criteria.slice(0, 2).map((code) => `/proposals/${submitted}/gateway-check/${code}`)
  },
  // An endorsed credential whose specification is not held here.
  '/credentials/:slug/document': async () => ['/credentials/pelvic-health/document'],
  // In development (the form), and endorsed (no expected date to change).
  '/credentials/:slug/expected-date': async (f) => [
    `/credentials/${(await proposalsInProcess(f)).slug}/expected-date`,
    '/credentials/acute-medicine/expected-date',
  ],
  // …and one the Centre endorsed before the platform, whose specification is not held here.
  '/periodic-reviews/:slug': async (f) => [
    ...(await periodicAndRecognition(f)).periodic.map((slug) => `/periodic-reviews/${slug}`),
    '/periodic-reviews/acute-medicine',
  ],
  // Offered while a review is open (withdrawn and not yet opened lead back to the review page).
  '/periodic-reviews/:slug/withdraw': async (f) => {
    await periodicAndRecognition(f)
    return ['/periodic-reviews/a11y-review-open/withdraw']
  },
  '/recognition/:slug': async (f) =>
    (await periodicAndRecognition(f)).recognition.map((slug) => `/recognition/${slug}`),
  '/recognition/:slug/sections/:section': async (f) => [
    `/recognition/${(await periodicAndRecognition(f)).recognition[0]}/sections/crosswalk`,
  ],
  '/recognition/:slug/check': async (f) => [
    `/recognition/${(await periodicAndRecognition(f)).recognition[0]}/check`,
  ],
  // Submitted without reviews (no form yet, and why), and decided.
  '/recognition/:slug/decision': async (f) => [
    `/recognition/${(await periodicAndRecognition(f)).recognition[1]}/decision`,
    `/recognition/${(await reviewsInProcess(f)).versions[3]}/decision`,
  ],
  '/reviews/:id': async (f) => (await reviewsInProcess(f)).assignments.map((id) => `/reviews/${id}`),
  '/specifications/:slug/versions/:number/reviewers': async (f) =>
    (await reviewsInProcess(f)).versions.map((slug) => `/specifications/${slug}/versions/1/reviewers`),
  '/specifications/:slug/versions/:number/decision': async (f) =>
    (await reviewsInProcess(f)).versions.map((slug) => `/specifications/${slug}/versions/1/decision`),
  // Not drafted (too few reviews), drafted and being edited, and signed off.
  '/specifications/:slug/versions/:number/report': async (f) =>
    (await reviewsInProcess(f)).versions.map((slug) => `/specifications/${slug}/versions/1/report`),
  // A specification with two published versions and a draft, and a recognised curriculum.
  '/credentials/:slug/specification': async ({ harness }) => {
    const { slug, recognisedSlug } = await publishedExample(harness.testApp)
    return [slug, recognisedSlug].map((s) => `/credentials/${s}/specification`)
  },
  '/credentials/:slug/specification/versions/:number': async ({ harness }) => {
    const { slug, recognisedSlug } = await publishedExample(harness.testApp)
    return [
      `${slug}/specification/versions/1`,
      `${slug}/specification/versions/2`,
      `${recognisedSlug}/specification/versions/1`,
    ].map((p) => `/credentials/${p}`)
  },
  '/credentials/:slug/specification/compare': async ({ harness }) => {
    const { slug, recognisedSlug } = await publishedExample(harness.testApp)
    return [`${slug}/specification/compare?from=1&to=2`, `${recognisedSlug}/specification/compare`].map(
      (p) => `/credentials/${p}`,
    )
  },
  '/credentials/:slug': async ({ harness }) =>
    (await credentialOfEachShape(harness.baseUrl)).map((slug) => `/credentials/${encodeURIComponent(slug)}`),
  // Every account: with roles and without, confirmed and not, for one organisation or two.
  '/admin/accounts/:id': async ({ accountIds }) => accountIds.map((id) => `/admin/accounts/${id}`),
  // The first account's first role (the page only shows; nothing is removed).
  '/admin/accounts/:id/roles/:grantId/remove': async ({ accountIds, harness }) => {
    const account = await harness.testApp.services.accountAdministration.getAccount(accountIds[0]!)
    const grant = account?.grants[0]
    assert.ok(account && grant, 'an account with a role')
    return [`/admin/accounts/${account.id}/roles/${grant.id}/remove`]
  },
  '/admin/jobs/:id/retry': async ({ deadJobId }) => [`/admin/jobs/${deadJobId}/retry`],
  // Every stage, after the fixtures that put items in some of them (a submitted specification,
  // a periodic review due), so that the tables are checked as well as the empty pages.
  '/pipeline/:stage': async (f) => {
    await specificationsInProcess(f)
    await periodicAndRecognition(f)
    return PIPELINE_STAGES.map((stage) => `/pipeline/${stage}`)
  },
  '/admin/criteria/:kind': async () =>
    ['principle', 'gateway', 'endorsement', 'accreditation'].map((kind) => `/admin/criteria/${kind}`),
  // Reference content: each kind's form, and each kind's versions (the glossary's version 2
  // shows a diff, with words added and removed).
  '/admin/reference/:kind': async () =>
    ['framework', 'glossary', 'intervention-types'].map((kind) => `/admin/reference/${kind}`),
  '/admin/reference/documents/:slug': async () => ['/admin/reference/documents/approach'],
  '/criteria/:kind/versions/:version': async () => ['/criteria/gateway/versions/1'],
  '/framework/history/:version': async () => ['/framework/history/1'],
  '/glossary/history/:version': async (f) => {
    await glossaryVersion2(f)
    return ['/glossary/history/1', '/glossary/history/2']
  },
  '/documents/history/:version': async () => ['/documents/history/1'],
  '/intervention-types/history/:version': async () => ['/intervention-types/history/1'],
  '/specifications/:slug': async (f) =>
    (await specificationsInProcess(f)).map((slug) => `/specifications/${slug}`),
  '/specifications/:slug/versions/:number': async (f) =>
    (await specificationsInProcess(f)).map((slug) => `/specifications/${slug}/versions/1`),
  '/specifications/:slug/versions/:number/sections/:section': async (f) =>
    (await specificationsInProcess(f)).map((slug) => `/specifications/${slug}/versions/1/sections/about`),
  '/specifications/:slug/versions/:number/check': async (f) =>
    (await specificationsInProcess(f)).map((slug) => `/specifications/${slug}/versions/1/check`),
}

/** Version 2 of the glossary, one term reworded and one added, published once. */
let glossaryVersion2Published: Promise<void> | undefined
function glossaryVersion2({ harness: { testApp: t } }: Fixture) {
  glossaryVersion2Published ??= (async () => {
    const current = await t.services.referenceEditing.current('glossary')
    const terms = current.content.terms.map((term) =>
      term.term === 'CPD portfolio'
        ? { ...term, definition: `${term.definition} It is the practitioner's own.` }
        : term,
    )
    terms.push({
      term: 'Delivery plan',
      definition: "A provider's plan for delivering an endorsed specification.",
    })
    await t.services.referenceEditing.publish(
      'glossary',
      current.version,
      { terms },
      'Reworded one term, added one',
      {
        userId: null,
        label: 'test',
        ip: null,
      },
    )
  })()
  return glossaryVersion2Published
}

interface TokenPage {
  /** A link from a real e-mail, not yet used. */
  validLink(f: Fixture): Promise<string>
  /** Opens the page as someone whose link does not work: it ends on a "link expired" page (400). */
  openWithBadLink(page: Page, baseUrl: string): Promise<void>
}

async function expectLinkExpired(page: Page, action: () => Promise<unknown>, heading: string) {
  const response = await navigation(page, action)
  assert.equal(response.status(), 400)
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), heading)
}

const openBadLink = (path: string, heading: string) => async (page: Page, baseUrl: string) =>
  expectLinkExpired(page, () => page.goto(`${baseUrl}${path}?token=no-such-token`), heading)

/**
 * Pages opened from a link in an e-mail. Without a working token they cannot show their
 * form, so each is visited with a valid link and with one that does not work.
 */
const TOKEN_PAGES: Record<string, TokenPage> = {
  '/eportfolio/testimonials/confirm': {
    async validLink({ harness: { testApp: t } }) {
      const email = 'tess.testimonial@example.org'
      const pat = await t.database.db
        .selectFrom('user_account')
        .select('id')
        .where('email', '=', PEOPLE.practitioner.email)
        .executeTakeFirstOrThrow()
      const actor = {
        userId: pat.id,
        label: PEOPLE.practitioner.email,
        ip: null,
        name: PEOPLE.practitioner.displayName,
        roles: ['practitioner' as const],
      }
      await t.services.eportfolio.addEvidence(actor, (await t.services.eportfolio.mine(actor))!.rowVersion, {
        kind: 'testimonial',
        title: 'From the ward manager',
        body: 'Pat escalates early and teaches the team.',
        colleagueName: 'Tess Testimonial',
        colleagueEmail: email,
        cpdActivityId: '',
        awardId: '',
        mappings: [{ code: '1.1', note: 'Seen every day on the ward' }],
      })
      return latestLinkTo(t, email, '/eportfolio/testimonials/confirm')
    },
    openWithBadLink: openBadLink('/eportfolio/testimonials/confirm', 'This link does not work'),
  },
  '/confirm-email': {
    async validLink({ harness: { testApp: t } }) {
      const email = 'new.registration@example.org'
      await t.services.registration.register(
        { displayName: 'Noor Newcomer', email, password: 'a long enough password' },
        { userId: null, label: 'test', ip: null },
      )
      return latestLinkTo(t, email, '/confirm-email')
    },
    // The form cannot tell a good token from a bad one; the answer to it can.
    async openWithBadLink(page, baseUrl) {
      await page.goto(`${baseUrl}/confirm-email?token=no-such-token`)
      await expectLinkExpired(
        page,
        () => page.getByRole('button', { name: 'Confirm email address' }).click(),
        'This link has expired',
      )
    },
  },
  '/reset-password': {
    async validLink({ harness: { testApp: t } }) {
      const { email } = PEOPLE.practitioner
      await t.services.authentication.requestPasswordReset(email, { userId: null, label: 'test', ip: null })
      return latestLinkTo(t, email, '/reset-password')
    },
    openWithBadLink: openBadLink('/reset-password', 'This link has expired'),
  },
  '/consultations/subscribe/confirm': {
    async validLink({ harness: { testApp: t } }) {
      const email = 'sid.subscriber@example.org'
      await t.services.consultationOutcomes.subscribe({ email, areaId: null, userId: null })
      return latestLinkTo(t, email, '/consultations/subscribe/confirm')
    },
    openWithBadLink: openBadLink('/consultations/subscribe/confirm', 'This link does not work'),
  },
  '/consultations/unsubscribe': {
    async validLink({ harness: { testApp: t } }) {
      const email = 'una.subscriber@example.org'
      await t.services.consultationOutcomes.subscribe({ email, areaId: null, userId: null })
      return latestLinkTo(t, email, '/consultations/unsubscribe')
    },
    openWithBadLink: openBadLink('/consultations/unsubscribe', 'This link does not work'),
  },
  '/invitations/accept': {
    async validLink({ harness: { testApp: t } }) {
      const email = 'ian.invitee@example.org'
      await t.services.accountAdministration.invite(
        { email, displayName: 'Ian Invitee', role: 'specification_author', organisationId: null },
        { userId: null, label: 'test', ip: null },
      )
      return latestLinkTo(t, email, '/invitations/accept')
    },
    openWithBadLink: openBadLink('/invitations/accept', 'This invitation has expired'),
  },
}

/** GET routes that answer with a document to download rather than a page, each tested where it is made. */
const NOT_PAGES: Record<string, string> = {
  '/documents/files/:id': 'a document file the Centre uploaded: src/web/admin/reference.test.ts',
  '/credentials/:slug/specification/versions/:number/pdf': 'a PDF: src/web/publication/routes.test.ts',
  '/credentials/:slug/specification/versions/:number/jsonld': 'JSON-LD: src/web/publication/routes.test.ts',
  '/provider/learners/:id/evidence': 'an evidence document: src/web/awards/routes.test.ts',
  '/provider/award-template.csv': 'a CSV file: src/web/award-imports/routes.test.ts',
  '/consultations/:number/responses/download': 'a CSV file: src/web/consultation-outcomes/routes.test.ts',
  '/provider/imports/:id/problems.csv': 'a CSV file: src/web/award-imports/problems.test.ts',
  '/provider/imports/:id/progress.json': 'JSON for the progress bar: src/web/award-imports/progress.test.ts',
  '/issuers/:id/did.json': 'a DID document: src/web/issuers/routes.test.ts',
  '/issuers/:id': 'an Open Badges Profile (JSON-LD): src/web/issuers/routes.test.ts',
  '/awards/:id/credential': 'a verifiable credential: src/web/award-files/routes.test.ts',
  '/achievements/:slug/:number': 'an Open Badges Achievement: src/web/award-files/routes.test.ts',
  '/achievements/:slug/:number/endorsement': 'an EndorsementCredential: src/web/award-files/routes.test.ts',
  '/status/:id/:purpose': 'a status list credential: src/web/award-files/routes.test.ts',
  '/awards/:id/credential.jwt': 'a verifiable credential (JWT): src/web/verify/routes.test.ts',
  '/awards/:id/certificate.pdf': 'a certificate (PDF): src/web/award-files/routes.test.ts',
  '/my/portfolio/credentials/:id/file': 'a credential file, as the practitioner uploaded it',
  '/my/cpd/evidence/:id': 'a CPD evidence file: test/browser/portfolio.test.ts',
  '/my/data/export': 'a ZIP file of the practitioner’s data: test/browser/portfolio.test.ts',
  '/my/portfolio.pdf': 'the printable portfolio (PDF): src/web/portfolio/practitioner.test.ts',
  '/my/portfolio/clr.json': 'the Comprehensive Learner Record (JSON-LD): src/web/portfolio/clr.test.ts',
  '/reports/data': 'the list of open data (JSON): src/web/reports/routes.test.ts',
  '/reports/data/:file': 'a figure as CSV or JSON: src/web/reports/routes.test.ts',
  '/ctdl/credentials/:file': 'a credential in CTDL (JSON-LD): src/web/ctdl/routes.test.ts',
  '/ctdl/organisations/:file': 'an organisation in CTDL (JSON-LD): src/web/ctdl/routes.test.ts',
  '/ctdl/framework.json': 'the framework in CTDL-ASN (JSON-LD): src/web/ctdl/routes.test.ts',
  '/ctdl/graph.json': 'the catalogue in CTDL (JSON-LD): src/web/ctdl/routes.test.ts',
  '/.well-known/openid-credential-issuer': 'OpenID4VCI issuer metadata: src/web/wallet/openid4vci.test.ts',
  '/.well-known/oauth-authorization-server': 'OAuth metadata for wallets: src/web/wallet/openid4vci.test.ts',
  '/openid4vci/offers/:code': 'a credential offer for wallets: src/web/wallet/openid4vci.test.ts',
}
const isPage = (route: string) => !(route in NOT_PAGES)

/** Pages we know exist: proof that reading the routes found them. */
const KNOWN_PAGES = [
  '/',
  '/credentials',
  '/about',
  '/criteria',
  '/framework',
  '/glossary',
  '/documents',
  '/intervention-types',
  '/sign-in',
  '/home',
  '/admin/accounts',
  '/provider/api-tokens',
  '/reset-password',
]

/** Two pages are checked at a time: the machine has two cores. */
const TABS = 2

describe('accessibility: every page meets WCAG 2.2 AA (axe-core), for whoever sees it', () => {
  let harness: BrowserHarness
  let fixture: Fixture
  const contexts = new Map<Visitor, BrowserContext>()
  /** An anonymous tab for the tests of one page at a time. */
  let page: Page
  let providerOrganisation: string

  before(async () => {
    harness = await startBrowserHarness()
    const t = harness.testApp
    const system = { userId: null, label: 'test', ip: null }

    // People of each kind, and accounts in every state the account pages show.
    providerOrganisation = await createOrganisation(t, 'Northern University')
    const otherOrganisation = await createOrganisation(t, 'Southern College')
    const ids = {
      'centre admin': await createPerson(t, { ...PEOPLE['centre admin'], role: 'centre_admin' }),
      'provider admin': await createPerson(t, {
        ...PEOPLE['provider admin'],
        role: 'provider_admin',
        organisationId: providerOrganisation,
      }),
      practitioner: await createPerson(t, { ...PEOPLE.practitioner, role: 'practitioner' }),
      reviewer: await createPerson(t, { ...PEOPLE.reviewer, role: 'independent_reviewer' }),
    }
    await t.services.accountAdministration.grantRole(
      ids['provider admin'],
      'provider_admin',
      otherOrganisation,
      system,
    )
    const withoutRoles = await createPerson(t, {
      email: 'rory.roleless@example.org',
      displayName: 'Rory Roleless',
      role: 'specification_author',
    })
    const account = await t.services.accountAdministration.getAccount(withoutRoles)
    await t.services.accountAdministration.removeRole(withoutRoles, account!.grants[0]!.id, system)
    await t.services.registration.register(
      {
        displayName: 'Una Unconfirmed',
        email: 'una.unconfirmed@example.org',
        password: 'a long enough password',
      },
      system,
    )
    await t.services.accountAdministration.invite(
      {
        email: 'pending@example.org',
        displayName: '',
        role: 'provider_staff',
        organisationId: otherOrganisation,
      },
      system,
    )
    // API tokens in use and revoked.
    const actor = { userId: ids['provider admin'], label: PEOPLE['provider admin'].email, ip: null }
    await t.services.apiTokens.create(providerOrganisation, 'Student records', actor)
    const { summary } = await t.services.apiTokens.create(providerOrganisation, 'Old system', actor)
    await t.services.apiTokens.revoke(providerOrganisation, summary.id, actor)
    // Sent email in each state: sent, waiting and failed.
    const mail = await t.database.db.selectFrom('email_outbox').select('id').orderBy('created_at').execute()
    assert.ok(mail.length >= 3, 'the accounts above sent email')
    await t.database.db
      .updateTable('email_outbox')
      .set({ status: 'sent', sent_at: new Date(), attempts: 1 })
      .where('id', '=', mail[0]!.id)
      .execute()
    await t.database.db
      .updateTable('email_outbox')
      .set({ status: 'failed', attempts: 10, last_error: 'Connection refused by smtp.example.org' })
      .where('id', '=', mail[1]!.id)
      .execute()
    const { accounts } = await t.services.accountAdministration.listAccounts({ page: 1, pageSize: 100 })
    // Jobs in each state: waiting, done, and dead with a long error (the retry page's).
    const enqueue = (key: string) => t.services.jobs.enqueue(t.database.db, 'award-import', {}, { key })
    const [deadJobId] = await Promise.all([
      enqueue('a11y:dead'),
      enqueue('a11y:queued'),
      enqueue('a11y:done'),
    ])
    await t.database.db
      .updateTable('job')
      .set({
        state: 'dead',
        attempts: 5,
        finished_at: new Date(),
        last_error: `Error: the upload could not be read\n${'    at run (award-imports.ts:1:1)\n'.repeat(8)}`,
      })
      .where('id', '=', deadJobId)
      .execute()
    await t.database.db
      .updateTable('job')
      .set({ state: 'done', attempts: 1, finished_at: new Date() })
      .where('key', '=', 'a11y:done')
      .execute()
    fixture = { harness, accountIds: accounts.map((a) => a.id), roleless: withoutRoles, deadJobId }

    // The ePortfolio route: the practitioner visitor building one that the reviewer visitor
    // supervises, and another practitioner's, signed off by the practitioner visitor and
    // submitted, that the reviewer visitor is assigned to assess.
    {
      const e = t.services.eportfolio
      const actorOf = (
        userId: string,
        email: string,
        name: string,
        role: 'practitioner' | 'independent_reviewer' | 'centre_admin',
      ) => ({
        userId,
        label: email,
        ip: null,
        name,
        roles: [role],
      })
      const pat = actorOf(
        ids.practitioner,
        PEOPLE.practitioner.email,
        PEOPLE.practitioner.displayName,
        'practitioner',
      )
      const rui = actorOf(
        ids.reviewer,
        PEOPLE.reviewer.email,
        PEOPLE.reviewer.displayName,
        'independent_reviewer',
      )
      const ada = actorOf(
        ids['centre admin'],
        PEOPLE['centre admin'].email,
        PEOPLE['centre admin'].displayName,
        'centre_admin',
      )
      const solId = await createPerson(t, {
        email: SUBMITTED_EPORTFOLIO,
        displayName: 'Sol Submitted',
        role: 'practitioner',
      })
      const sol = actorOf(solId, SUBMITTED_EPORTFOLIO, 'Sol Submitted', 'practitioner')
      const codes = (
        await t.database.db
          .selectFrom('framework_capability')
          .select('code')
          .where('retired_at', 'is', null)
          .execute()
      ).map((r) => r.code)
      const rowVersion = async (p: typeof pat) => (await e.mine(p))!.rowVersion
      const tokenOf = async (email: string) =>
        new URL(
          await latestLinkTo(t, email, '/eportfolio/supervision/accept'),
          'https://x.invalid',
        ).searchParams.get('token') ?? ''
      const reflection = (mapped: readonly string[]) => ({
        kind: 'reflection',
        title: 'Running the frailty clinic',
        body: 'What I did, what I learnt and what I would change.',
        colleagueName: '',
        colleagueEmail: '',
        cpdActivityId: '',
        awardId: '',
        mappings: mapped.map((code) => ({ code, note: `The clinic's audit shows ${code}` })),
      })
      await e.register(pat)
      await e.inviteSupervisor(pat, await rowVersion(pat), {
        name: PEOPLE.reviewer.displayName,
        email: PEOPLE.reviewer.email,
      })
      await e.acceptSupervision(await tokenOf(PEOPLE.reviewer.email), rui)
      await e.addEvidence(pat, await rowVersion(pat), reflection(codes.slice(2)))
      const patId = (await e.mine(pat))!.id
      await e.comment(patId, rui, 'Add the audit for pillar 4.')
      await e.register(sol)
      await e.inviteSupervisor(sol, await rowVersion(sol), {
        name: PEOPLE.practitioner.displayName,
        email: PEOPLE.practitioner.email,
      })
      await e.acceptSupervision(await tokenOf(PEOPLE.practitioner.email), pat)
      await e.addEvidence(sol, await rowVersion(sol), reflection(codes))
      const solPortfolio = (await e.mine(sol))!.id
      await e.signOff(solPortfolio, pat, await rowVersion(sol))
      await e.submit(sol, await rowVersion(sol))
      await e.assignAssessor(solPortfolio, ada, await rowVersion(sol), ids.reviewer)
    }

    // One context per visitor, each under the site's real CSP. The Centre admin signs in
    // through the form; the others get a session straight from the session service.
    for (const visitor of VISITORS) {
      const context = await newContext(harness.browser)
      contexts.set(visitor, context)
      if (visitor === 'centre admin') {
        const tab = await context.newPage()
        await signInWithForm(tab, harness.baseUrl, PEOPLE['centre admin'].email)
        await tab.close()
      } else if (visitor !== 'anonymous') await addSessionCookie(context, harness, ids[visitor])
    }
    page = await contexts.get('anonymous')!.newPage()
  })

  after(async () => {
    await harness?.close()
  })

  interface Visit {
    path: string
    as: Visitor
  }

  /**
   * Tabs kept between visits, by visitor. A tab that goes on to the next page keeps its
   * renderer, whose V8 has axe-core compiled already: injecting it then takes about 60 ms
   * rather than 200 (measured), a third of what checking a page costs. Idle tabs cost next to
   * nothing (five on a page: under 0.5% of a core each, measured), so they stay open until
   * the file ends.
   */
  const idleTabs = new Map<Visitor, Page[]>()

  /** Checks each page in a subtest of its own, TABS at a time. */
  async function checkPages(t: TestContext, visits: Visit[]): Promise<void> {
    await Promise.all(
      visits.map(({ path, as }) =>
        t.test(as === 'anonymous' ? path : `${path} (${as})`, async () => {
          const tab = idleTabs.get(as)?.pop() ?? (await contexts.get(as)!.newPage())
          let checked = false
          try {
            await checkPage(path, 200, tab)
            checked = true
          } finally {
            // A tab whose check failed may be anywhere: it is not used again.
            if (checked) idleTabs.set(as, [...(idleTabs.get(as) ?? []), tab])
            else await tab.close()
          }
        }),
      ),
    )
  }

  /** Opens the page (it must not redirect) and checks it. */
  async function checkPage(path: string, expectedStatus = 200, tab = page): Promise<void> {
    const response = await tab.goto(`${harness.baseUrl}${path}`)
    assert.ok(response, `no response for ${path}`)
    const shown = new URL(tab.url())
    assert.equal(
      `${shown.pathname}${shown.search}`,
      path,
      `${path} redirected: if it is behind sign-in, say who sees it in SIGNED_IN_PAGES`,
    )
    assert.equal(response.status(), expectedStatus, `status of ${path}`)
    assert.match(
      response.headers()['content-type'] ?? '',
      /^text\/html/,
      `${path} is not an HTML page: if it is not meant for people, serve it under /api`,
    )
    await assertAccessible(tab, path)
  }

  /** Who visits a route: anonymous visitors unless it is behind sign-in. */
  const visitorsOf = (route: string): Visitor[] => SIGNED_IN_PAGES[route] ?? ['anonymous']

  it("reads every GET route from Fastify's route tree", async () => {
    const app = Fastify({ logger: false })
    const ok = async () => 'ok'
    for (const path of ['/', '/about', '/abc/:id', '/abc/:id/edit', '/api/v1/things', '/files/*', '/health'])
      app.get(path, ok)
    app.post('/about/form', ok)
    await app.ready()
    try {
      assert.deepEqual(getRoutePaths(app), [
        '/',
        '/abc/:id',
        '/abc/:id/edit',
        '/about',
        '/api/v1/things',
        '/files/*',
        '/health',
      ])
      assert.deepEqual(getPageRoutePaths(app), ['/', '/abc/:id', '/abc/:id/edit', '/about', '/files/*'])
    } finally {
      await app.close()
    }
  })

  it('knows how to visit every page route the app registers', async () => {
    const app = harness.testApp.app
    const routes = getPageRoutePaths(app).filter(isPage)
    for (const known of KNOWN_PAGES) assert.ok(routes.includes(known), `${known} not found in ${routes}`)

    // Every problem at once, each saying what to do about it.
    const problems: string[] = []
    const tables = { SIGNED_IN_PAGES, PARAMETERISED_PAGES, TOKEN_PAGES }
    for (const [name, table] of Object.entries(tables)) {
      for (const route of Object.keys(table).filter((r) => !routes.includes(r)))
        problems.push(`${route}: in ${name}, but the app has no such page`)
    }
    for (const route of routes.filter((r) => isParameterised(r) && !PARAMETERISED_PAGES[r]))
      problems.push(`${route}: has parameters; add how to list its pages to PARAMETERISED_PAGES`)

    // What an anonymous visitor gets must match the decision: a page, or the sign-in page.
    for (const route of routes.filter((r) => !isParameterised(r) && !TOKEN_PAGES[r])) {
      const res = await app.inject({ method: 'GET', url: route })
      const toSignIn =
        res.statusCode === 303 && res.headers.location === `/sign-in?returnTo=${encodeURIComponent(route)}`
      const aPage = res.statusCode === 200 && /^text\/html/.test(String(res.headers['content-type']))
      if (SIGNED_IN_PAGES[route] && !toSignIn)
        problems.push(
          `${route}: in SIGNED_IN_PAGES, but anonymous visitors get ${res.statusCode}, not sign-in`,
        )
      if (!SIGNED_IN_PAGES[route] && !aPage)
        problems.push(
          `${route}: anonymous visitors get ${res.statusCode}, not a page; say who sees it ` +
            '(behind sign-in: SIGNED_IN_PAGES; from a link in an e-mail: TOKEN_PAGES)',
        )
    }
    assert.deepEqual(problems, [], `Pages without a decided way to visit them:\n${problems.join('\n')}`)
  })

  it('every page route without parameters, as each of its visitors', { concurrency: TABS }, async (t) => {
    const routes = getPageRoutePaths(harness.testApp.app)
      .filter(isPage)
      .filter((route) => !isParameterised(route) && !TOKEN_PAGES[route])
    await checkPages(
      t,
      routes.flatMap((path) => visitorsOf(path).map((as) => ({ path, as }))),
    )
  })

  it(
    'every page of every route with parameters (a credential of each shape, every account)',
    { concurrency: TABS },
    async (t) => {
      const routes = getPageRoutePaths(harness.testApp.app).filter(isPage).filter(isParameterised)
      for (const route of routes) {
        const pages = (await PARAMETERISED_PAGES[route]?.(fixture)) ?? []
        assert.ok(pages.length > 0, `no pages found for ${route}`)
        if (route === '/credentials/:slug')
          assert.ok(pages.length >= 10, `only ${pages.length} credential shapes`)
        if (route === '/admin/accounts/:id') assert.ok(pages.length >= 5, `only ${pages.length} accounts`)
        await checkPages(
          t,
          pages.flatMap((path) => visitorsOf(route).map((as) => ({ path, as }))),
        )
      }
    },
  )

  it('every page opened from an e-mail, with a link that works', { concurrency: TABS }, async (t) => {
    const visits: Visit[] = []
    for (const [route, tokenPage] of Object.entries(TOKEN_PAGES)) {
      const link = await tokenPage.validLink(fixture)
      assert.equal(new URL(link, harness.baseUrl).pathname, route)
      visits.push({ path: link, as: 'anonymous' })
    }
    await checkPages(t, visits)
  })

  for (const [route, tokenPage] of Object.entries(TOKEN_PAGES)) {
    it(`${route} with a link that does not work: "link expired" (400)`, async () => {
      await tokenPage.openWithBadLink(page, harness.baseUrl)
      await assertAccessible(page, `${route} with a bad link`)
    })
  }

  it('the sign-in page with the error summary', async () => {
    await page.goto(`${harness.baseUrl}/sign-in`)
    await navigation(page, () => page.getByRole('button', { name: 'Sign in', exact: true }).click())
    assert.equal(new URL(page.url()).pathname, '/sign-in')
    assert.match(await page.title(), /^Error: /)
    const summary = page.locator('.nhsuk-error-summary')
    assert.deepEqual(await summary.getByRole('link').allInnerTexts(), [
      'Enter your email address',
      'Enter your password',
    ])
    await assertAccessible(page, '/sign-in with errors for both fields')

    await page.getByLabel('Email address').fill(PEOPLE.practitioner.email)
    await page.getByLabel('Password', { exact: true }).fill('not the password')
    await navigation(page, () => page.getByRole('button', { name: 'Sign in', exact: true }).click())
    assert.equal(await summary.getByRole('link').innerText(), 'Enter a correct email address and password')
    await assertAccessible(page, '/sign-in after a wrong password')
  })

  it('the sign-in page with a success banner', async () => {
    const link = await TOKEN_PAGES['/confirm-email']!.validLink(fixture)
    await page.goto(`${harness.baseUrl}${link}`)
    await navigation(page, () => page.getByRole('button', { name: 'Confirm email address' }).click())
    assert.equal(new URL(page.url()).pathname, '/sign-in')
    const banner = page.locator('.nhsuk-notification-banner--success')
    assert.match(await banner.innerText(), /Your email address is confirmed/)
    await assertAccessible(page, '/sign-in with a success banner')
  })

  /** Submits the form with the button, empty, and checks the page of errors it comes back to. */
  async function checkErrors(tab: Page, path: string, button: string, expected: string[]) {
    await tab.goto(`${harness.baseUrl}${path}`)
    await navigation(tab, () => tab.getByRole('button', { name: button, exact: true }).click())
    assert.match(await tab.title(), /^Error: /, `${path} shows errors`)
    assert.deepEqual(
      await tab.locator('.nhsuk-error-summary').getByRole('link').allInnerTexts(),
      expected,
      `errors on ${path}`,
    )
    await assertAccessible(tab, `${path} with errors`)
  }

  it('every form with its errors shown', async () => {
    const anonymous = page
    await checkErrors(anonymous, '/register', 'Create account', [
      'Enter your full name',
      'Enter an email address',
      'Enter a password',
    ])
    await checkErrors(anonymous, '/forgot-password', 'Send link', ['Enter an email address'])
    await checkErrors(
      anonymous,
      await TOKEN_PAGES['/reset-password']!.validLink(fixture),
      'Change password',
      ['Enter a password'],
    )
    await checkErrors(
      anonymous,
      await TOKEN_PAGES['/invitations/accept']!.validLink(fixture),
      'Accept invitation',
      // The name comes from the invitation.
      ['Enter a password'],
    )

    const admin = await contexts.get('centre admin')!.newPage()
    try {
      await checkErrors(admin, '/admin/invitations', 'Send invitation', [
        'Enter the email address of the person to invite',
        'Select a role',
      ])
      const [someone] = fixture.accountIds
      await checkErrors(admin, `/admin/accounts/${someone}`, 'Grant role', ['Select a role'])
      await checkErrors(admin, '/admin/providers/new', 'Save provider', [
        "Enter the provider's name",
        'Select the kind of provider',
        'Select the region',
      ])
      await checkErrors(admin, '/admin/workforce-need/new', 'Record the need', [
        'Select whether the need is for a credential or a clinical area',
        'Select the region',
        'Enter the number of practitioners',
        'Enter the source of the figure',
        'Enter the date of the source',
      ])
    } finally {
      await admin.close()
    }

    const provider = await contexts.get('provider admin')!.newPage()
    try {
      await checkErrors(provider, '/provider/api-tokens', 'Create token', [
        'Enter a name for the token, such as the system that will use it',
      ])
    } finally {
      await provider.close()
    }

    // The profile's errors: the portfolio browser test.
    const practitioner = await contexts.get('practitioner')!.newPage()
    try {
      await checkErrors(practitioner, '/my/cpd/new', 'Save activity', [
        'Enter a title for the activity',
        'Enter the date of the activity',
        'Enter the number of hours',
        'Select the type of activity',
        'Enter your reflection on what you learned',
      ])
      await checkErrors(practitioner, '/my/portfolio/credentials/new', 'Upload and check', [
        'Select a credential file',
      ])
      await checkErrors(practitioner, '/my/account/close', 'Close my account and erase my data', [
        'Enter your password',
      ])
    } finally {
      await practitioner.close()
    }
    await checkErrors(anonymous, '/employer-check', 'Check credentials', [
      'Enter the registration number',
      'Enter the surname',
    ])
  })

  it('pages after a change: a banner, and a new API token shown once', async () => {
    const provider = await contexts.get('provider admin')!.newPage()
    try {
      await provider.goto(`${harness.baseUrl}/provider/api-tokens?organisation=${providerOrganisation}`)
      await provider.getByLabel('Name').fill('Timetabling')
      await navigation(provider, () => provider.getByRole('button', { name: 'Create token' }).click())
      assert.match(await provider.locator('#new-token').innerText(), /^apc_/)
      await assertAccessible(provider, '/provider/api-tokens with a new token')
    } finally {
      await provider.close()
    }

    const holder = await contexts.get('practitioner')!.newPage()
    try {
      const [awardId] = (await learnersAndAwards(fixture)).awards
      await holder.goto(`${harness.baseUrl}/my/awards/${awardId}/wallet`)
      await navigation(holder, () =>
        holder.getByRole('button', { name: 'Show the QR code and send me the code' }).click(),
      )
      assert.match(
        String(await holder.locator('#offer-link').getAttribute('href')),
        /^openid-credential-offer:/,
      )
      await assertAccessible(holder, '/my/awards/:id/wallet with an offer')
    } finally {
      await holder.close()
    }

    const admin = await contexts.get('centre admin')!.newPage()
    try {
      await admin.goto(`${harness.baseUrl}/admin/invitations`)
      await admin.getByLabel('Email address').fill('olu.organiser@example.org')
      await admin.getByLabel('Role').selectOption({ label: 'Independent reviewer' })
      await navigation(admin, () => admin.getByRole('button', { name: 'Send invitation' }).click())
      assert.match(await admin.locator('.nhsuk-notification-banner').innerText(), /Invitation sent/)
      await assertAccessible(admin, '/admin/invitations with a banner')

      await admin.goto(`${harness.baseUrl}/admin/accounts/${fixture.roleless}`)
      assert.equal(await admin.getByText('This account has no roles.').count(), 1)
      await admin.getByLabel('Role').selectOption({ label: 'Specification author' })
      await navigation(admin, () => admin.getByRole('button', { name: 'Grant role' }).click())
      assert.match(
        await admin.locator('.nhsuk-notification-banner').innerText(),
        /Specification author role granted/,
      )
      await assertAccessible(admin, '/admin/accounts/:id with a banner and a role')
    } finally {
      await admin.close()
    }
  })

  // Confirmation pages are the answer to their form's POST (what was typed never travels in
  // an address), so no GET route lists them: they are reached by filling in the form.
  it('confirmation pages, shown in answer to the form before them', async () => {
    const admin = await contexts.get('centre admin')!.newPage()
    try {
      const key = `/admin/issuers/${await issuerWithRetiredKey(fixture)}/keys/1/compromise`
      await admin.goto(`${harness.baseUrl}${key}`)
      await admin.getByLabel('Day', { exact: true }).fill('6')
      await admin.getByLabel('Month', { exact: true }).fill('1')
      await admin.getByLabel('Year', { exact: true }).fill('2026')
      await admin.getByLabel('Why the key is compromised').fill('Laptop stolen')
      const asked = await navigation(admin, () => admin.getByRole('button', { name: 'Continue' }).click())
      assert.equal(asked.status(), 200)
      assert.equal(admin.url(), `${harness.baseUrl}${key}`, 'nothing typed in the address')
      assert.equal(await admin.getByRole('heading', { level: 1 }).innerText(), 'Mark key 1 as compromised?')
      await assertAccessible(admin, `${key} confirmation`)

      // The award's change of status: each choice names its own consequences.
      const [awardId] = (await learnersAndAwards(fixture)).awards
      const status = `/awards/${awardId}/status`
      for (const [choice, heading] of [
        ['Suspend the award', 'Suspend the award?'],
        ['Revoke the award (this cannot be undone)', 'Revoke the award?'],
      ] as const) {
        await admin.goto(`${harness.baseUrl}${status}`)
        await admin.getByLabel(choice, { exact: true }).check()
        await admin.getByLabel('Academic misconduct').check()
        await admin.getByLabel('Reason', { exact: true }).fill('Plagiarism found')
        const asked = await navigation(admin, () => admin.getByRole('button', { name: 'Continue' }).click())
        assert.equal(asked.status(), 200)
        assert.equal(await admin.getByRole('heading', { level: 1 }).innerText(), heading)
        await assertAccessible(admin, `${status} confirmation: ${heading}`)
      }

      const withdraw = `/admin/endorsements/${await endorsedVersion(fixture)}/withdraw`
      for (const [choice, heading] of [
        [/^Withdraw: /, 'Withdraw the endorsement?'],
        [/^End at the next version: /, 'End the endorsement?'],
      ] as const) {
        await admin.goto(`${harness.baseUrl}${withdraw}`)
        await admin.getByRole('radio', { name: choice }).check()
        await admin.getByLabel('Reason', { exact: true }).fill('Criteria not met')
        const asked = await navigation(admin, () => admin.getByRole('button', { name: 'Continue' }).click())
        assert.equal(asked.status(), 200)
        assert.equal(admin.url(), `${harness.baseUrl}${withdraw}`, 'nothing typed in the address')
        assert.equal(await admin.getByRole('heading', { level: 1 }).innerText(), heading)
        await assertAccessible(admin, `${withdraw} confirmation: ${heading}`)
      }
    } finally {
      await admin.close()
    }
  })

  // A Comprehensive Learner Record put to the check: the record's verdict and each award's.
  it('a learner record checked at /verify, as downloaded and changed', async () => {
    const userId = await directoryEntry(fixture)
    await practitionerActivity(fixture)
    const clr = await harness.testApp.services.clr.download(
      { userId, label: PEOPLE.practitioner.email, ip: null },
      { email: PEOPLE.practitioner.email, displayName: 'Pat Practitioner' },
    )
    assert.ok(clr)
    const tampered = structuredClone(clr)
    tampered.name = 'Comprehensive Learner Record of someone else'
    const tab = await contexts.get('anonymous')!.newPage()
    try {
      for (const [record, label] of [
        [clr, 'as downloaded'],
        [tampered, 'changed after signing'],
      ] as const) {
        await tab.goto(`${harness.baseUrl}/verify`)
        await tab.getByLabel('Credential', { exact: true }).fill(JSON.stringify(record))
        await navigation(tab, () => tab.getByRole('button', { name: 'Check the credential' }).click())
        // The fixture's award carries no endorsement, so the record is not valid either way.
        assert.match(await tab.getByRole('heading', { level: 1 }).innerText(), /^This learner record is /)
        await assertAccessible(tab, `/verify with a learner record: ${label}`)
      }
    } finally {
      await tab.close()
    }
  })

  it('the page a signed-in person sees without the role (403)', async () => {
    const provider = await contexts.get('provider admin')!.newPage()
    try {
      const response = await provider.goto(`${harness.baseUrl}/admin/accounts`)
      assert.equal(response?.status(), 403)
      await assertAccessible(provider, '/admin/accounts as a provider admin (403)')
    } finally {
      await provider.close()
    }
  })

  it('the catalogue filtered, with some results', async () => {
    await checkPage('/credentials?status=endorsed')
    const count = await page.locator('#result-count').innerText()
    assert.match(count, /^\d+ credentials and interventions match your filters$/)
  })

  it('the catalogue filtered, with no results', async () => {
    await checkPage('/credentials?q=zzzz')
    assert.equal(
      await page.locator('#result-count').innerText(),
      '0 credentials and interventions match your filters',
    )
    assert.equal(await page.getByRole('heading', { name: 'No credentials match your filters' }).count(), 1)
  })

  it('the catalogue with a value it cannot use: the error summary (400)', async () => {
    await checkPage('/credentials?status=bogus', 400)
    assert.match(await page.title(), /^Error: /)
    const summary = page.locator('.nhsuk-error-summary')
    assert.ok(await summary.isVisible(), 'the error summary is shown')
    assert.equal(await summary.getByRole('link', { name: 'Select a status from the list' }).count(), 1)
  })

  it('the check fails a page that scrolls sideways at 320 px, naming what sticks out', async () => {
    const tab = await contexts.get('anonymous')!.newPage()
    try {
      await tab.goto(`${harness.baseUrl}/sign-in`)
      await tab.evaluate(() => {
        const wide = document.createElement('p')
        wide.id = 'too-wide'
        wide.style.width = '600px'
        wide.textContent = 'A paragraph 600 px wide'
        document.querySelector('main')?.append(wide)
      })
      await assert.rejects(
        assertAccessible(tab, '/sign-in with a wide paragraph'),
        /\/sign-in with a wide paragraph at 320 px scrolls sideways[^]*p#too-wide, 600 px wide/,
      )
    } finally {
      await tab.close()
    }
  })

  it('the check fails a page that asks another host for a font, as the NHS.UK stylesheet would', async () => {
    const context = await newContext(harness.browser)
    try {
      const tab = await context.newPage()
      // The package's stylesheet as it is, with its @font-face rules for assets.nhs.uk.
      await tab.route('**/assets/nhsuk/nhsuk-frontend.min.css', (route) =>
        route.fulfill({ contentType: 'text/css', body: readFileSync(PACKAGED_STYLESHEET, 'utf8') }),
      )
      await tab.goto(`${harness.baseUrl}/sign-in`)
      await assert.rejects(
        assertAccessible(tab, '/sign-in with the packaged stylesheet'),
        /Content Security Policy[^]*assets\.nhs\.uk\/fonts/,
      )
    } finally {
      await context.close()
    }
  })

  it('the page-not-found page (404), for any address and for a credential that does not exist', async () => {
    await checkPage('/no-such-page', 404)
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Page not found')
    await checkPage('/credentials/no-such-credential', 404)
  })
})
