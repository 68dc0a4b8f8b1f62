// Demo history for the delivery dashboard: providers in every NHS England region, deliveries
// approved at different dates from 2024 on, and yearly quality returns that came on time, late,
// with concerns, or have not come. The providers and deliveries are made through the services
// (as a Centre admin makes and approves them), then dated back as demo-provider.ts dates its
// own; the returns are made by the same use case as the daily job, and their past (submitted,
// reviewed) is written as it would have happened, since nobody can submit in the past.
import type { Kysely } from 'kysely'
import type { Database } from '../schema.ts'
import type { ProviderKind, Region } from '../../domain/providers.ts'
import { londonDay } from '../../domain/dates.ts'
import * as deliveriesRepo from '../../repositories/deliveries.ts'
import * as returnsRepo from '../../repositories/quality-returns.ts'
import { findOrganisationByName } from '../../repositories/organisations.ts'
import type { Actor } from '../../services/audit.ts'
import type { Services } from '../../services/index.ts'
import { demoActor, type DemoProcessRecord } from './demo-process.ts'

/** Each region's place name, and how many providers it has: enough that public figures show. */
const PLACES: ReadonlyArray<{ region: Region; place: string; providers: number }> = [
  { region: 'london', place: 'Thames', providers: 8 },
  { region: 'midlands', place: 'Trent Valley', providers: 7 },
  { region: 'north_east_and_yorkshire', place: 'Pennine', providers: 6 },
  { region: 'north_west', place: 'Mersey', providers: 6 },
  { region: 'south_east', place: 'Downland', providers: 6 },
  { region: 'east_of_england', place: 'Fenland', providers: 5 },
  { region: 'south_west', place: 'Tamar', providers: 5 },
]
const KINDS: ReadonlyArray<{ suffix: string; kind: ProviderKind }> = [
  { suffix: 'University', kind: 'university' },
  { suffix: 'NHS Foundation Trust', kind: 'employer' },
  { suffix: 'College of Health', kind: 'university' },
  { suffix: 'Institute of Advanced Practice', kind: 'other' },
  { suffix: 'School of Nursing', kind: 'university' },
  { suffix: 'Health Academy', kind: 'employer' },
  { suffix: 'Allied Health Faculty', kind: 'university' },
  { suffix: 'Clinical Education Centre', kind: 'professional_body' },
]

const addMonths = (month: number) => {
  const date = new Date(Date.UTC(2024, month, 8))
  return date.toISOString().slice(0, 10)
}

/** The providers, each with the day its delivery starts: from January 2024 to June 2026. */
export const DEMO_HISTORY_PROVIDERS: ReadonlyArray<{
  name: string
  kind: ProviderKind
  region: Region
  start: string
}> = PLACES.flatMap(({ region, place, providers }) =>
  KINDS.slice(0, providers).map(({ suffix, kind }) => ({ name: `${place} ${suffix} (demo)`, kind, region })),
).map((p, i) => ({ ...p, start: addMonths((i * 17) % 30) }))

/** Whoever does a provider's part: no account, named in the audit trail. */
const SEED_ACTOR: Actor = { userId: null, label: 'seed:demo', ip: null }

type Outcome = 'on_time' | 'late' | 'concern' | 'unsent'
/**
 * How each return went, in the order they fell due in their year: in 2025 a third came on time
 * without concerns, and more since; lately, some were not sent at all.
 */
const OUTCOMES: Record<'first' | 'later', readonly Outcome[]> = {
  first: [
    'late',
    'on_time',
    'concern',
    'late',
    'on_time',
    'concern',
    'late',
    'on_time',
    'concern',
    'on_time',
  ],
  later: [
    'on_time',
    'on_time',
    'late',
    'on_time',
    'concern',
    'on_time',
    'unsent',
    'on_time',
    'concern',
    'on_time',
  ],
}

const DAY_MS = 86_400_000
const at = (day: string, days: number) => new Date(Date.parse(`${day}T10:00:00Z`) + days * DAY_MS)

/**
 * Makes the history unless its first provider exists. Needs the demo accounts and a published
 * credential (seedDemoProcess) first.
 */
export async function seedDemoDeliveryHistory(
  db: Kysely<Database>,
  services: Services,
): Promise<DemoProcessRecord[]> {
  const record: DemoProcessRecord = {
    stage: 'Deliveries and quality returns since 2024, for the delivery dashboard',
    title: `${DEMO_HISTORY_PROVIDERS.length} providers`,
    href: '/reports/delivery',
  }
  const first = DEMO_HISTORY_PROVIDERS[0]
  if (first && (await findOrganisationByName(db, first.name)))
    return [{ ...record, stage: 'Already created' }]
  const admin = await demoActor(db, services, 'centre-admin')
  const credentials = await services.deliveries.deliverableCredentials()
  if (!credentials.length) throw new Error('There is no published credential: run the demo process first')
  const today = londonDay(new Date())

  const deliveryIds: string[] = []
  for (const provider of DEMO_HISTORY_PROVIDERS) {
    const organisationId = await services.providers.createProvider(
      { name: provider.name, kind: provider.kind, ukprn: '', region: provider.region, website: '' },
      admin,
    )
    const start = provider.start
    const credential = credentials[deliveryIds.length % credentials.length]
    if (!credential) continue
    const deliveryId = await services.deliveries.applyToDeliver(
      organisationId,
      {
        credentialId: credential.credentialId,
        mode: provider.kind === 'employer' ? 'work_based' : 'blended',
        startDate: start,
        expectedCohort: String(12 + ((deliveryIds.length * 7) % 20)),
        assessment:
          'A portfolio of cases mapped to the learning outcomes, and an observed clinical examination.',
        programmeId: '',
      },
      SEED_ACTOR,
    )
    await services.deliveries.act(
      deliveryId,
      1,
      'approve',
      'Approved: the assessment covers every outcome.',
      admin,
      null,
    )
    // Applied three months and approved six weeks before the start, as they would have been.
    await deliveriesRepo.backdateHistory(db, deliveryId, {
      appliedAt: at(start, -90),
      decidedAt: at(start, -42),
    })
    deliveryIds.push(deliveryId)
  }

  await services.qualityReturns.ensureReturns(today)
  const returns = (await returnsRepo.listReturns(db, {}))
    .filter((r) => deliveryIds.includes(r.delivery_id) && r.due_on < today)
    .sort((a, b) => a.due_on.localeCompare(b.due_on))
  const inYear = new Map<string, number>()
  for (const r of returns) {
    const year = r.due_on.slice(0, 4)
    const n = inYear.get(year) ?? 0
    inYear.set(year, n + 1)
    const pattern = year <= '2025' ? OUTCOMES.first : OUTCOMES.later
    const outcome = pattern[n % pattern.length] ?? 'on_time'
    if (outcome === 'unsent') continue
    const submittedAt = at(r.due_on, outcome === 'late' ? 19 : -9)
    const reviewedAt = at(r.due_on, outcome === 'late' ? 33 : 5)
    const reviewed = londonDay(reviewedAt) < today
    const concern = outcome === 'concern' && reviewed
    // A concern answered a month later is accepted; one raised lately is still open.
    const answered = concern && londonDay(at(r.due_on, 60)) < today
    await returnsRepo.writeReturnHistory(db, r.id, {
      state: concern ? (answered ? 'accepted' : 'concern_raised') : reviewed ? 'accepted' : 'submitted',
      cohort_started: 14,
      cohort_completed: 11 + (n % 3),
      outcomes: 'Most learners completed the portfolio within the year; two deferred for personal reasons.',
      concerns: null,
      submitted_at: answered ? at(r.due_on, 40) : submittedAt,
      first_submitted_at: submittedAt,
      reviewed_by: reviewed ? admin.userId : null,
      reviewed_at: answered ? at(r.due_on, 60) : reviewed ? reviewedAt : null,
      review_note:
        concern && !answered ? 'Say how learners without a practice supervisor were supported.' : null,
      concern_raised_at: concern ? reviewedAt : null,
    })
  }
  return [record]
}
