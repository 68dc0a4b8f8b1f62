// Queries only drafting needs: the author's lists and counts, the criteria a submission is
// judged against, and what the workspace page shows beside the shared version queries.
import { sql } from 'kysely'
import type { Db } from '../db/database.ts'
import type { VersionState } from '../domain/specification-lifecycle.ts'
import { containsPattern } from '../domain/list-search.ts'

/** The newest endorsement criteria set: a submission is judged against it from then on. */
export async function currentEndorsementSetId(db: Db): Promise<number | null> {
  const row = await db
    .selectFrom('criterion_set')
    .select('id')
    .where('kind', '=', 'endorsement')
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row?.id ?? null
}

/** The proposal that became this credential, whose steps belong on its timeline. */
export async function findProposalIdForCredential(db: Db, credentialId: string): Promise<string | null> {
  const row = await db
    .selectFrom('proposal')
    .select('id')
    .where('credential_id', '=', credentialId)
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst()
  return row?.id ?? null
}

/** Versions of one credential with their authors' names, oldest first. */
export function listVersionsWithAuthors(db: Db, credentialId: string) {
  return db
    .selectFrom('specification_version as v')
    .innerJoin('user_account as u', 'u.id', 'v.author_id')
    .selectAll('v')
    .select('u.display_name as author_name')
    .where('v.credential_id', '=', credentialId)
    .orderBy('v.number')
    .execute()
}

/**
 * Credentials with a specification in the process, with their newest version. Given an
 * author, only those they lead or wrote a version of.
 */
export interface SpecificationFilter {
  /** Only the credentials this author leads or writes; null for the Centre's whole list. */
  authorId: string | null
  /** The latest version's state. */
  versionState?: VersionState | undefined
  clinicalAreaId?: number | undefined
  /** Words in the title. */
  words?: string | undefined
}

/** The credentials in the process a filter picks out: behind the page, the count and the download. */
function filteredCredentialsInProcess(db: Db, filter: SpecificationFilter) {
  const authorId = filter.authorId
  let query = db
    .selectFrom('credential as c')
    .innerJoin('clinical_area as a', 'a.id', 'c.clinical_area_id')
    .innerJoin('specification_version as v', 'v.credential_id', 'c.id')
    .select([
      'c.id',
      'c.slug',
      'c.title',
      'c.status',
      'c.due_season',
      'c.due_year',
      'a.name as area_name',
      'v.number as version_number',
      'v.state as version_state',
      'v.updated_at as version_updated_at',
    ])
    .where('v.kind', '=', 'specification')
    .where('v.number', '=', (eb) =>
      eb
        .selectFrom('specification_version as latest')
        .select((e) => e.fn.max('latest.number').as('n'))
        .whereRef('latest.credential_id', '=', 'c.id')
        .where('latest.kind', '=', 'specification'),
    )
  if (authorId) {
    query = query.where((eb) =>
      eb.or([
        eb('c.lead_author_id', '=', authorId),
        eb.exists(
          eb
            .selectFrom('specification_version as mine')
            .select(sql<number>`1`.as('one'))
            .whereRef('mine.credential_id', '=', 'c.id')
            .where('mine.author_id', '=', authorId),
        ),
      ]),
    )
  }
  if (filter.versionState) query = query.where('v.state', '=', filter.versionState)
  if (filter.clinicalAreaId !== undefined)
    query = query.where('c.clinical_area_id', '=', filter.clinicalAreaId)
  if (filter.words) query = query.where('c.title', 'ilike', containsPattern(filter.words))
  return query
}

export async function listCredentialsInProcess(
  db: Db,
  filter: SpecificationFilter & { limit: number; offset: number },
) {
  const query = filteredCredentialsInProcess(db, filter)
  const [rows, count] = await Promise.all([
    query.orderBy('c.title').orderBy('c.id').limit(filter.limit).offset(filter.offset).execute(),
    db
      .selectFrom(query.as('f'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(count.n) }
}

/** The next batch of the filtered credentials after (title, id), in the page's order. */
export function listCredentialsInProcessAfter(
  db: Db,
  filter: SpecificationFilter,
  after: { title: string; id: string } | undefined,
  limit: number,
) {
  let query = filteredCredentialsInProcess(db, filter)
  if (after)
    query = query.where((eb) => eb(eb.refTuple('c.title', 'c.id'), '>', eb.tuple(after.title, after.id)))
  return query.orderBy('c.title').orderBy('c.id').limit(limit).execute()
}

/** Drafts the person is writing, and revise-and-resubmit decisions waiting for their new version. */
export async function countDraftsToWrite(db: Db, userId: string): Promise<number> {
  const drafts = await db
    .selectFrom('specification_version')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('author_id', '=', userId)
    .where('kind', '=', 'specification')
    .where('state', '=', 'draft')
    .executeTakeFirst()
  const toRevise = await db
    .selectFrom('credential as c')
    .innerJoin('specification_version as v', 'v.credential_id', 'c.id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('c.lead_author_id', '=', userId)
    .where('c.status', '<>', 'withdrawn')
    .where('v.kind', '=', 'specification')
    .where('v.state', '=', 'revise_and_resubmit')
    .where('v.number', '=', (eb) =>
      eb
        .selectFrom('specification_version as latest')
        .select((e) => e.fn.max('latest.number').as('n'))
        .whereRef('latest.credential_id', '=', 'c.id'),
    )
    .executeTakeFirst()
  return Number(drafts?.n ?? 0) + Number(toRevise?.n ?? 0)
}
