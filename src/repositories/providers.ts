// Provider organisations (organisations of kind 'provider'): the Centre's list of them, with
// how many deliveries each has, and their details. Plain queries; the service holds the rules.
import type { Db } from '../db/database.ts'
import type { AccreditationStatus } from '../domain/providers.ts'
import { sql, type Insertable, type Updateable } from 'kysely'
import type { OrganisationTable } from '../db/schema.ts'
import { containsPattern, startsWithPattern } from '../domain/list-search.ts'

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
