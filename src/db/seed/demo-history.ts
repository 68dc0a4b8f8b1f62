// seed:demo's history: a few years of synthetic awards, so that the dashboards (/reports) show
// trends rather than one month's handful. Six synthetic universities, one in each of six NHS
// England regions, each with an approved delivery of every published credential from January
// 2024, award credentials every month from April 2024 to today, more each year and more in
// the summer, to learners of every profession; a few are later suspended or revoked. Run after
// seedDemoProcess (which publishes a credential).
//
// The awards are signed and stored as the awards service signs them (awardCredentials.issue,
// in the transaction that saves them), so each one verifies like any other. The learners,
// awards and deliveries are written straight to the tables: the checks the services make on
// a new award (eligibility, the delivery's approval on the day) are for people entering
// awards, and these are history made up whole. The universities have no accounts.
import { sql, type Kysely } from 'kysely'
import type { Database } from '../schema.ts'
import type { AwardStatusReason, Region } from '../../domain/providers.ts'
import { present } from '../../domain/present.ts'
import { monthsFrom } from '../../domain/statistics.ts'
import { listProfessionNames } from '../../repositories/professions.ts'
import { awardToIssue } from '../../services/award-credentials.ts'
import type { Services } from '../../services/index.ts'
import type { DemoProcessRecord } from './demo-process.ts'
import { FAMILY_NAMES, GIVEN_NAMES } from './names.ts'

export const DEMO_HISTORY_FIRST_MONTH = '2024-04'
const DELIVERY_START = '2024-01-08'
const APPLIED_AT = new Date('2023-10-02T09:00:00Z')
const APPROVED_AT = new Date('2023-11-20T10:00:00Z')
export const DEMO_HISTORY_EMAIL_DOMAIN = 'history.demo.invalid'

/** The universities, each with how many it awards a month at first (before growth). */
export const DEMO_HISTORY_PROVIDERS: ReadonlyArray<{ name: string; region: Region; base: number }> = [
  { name: 'University of the North Coast (demo history)', region: 'north_east_and_yorkshire', base: 5 },
  { name: 'Mersey Valley University (demo history)', region: 'north_west', base: 4 },
  { name: 'Midlands Institute of Health (demo history)', region: 'midlands', base: 6 },
  { name: 'Fenland University (demo history)', region: 'east_of_england', base: 2 },
  { name: 'Thames College of Advanced Practice (demo history)', region: 'london', base: 7 },
  { name: 'Wessex University (demo history)', region: 'south_west', base: 3 },
]

/** A fixed pseudo-random number from 0 to 1 for a number: the same seed gives the same history. */
const unit = (n: number) => {
  const x = Math.sin(n * 12.9898 + 78.233) * 43_758.5453
  return x - Math.floor(x)
}

/**
 * How many a provider awards in month number m (0 for April 2024) on one delivery: growing by
 * about half as much again each year, with more at the summer's end of the academic year.
 */
export function awardsInMonth(base: number, m: number, salt: number): number {
  const growth = 1 + m / 24
  const calendarMonth = (m + 3) % 12 // 0 for January
  const season = calendarMonth === 6 || calendarMonth === 8 ? 1.6 : calendarMonth === 11 ? 0.6 : 1
  return Math.max(0, Math.round(base * growth * season * (0.75 + unit(salt) / 2)))
}

const REASONS: ReadonlyArray<{
  status: 'revoked' | 'suspended'
  category: AwardStatusReason
  reason: string
}> = [
  {
    status: 'suspended',
    category: 'under_investigation',
    reason: 'A concern about the assessment is being looked into.',
  },
  { status: 'revoked', category: 'issued_in_error', reason: 'Awarded in error before the final board.' },
]

export async function seedDemoHistory(
  db: Kysely<Database>,
  services: Services,
): Promise<DemoProcessRecord[]> {
  const first = present(DEMO_HISTORY_PROVIDERS[0], 'the first history provider')
  const existing = await db
    .selectFrom('organisation')
    .select('id')
    .where('name', '=', first.name)
    .executeTakeFirst()
  if (!existing) await makeHistory(db, services)
  const count = await db
    .selectFrom('award')
    .innerJoin('learner', 'learner.id', 'award.learner_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('learner.email', 'like', `%@${DEMO_HISTORY_EMAIL_DOMAIN}`)
    .executeTakeFirstOrThrow()
  return [
    {
      stage: `${Number(count.n).toLocaleString('en-GB')} awards from April 2024 by ${DEMO_HISTORY_PROVIDERS.length} synthetic universities`,
      title: 'Take-up dashboard',
      href: '/reports/take-up',
    },
  ]
}

async function makeHistory(db: Kysely<Database>, services: Services): Promise<void> {
  const versions = await db
    .selectFrom('specification_version as v')
    .select(['v.id', 'v.credential_id'])
    .where('v.state', '=', 'published')
    .where('v.kind', '=', 'specification')
    .orderBy('v.published_at')
    .execute()
  if (!versions.length) throw new Error('No credential is published: run the demo process first')
  const professions = await listProfessionNames(db)
  const today = services.clock.today()
  const months = monthsFrom(DEMO_HISTORY_FIRST_MONTH, today.slice(0, 7))
  let learnerNumber = 0
  for (const [p, provider] of DEMO_HISTORY_PROVIDERS.entries()) {
    const organisation = await db
      .insertInto('organisation')
      .values({ name: provider.name, kind: 'provider', provider_kind: 'university', region: provider.region })
      .returning('id')
      .executeTakeFirstOrThrow()
    await services.issuers.ensureKeys()
    for (const [v, version] of versions.entries()) {
      const delivery = await db
        .insertInto('delivery')
        .values({
          organisation_id: organisation.id,
          specification_version_id: version.id,
          credential_id: version.credential_id,
          state: 'approved',
          mode: 'blended',
          start_date: DELIVERY_START,
          expected_cohort: 40,
          assessment: 'A portfolio of cases and a structured clinical examination.',
          applied_at: APPLIED_AT,
          decided_at: APPROVED_AT,
        })
        .returning(['id', 'organisation_id', 'credential_id', 'specification_version_id'])
        .executeTakeFirstOrThrow()
      await db
        .insertInto('delivery_state_change')
        .values([
          { delivery_id: delivery.id, state: 'applied', effective_at: APPLIED_AT },
          { delivery_id: delivery.id, state: 'approved', effective_at: APPROVED_AT },
        ])
        .execute()
      // The second and later credentials are newer, so fewer take them.
      const base = v === 0 ? provider.base : Math.max(1, Math.round(provider.base / 2))
      const learners = months.flatMap((month, m) =>
        Array.from({ length: awardsInMonth(base, m, p * 1000 + v * 100 + m) }, (_, i) => {
          learnerNumber += 1
          const n = learnerNumber
          const day = 1 + Math.floor(unit(n * 7) * 27)
          const awardedOn = `${month}-${String(day).padStart(2, '0')}`
          return { n, awardedOn: awardedOn > today ? today : awardedOn, i }
        }),
      )
      const issuance = await services.awardCredentials.prepare(delivery.id)
      if (!issuance) throw new Error(`The delivery ${delivery.id} has no published version to sign with`)
      for (let start = 0; start < learners.length; start += 200) {
        const batch = learners.slice(start, start + 200)
        await db.transaction().execute(async (trx) => {
          const rows = await trx
            .insertInto('learner')
            .values(
              batch.map(({ n }) => ({
                delivery_id: delivery.id,
                organisation_id: delivery.organisation_id,
                given_name: GIVEN_NAMES[Math.floor(unit(n * 3) * GIVEN_NAMES.length)] ?? 'Alex',
                family_name: FAMILY_NAMES[Math.floor(unit(n * 5) * FAMILY_NAMES.length)] ?? 'Smith',
                email: `learner-${n}@${DEMO_HISTORY_EMAIL_DOMAIN}`,
                profession: professions[Math.floor(unit(n * 11) ** 1.6 * professions.length)] ?? 'Nurse',
                regulator: 'NMC',
                registration_number: `${String(10 + (n % 90))}H${String(n).padStart(4, '0')}E`,
                created_at: new Date(`${DELIVERY_START}T09:00:00Z`),
              })),
            )
            .returning(['id', 'email', 'given_name', 'family_name', 'regulator', 'registration_number'])
            .execute()
          const awards = await trx
            .insertInto('award')
            .values(
              rows.map((learner, i) => {
                const awardedOn = present(batch[i], 'a learner of the batch').awardedOn
                return {
                  learner_id: learner.id,
                  delivery_id: delivery.id,
                  organisation_id: delivery.organisation_id,
                  credential_id: delivery.credential_id,
                  specification_version_id: delivery.specification_version_id,
                  awarded_on: awardedOn,
                  status: 'active' as const,
                  created_at: new Date(`${awardedOn}T12:00:00Z`),
                }
              }),
            )
            .returning(['id', 'learner_id', 'awarded_on'])
            .execute()
          const learnerOf = new Map(rows.map((r) => [r.id, r]))
          await services.awardCredentials.issue(
            trx,
            issuance,
            awards.map((a) =>
              awardToIssue(a.id, a.awarded_on, present(learnerOf.get(a.learner_id), 'its learner')),
            ),
          )
        })
      }
      // About one in forty is suspended or revoked, some weeks after it was made.
      await sql`update award a set status = r.status, status_reason = r.reason,
          status_reason_category = r.category,
          status_changed_at = least(now(), (a.awarded_on + 30 + (abs(hashtext(a.id::text)) % 60))::timestamp at time zone 'Europe/London' + interval '10 hours')
        from (values ${sql.join(REASONS.map((r, i) => sql`(${i}::int, ${r.status}, ${r.reason}, ${r.category})`))}) as r(k, status, reason, category)
        where a.delivery_id = ${delivery.id} and abs(hashtext(a.id::text)) % 40 = 0
          and abs(hashtext(a.id::text || 'r')) % ${REASONS.length} = r.k`.execute(db)
    }
  }
}
