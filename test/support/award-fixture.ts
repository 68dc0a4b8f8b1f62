// For tests and the benchmark: a provider with an accredited programme and an approved
// delivery of a published credential, written straight to the database (the journeys that
// make them are other capabilities' and are tested there).
import { insertCentreAccreditation } from './accreditation.ts'
import { randomBytes } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../src/db/schema.ts'
import type { DeliveryState } from '../../src/domain/providers.ts'

export const FIXTURE_PROGRAMME = 'MSc Advanced Clinical Practice'

export interface AwardFixture {
  organisationId: string
  deliveryId: string
  credentialTitle: string
  programmeTitle: string
}

/** When fixture deliveries applied and, unless told otherwise, were approved: before they start. */
export const FIXTURE_APPLIED_AT = new Date('2025-07-01T09:00:00Z')
export const FIXTURE_APPROVED_AT = new Date('2025-08-01T09:00:00Z')

/**
 * The state history a delivery written straight to the table would have had: applied, then
 * approved at `approvedAt` (unless it is still waiting or was declined), then its state now,
 * taking effect now, when that is neither. Awards are checked against this history.
 */
export async function insertFixtureHistory(
  db: Kysely<Database>,
  deliveryId: string,
  state: DeliveryState,
  approvedAt: Date = FIXTURE_APPROVED_AT,
): Promise<void> {
  const changes: Array<{ state: DeliveryState; effectiveAt: Date }> = [
    { state: 'applied', effectiveAt: FIXTURE_APPLIED_AT },
  ]
  if (state === 'declined') changes.push({ state, effectiveAt: approvedAt })
  else if (state !== 'applied') {
    const approval = state === 'approved_with_conditions' ? state : 'approved'
    changes.push({ state: approval, effectiveAt: approvedAt })
    if (state !== approval) changes.push({ state, effectiveAt: new Date() })
  }
  await db
    .insertInto('delivery_state_change')
    .values(changes.map((c) => ({ delivery_id: deliveryId, state: c.state, effective_at: c.effectiveAt })))
    .execute()
  await db
    .updateTable('delivery')
    .set({ applied_at: FIXTURE_APPLIED_AT, decided_at: state === 'applied' ? null : approvedAt })
    .where('id', '=', deliveryId)
    .execute()
}

export async function insertApprovedDelivery(
  db: Kysely<Database>,
  options: {
    organisationId?: string
    organisationName?: string
    state?: DeliveryState
    /** When the delivery was approved; by default 1 August 2025, a month before it starts. */
    approvedAt?: Date
  } = {},
): Promise<AwardFixture> {
  const unique = randomBytes(4).toString('hex')
  const organisationId =
    options.organisationId ??
    (
      await db
        .insertInto('organisation')
        .values({ name: options.organisationName ?? `University ${unique}`, kind: 'provider' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
  const author = await db
    .insertInto('user_account')
    .values({
      email: `fixture-author-${unique}@example.org`,
      display_name: 'Fixture Author',
      password_hash: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const area = await db.selectFrom('clinical_area').select('id').orderBy('id').executeTakeFirstOrThrow()
  const credentialTitle = `Frailty in the community ${unique}`
  const credential = await db
    .insertInto('credential')
    .values({
      slug: `award-fixture-${unique}`,
      title: credentialTitle,
      clinical_area_id: area.id,
      type: 'credential_specification',
      status: 'endorsed',
      level: 7,
      origin: 'centre',
      notes: '[]',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const version = await db
    .insertInto('specification_version')
    .values({
      credential_id: credential.id,
      number: 1,
      kind: 'specification',
      author_id: author.id,
      state: 'published',
      content: JSON.stringify({}),
      decision: 'endorse',
      decided_at: new Date('2025-01-10T10:00:00Z'),
      published_at: new Date('2025-01-10T10:00:00Z'),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const programme = await db
    .insertInto('programme')
    .values({ organisation_id: organisationId, title: FIXTURE_PROGRAMME })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst()
  // Accredited by the Centre over the years the fixtures' awards fall in.
  if (programme)
    await insertCentreAccreditation(
      db,
      { id: programme.id, organisationId },
      { from: '2020-01-01', until: '2099-12-31' },
    )
  const delivery = await db
    .insertInto('delivery')
    .values({
      organisation_id: organisationId,
      specification_version_id: version.id,
      credential_id: credential.id,
      state: options.state ?? 'approved',
      mode: 'blended',
      start_date: '2025-09-01',
      expected_cohort: 20,
      assessment: 'A portfolio of cases and a structured clinical examination.',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await insertFixtureHistory(db, delivery.id, options.state ?? 'approved', options.approvedAt)
  return { organisationId, deliveryId: delivery.id, credentialTitle, programmeTitle: FIXTURE_PROGRAMME }
}

/** A CSV line for a learner who holds an MSc: valid on its own. */
export function validCsvLine(n: number, overrides: Partial<Record<string, string>> = {}): string {
  const row = {
    given_name: 'Learner',
    family_name: `Number ${n}`,
    email: `learner${n}@example.org`,
    profession: 'Nurse',
    regulator: 'NMC',
    registration_number: `${String(10 + (n % 90)).padStart(2, '0')}A${String(n % 10000).padStart(4, '0')}E`,
    eligibility_basis: 'holds_msc',
    programme: '',
    msc_institution: 'University of Leeds',
    msc_year: '2019',
    awarded_on: '2026-07-31',
    ...overrides,
  }
  return Object.values(row).join(',')
}

/**
 * An import as a worker left it running: its job leased to that worker, the lease run out (the
 * worker died) or not (it is still at work).
 */
export async function markRunning(
  db: Kysely<Database>,
  importId: string,
  lease: 'expired' | 'live',
): Promise<void> {
  await db
    .updateTable('award_import')
    .set({ state: 'running', started_at: sql<Date>`now()`, heartbeat_at: sql<Date>`now()` })
    .where('id', '=', importId)
    .execute()
  await db
    .updateTable('job')
    .set({
      state: 'running',
      attempts: 1,
      locked_by: 'another-process',
      locked_until:
        lease === 'expired'
          ? sql<Date>`now() - interval '1 minute'`
          : sql<Date>`now() + interval '10 minutes'`,
    })
    .where('key', '=', `award-import:${importId}`)
    .execute()
}

/** A trigger that makes the nth award inserted from now on fail; returns what removes it. */
export async function failNthAwardInsert(db: Kysely<Database>, n: number): Promise<() => Promise<void>> {
  await sql`create sequence award_fail_seq`.execute(db)
  await sql`create function fail_nth_award() returns trigger language plpgsql as $$
    begin
      if nextval('award_fail_seq') = ${sql.lit(n)} then raise exception 'award insert % fails', ${sql.lit(n)}; end if;
      return new;
    end $$`.execute(db)
  await sql`create trigger fail_nth_award before insert on award_record for each row execute function fail_nth_award()`.execute(
    db,
  )
  return async () => {
    await sql`drop trigger fail_nth_award on award_record`.execute(db)
    await sql`drop function fail_nth_award()`.execute(db)
    await sql`drop sequence award_fail_seq`.execute(db)
  }
}

/** A trigger that makes every award credential insert fail; returns what removes it. */
export async function failCredentialInserts(db: Kysely<Database>): Promise<() => Promise<void>> {
  await sql`create function fail_credential() returns trigger language plpgsql as $$
    begin raise exception 'credential storage fails'; end $$`.execute(db)
  await sql`create trigger fail_credential before insert on award_credential for each row execute function fail_credential()`.execute(
    db,
  )
  return async () => {
    await sql`drop trigger fail_credential on award_credential`.execute(db)
    await sql`drop function fail_credential()`.execute(db)
  }
}
