// Organisations: the Centre, providers and other bodies; for providers also the Centre's list
// of them, with how many deliveries each has, and their details.
import { sql, type Insertable, type Updateable } from 'kysely'
import type { Db } from '../db/database.ts'
import type { OrganisationTable } from '../db/schema.ts'
import type { OrganisationKind } from '../domain/accounts.ts'
import type { AccreditationStatus } from '../domain/providers.ts'
import { containsPattern, startsWithPattern } from '../domain/list-search.ts'

export function findCentre(db: Db) {
  return db.selectFrom('organisation').select(['id', 'name']).where('kind', '=', 'centre').executeTakeFirst()
}

export function findOrganisation(db: Db, id: string) {
  return db.selectFrom('organisation').selectAll().where('id', '=', id).executeTakeFirst()
}

export function findOrganisationByName(db: Db, name: string) {
  return db.selectFrom('organisation').selectAll().where('name', '=', name).executeTakeFirst()
}

/** Organisations other than the Centre called `name` whatever the case (names are unique as written). */
export function findOrganisationsNamed(db: Db, name: string) {
  return db
    .selectFrom('organisation')
    .selectAll()
    .where('kind', '<>', 'centre')
    .where(sql<string>`lower(name)`, '=', name.toLowerCase())
    .orderBy('name')
    .execute()
}

/** The first `limit` organisations other than the Centre, by name, whose names contain every word. */
export function findOrganisationsLike(db: Db, words: readonly string[], limit: number) {
  return db
    .selectFrom('organisation')
    .select(['id', 'name', 'kind'])
    .where('kind', '<>', 'centre')
    .where((eb) => eb.and(words.map((word) => eb('name', 'ilike', containsPattern(word)))))
    .orderBy('name')
    .limit(limit)
    .execute()
}

export function insertOrganisation(db: Db, organisation: { name: string; kind: OrganisationKind }) {
  return db.insertInto('organisation').values(organisation).returningAll().executeTakeFirstOrThrow()
}

// ---------------------------------------------------------------------------------------
// Providers

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
    query = query.where((eb) =>
      eb.or([eb('o.name', 'ilike', containsPattern(words)), eb('o.ukprn', 'like', startsWithPattern(words))]),
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

/** Any organisation, the Centre too, called `name` whatever the case: a provider's name must be new. */
export function findOrganisationByNameIgnoringCase(db: Db, name: string) {
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

/** The names of these organisations, for sentences about them (the audit trail's). */
export function namesOfOrganisations(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([])
  return db.selectFrom('organisation').select(['id', 'name']).where('id', 'in', ids).execute()
}

/** Every provider's id and name, by name: for a form's choice of provider. */
export function listProviderOptions(db: Db) {
  return db
    .selectFrom('organisation')
    .select(['id', 'name'])
    .where('kind', '=', 'provider')
    .orderBy('name')
    .orderBy('id')
    .execute()
}
