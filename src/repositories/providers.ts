// Provider organisations, their accredited programmes and their deliveries of published
// specification versions. Plain queries; the service holds the rules.
import type { Db } from '../db/database.ts'
import type { Role } from '../domain/accounts.ts'
import type { AccreditationStatus, DeliveryState } from '../domain/providers.ts'
import { sql, type Insertable, type Updateable } from 'kysely'
import type { DeliveryTable, OrganisationTable, ProgrammeTable } from '../db/schema.ts'

// A delivery's state history lives in its own module; read here too, with the deliveries.
export { deliveryStateHistory } from './delivery-history.ts'

const PROVIDER_ROLES: readonly Role[] = ['provider_admin', 'provider_staff']

export interface ProviderFilter {
  /** Words in the name, or the start of the UK Provider Reference Number. */
  words?: string | undefined
  /** Providers with at least one programme in this accreditation state. */
  accreditation?: AccreditationStatus | undefined
}

/** The providers a filter picks out: the one query behind the page, the count and the download. */
function filteredProviders(db: Db, filter: ProviderFilter) {
  let query = db.selectFrom('organisation as o').where('o.kind', '=', 'provider')
  if (filter.words) {
    const words = filter.words
    const escaped = words.replace(/[\\%_]/g, (c) => `\\${c}`)
    query = query.where((eb) =>
      eb.or([eb('o.name', 'ilike', `%${escaped}%`), eb('o.ukprn', 'like', `${escaped}%`)]),
    )
  }
  if (filter.accreditation) {
    const state = filter.accreditation
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('programme as p')
          .select('p.id')
          .whereRef('p.organisation_id', '=', 'o.id')
          .where('p.accreditation_status', '=', state),
      ),
    )
  }
  return query.select((eb) => [
    'o.id',
    'o.name',
    'o.provider_kind',
    'o.ukprn',
    'o.region',
    eb
      .selectFrom('delivery as d')
      .select(eb.fn.countAll<string>().as('n'))
      .whereRef('d.organisation_id', '=', 'o.id')
      .as('deliveries'),
  ])
}

export async function listProviders(db: Db, filter: ProviderFilter & { limit: number; offset: number }) {
  const query = filteredProviders(db, filter)
  const [rows, count] = await Promise.all([
    query.orderBy('o.name').orderBy('o.id').limit(filter.limit).offset(filter.offset).execute(),
    db
      .selectFrom(query.as('f'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(count.n) }
}

/** The next batch of the filtered providers after (name, id), in the page's order. */
export function listProvidersAfter(
  db: Db,
  filter: ProviderFilter,
  after: { name: string; id: string } | undefined,
  limit: number,
) {
  let query = filteredProviders(db, filter)
  if (after)
    query = query.where((eb) => eb(eb.refTuple('o.name', 'o.id'), '>', eb.tuple(after.name, after.id)))
  return query.orderBy('o.name').orderBy('o.id').limit(limit).execute()
}

export function findProvider(db: Db, id: string) {
  return db
    .selectFrom('organisation')
    .selectAll()
    .where('id', '=', id)
    .where('kind', '=', 'provider')
    .executeTakeFirst()
}

export function findOrganisationByName(db: Db, name: string) {
  return db
    .selectFrom('organisation')
    .select(['id'])
    .where(sql<string>`lower(name)`, '=', name.toLowerCase())
    .executeTakeFirst()
}

export function findOrganisationByUkprn(db: Db, ukprn: string) {
  return db.selectFrom('organisation').select(['id']).where('ukprn', '=', ukprn).executeTakeFirst()
}

export function insertProvider(db: Db, values: Insertable<OrganisationTable>) {
  return db.insertInto('organisation').values(values).returning('id').executeTakeFirstOrThrow()
}

/** Updates only when the row version still matches; undefined when someone changed it first. */
export function updateProvider(
  db: Db,
  id: string,
  rowVersion: number,
  values: Updateable<OrganisationTable>,
) {
  return db
    .updateTable('organisation')
    .set({ ...values, row_version: sql`row_version + 1` })
    .where('id', '=', id)
    .where('row_version', '=', rowVersion)
    .returning('id')
    .executeTakeFirst()
}

export function listProviderPeople(db: Db, organisationId: string) {
  return db
    .selectFrom('role_grant as g')
    .innerJoin('user_account as u', 'u.id', 'g.user_id')
    .select(['u.id', 'u.display_name', 'u.email', 'g.role'])
    .where('g.organisation_id', '=', organisationId)
    .where('g.role', 'in', PROVIDER_ROLES)
    .orderBy('u.display_name')
    .execute()
}

/** Active provider admins of one organisation: who hears about decisions on its deliveries. */
export function listProviderAdmins(db: Db, organisationId: string) {
  return db
    .selectFrom('role_grant as g')
    .innerJoin('user_account as u', 'u.id', 'g.user_id')
    .select(['u.id', 'u.email', 'u.display_name'])
    .distinct()
    .where('g.organisation_id', '=', organisationId)
    .where('g.role', '=', 'provider_admin')
    .where('u.status', '=', 'active')
    .orderBy('u.display_name')
    .execute()
}

// ---------------------------------------------------------------------------------------
// Programmes

export function listProgrammes(db: Db, organisationId: string) {
  return db
    .selectFrom('programme')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .orderBy('title')
    .execute()
}

export function findProgramme(db: Db, organisationId: string, id: string) {
  return db
    .selectFrom('programme')
    .selectAll()
    .where('id', '=', id)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst()
}

export function findProgrammeByTitle(db: Db, organisationId: string, title: string) {
  return db
    .selectFrom('programme')
    .select(['id'])
    .where('organisation_id', '=', organisationId)
    .where(sql<string>`lower(title)`, '=', title.toLowerCase())
    .executeTakeFirst()
}

export function insertProgramme(db: Db, values: Insertable<ProgrammeTable>) {
  return db.insertInto('programme').values(values).returning('id').executeTakeFirstOrThrow()
}

export function updateProgramme(db: Db, id: string, rowVersion: number, values: Updateable<ProgrammeTable>) {
  return db
    .updateTable('programme')
    .set({ ...values, row_version: sql`row_version + 1` })
    .where('id', '=', id)
    .where('row_version', '=', rowVersion)
    .returning('id')
    .executeTakeFirst()
}

// ---------------------------------------------------------------------------------------
// Deliveries

/** Listed credentials with a published specification version: what a provider may deliver. */
export function listDeliverableVersions(db: Db) {
  return db
    .selectFrom('specification_version as v')
    .innerJoin('credential as c', 'c.id', 'v.credential_id')
    .select(['v.id as version_id', 'v.number', 'c.id as credential_id', 'c.title', 'c.slug'])
    .where('v.state', '=', 'published')
    .where('v.kind', '=', 'specification')
    .where('c.listed', '=', true)
    .orderBy('c.title')
    .orderBy('v.number', 'desc')
    .execute()
}

function deliveries(db: Db) {
  return db
    .selectFrom('delivery as d')
    .innerJoin('organisation as o', 'o.id', 'd.organisation_id')
    .innerJoin('credential as c', 'c.id', 'd.credential_id')
    .innerJoin('specification_version as v', 'v.id', 'd.specification_version_id')
    .leftJoin('programme as p', 'p.id', 'd.programme_id')
    .selectAll('d')
    .select([
      'o.name as organisation_name',
      'c.title as credential_title',
      'c.slug as credential_slug',
      'v.number as version_number',
      'p.title as programme_title',
    ])
}

export function listDeliveries(
  db: Db,
  filter: { organisationId?: string | undefined; state?: DeliveryState | undefined },
) {
  let query = deliveries(db)
  if (filter.organisationId) query = query.where('d.organisation_id', '=', filter.organisationId)
  if (filter.state) query = query.where('d.state', '=', filter.state)
  // Those waiting for a decision first, then the newest.
  return query
    .orderBy(sql`case when d.state = 'applied' then 0 else 1 end`)
    .orderBy('d.applied_at', 'desc')
    .execute()
}

export function findDelivery(db: Db, id: string) {
  return deliveries(db).where('d.id', '=', id).executeTakeFirst()
}

export function lockDelivery(db: Db, id: string) {
  return db.selectFrom('delivery').select('id').where('id', '=', id).forUpdate().executeTakeFirst()
}

export function insertDelivery(db: Db, values: Insertable<DeliveryTable>) {
  return db.insertInto('delivery').values(values).returning(['id', 'applied_at']).executeTakeFirstOrThrow()
}

export function updateDelivery(db: Db, id: string, rowVersion: number, values: Updateable<DeliveryTable>) {
  return db
    .updateTable('delivery')
    .set({ ...values, row_version: sql`row_version + 1` })
    .where('id', '=', id)
    .where('row_version', '=', rowVersion)
    .returning('id')
    .executeTakeFirst()
}

export function hasLiveDelivery(db: Db, organisationId: string, versionId: string) {
  return db
    .selectFrom('delivery')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('specification_version_id', '=', versionId)
    .where('state', 'in', ['applied', 'approved', 'approved_with_conditions', 'suspended'])
    .executeTakeFirst()
}

export function insertFirstReturn(db: Db, deliveryId: string, dueOn: string) {
  return db
    .insertInto('quality_return')
    .values({ delivery_id: deliveryId, period_year: 1, due_on: dueOn, state: 'due' })
    .onConflict((oc) => oc.constraint('quality_return_one_a_year').doNothing())
    .execute()
}

export function findDeliveryOrganisation(db: Db, id: string) {
  return db.selectFrom('delivery').select('organisation_id').where('id', '=', id).executeTakeFirst()
}
