// Applications for recognition: unlisted credentials owned by another body, each with its
// versions of kind 'recognition'.
import type { Db } from '../db/database.ts'
import type { CredentialTable } from '../db/schema.ts'

export function updateCredentialDetails(
  db: Db,
  id: string,
  details: Pick<
    CredentialTable,
    'title' | 'clinical_area_id' | 'type' | 'owner_name' | 'owner_url' | 'summary'
  >,
) {
  return db
    .updateTable('credential')
    .set((eb) => ({ ...details, updated_at: new Date(), row_version: eb('row_version', '+', 1) }))
    .where('id', '=', id)
    .execute()
}

/** Every application (a credential with a recognition version), or only one person's. */
export function listApplications(db: Db, personId: string | null) {
  let query = db
    .selectFrom('credential as c')
    .innerJoin('clinical_area as a', 'a.id', 'c.clinical_area_id')
    .innerJoin('specification_version as v', 'v.credential_id', 'c.id')
    .select([
      'c.slug',
      'c.title',
      'c.status',
      'c.listed',
      'c.owner_name',
      'a.name as area_name',
      'v.number',
      'v.state',
      'v.updated_at',
    ])
    .where('v.kind', '=', 'recognition')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('specification_version as later')
            .select('later.id')
            .whereRef('later.credential_id', '=', 'c.id')
            .whereRef('later.number', '>', 'v.number'),
        ),
      ),
    )
  if (personId) {
    query = query.where((eb) =>
      eb.or([
        eb('c.lead_author_id', '=', personId),
        eb.exists(
          eb
            .selectFrom('specification_version as mine')
            .select('mine.id')
            .whereRef('mine.credential_id', '=', 'c.id')
            .where('mine.author_id', '=', personId),
        ),
      ]),
    )
  }
  return query.orderBy('v.updated_at', 'desc').execute()
}

/** The credential and its latest version, when that version is a recognition. */
export async function findApplication(db: Db, slug: string) {
  const credential = await db
    .selectFrom('credential as c')
    .innerJoin('clinical_area as a', 'a.id', 'c.clinical_area_id')
    .selectAll('c')
    .select(['a.slug as area_slug', 'a.name as area_name'])
    .where('c.slug', '=', slug)
    .executeTakeFirst()
  if (!credential) return undefined
  const version = await db
    .selectFrom('specification_version')
    .selectAll()
    .where('credential_id', '=', credential.id)
    .orderBy('number', 'desc')
    .executeTakeFirst()
  if (!version || version.kind !== 'recognition') return undefined
  return { credential, version }
}

export async function latestEndorsementSetId(db: Db): Promise<number | null> {
  const row = await db
    .selectFrom('criterion_set')
    .select('id')
    .where('kind', '=', 'endorsement')
    .orderBy('version', 'desc')
    .executeTakeFirst()
  return row?.id ?? null
}
