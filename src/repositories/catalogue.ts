import { sql } from 'kysely'
import type { Db } from '../db/database.ts'
import type { CredentialStatus, InterventionType } from '../domain/catalogue.ts'
import { containsPattern } from '../domain/list-search.ts'

export interface CredentialSearch {
  areaId?: number | undefined
  status?: CredentialStatus | undefined
  type?: InterventionType | undefined
  /** Each word of the search as its folded alternatives (src/domain/catalogue-search.ts). */
  terms?: string[][] | undefined
  limit: number
  offset: number
}

function credentialsMatching(db: Db, search: Omit<CredentialSearch, 'limit' | 'offset'>) {
  // Applications for recognition stay out of the public catalogue until recognised.
  let query = db
    .selectFrom('credential as c')
    .innerJoin('clinical_area as a', 'a.id', 'c.clinical_area_id')
    .where('c.listed', '=', true)
  if (search.areaId !== undefined) query = query.where('c.clinical_area_id', '=', search.areaId)
  if (search.status !== undefined) query = query.where('c.status', '=', search.status)
  if (search.type !== undefined) query = query.where('c.type', '=', search.type)
  for (const alternatives of search.terms ?? []) {
    query = query.where((eb) =>
      eb.or(
        alternatives.flatMap((folded) => {
          const pattern = containsPattern(folded)
          // The matching areas as an array worked out first, so each side can use an index.
          return [
            eb('c.search_text', 'like', pattern),
            eb(
              'c.clinical_area_id',
              '=',
              sql<number>`any(array(select id from clinical_area where catalogue_fold(name) like ${pattern}))`,
            ),
          ]
        }),
      ),
    )
  }
  return query
}

export async function searchCredentials(db: Db, search: CredentialSearch) {
  const base = credentialsMatching(db, search)
  const rows = await base
    .select([
      'c.id',
      'c.slug',
      'c.title',
      'c.type',
      'c.status',
      'c.due_season',
      'c.due_year',
      'c.level',
      'c.origin',
      'c.owner_name',
      'a.slug as area_slug',
      'a.name as area_name',
    ])
    .orderBy('a.name')
    .orderBy('c.title')
    .limit(search.limit)
    .offset(search.offset)
    .execute()
  // A page that is not full, and not past the end, already tells the total.
  if (rows.length < search.limit && (rows.length > 0 || search.offset === 0)) {
    return { rows, total: search.offset + rows.length }
  }
  const count = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow()
  return { rows, total: Number(count.total) }
}

export function listStatusEvents(db: Db, credentialId: string) {
  return db
    .selectFrom('credential_status_event as e')
    .leftJoin('catalogue_snapshot as s', 's.code', 'e.snapshot_code')
    .select([
      'e.id',
      'e.status',
      'e.due_season',
      'e.due_year',
      'e.reason',
      'e.recorded_by',
      'e.recorded_at',
      's.title as snapshot_title',
      's.dated_year as snapshot_year',
      's.dated_season as snapshot_season',
      's.dated_approximate as snapshot_approximate',
    ])
    .where('e.credential_id', '=', credentialId)
    .orderBy('e.id')
    .execute()
}
