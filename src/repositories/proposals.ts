// Proposals for new credentials and the credential an agreed one becomes. Updates carry the
// row version the person saw: none matches when someone else changed the proposal first.
import type { Insertable, Kysely, Transaction, Updateable } from 'kysely'
import type { CredentialTable, Database, ProposalTable } from '../db/schema.ts'

type Db = Kysely<Database> | Transaction<Database>

const proposalWithNames = (db: Db) =>
  db
    .selectFrom('proposal as p')
    .leftJoin('clinical_area as a', 'a.id', 'p.clinical_area_id')
    .innerJoin('user_account as u', 'u.id', 'p.author_id')
    .leftJoin('credential as c', 'c.id', 'p.credential_id')
    .selectAll('p')
    .select([
      'a.name as area_name',
      'u.display_name as author_name',
      'c.slug as credential_slug',
      'c.status as credential_status',
      'c.due_season as credential_due_season',
      'c.due_year as credential_due_year',
    ])

export function findProposal(db: Db, id: string) {
  return proposalWithNames(db).where('p.id', '=', id).executeTakeFirst()
}

/** Locks the proposal for the rest of the transaction, so two decisions queue up. */
export function lockProposal(trx: Transaction<Database>, id: string) {
  return trx.selectFrom('proposal').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export function listProposals(db: Db, filter: { authorId?: string; states?: readonly string[] }) {
  let query = proposalWithNames(db)
  if (filter.authorId !== undefined) query = query.where('p.author_id', '=', filter.authorId)
  if (filter.states !== undefined) {
    if (!filter.states.length) return Promise.resolve([])
    query = query.where('p.state', 'in', [...filter.states])
  }
  return query.orderBy('p.updated_at', 'desc').orderBy('p.number', 'desc').execute()
}

export async function countProposals(db: Db, filter: { authorId?: string; states: readonly string[] }) {
  let query = db
    .selectFrom('proposal')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', 'in', [...filter.states])
  if (filter.authorId !== undefined) query = query.where('author_id', '=', filter.authorId)
  const row = await query.executeTakeFirstOrThrow()
  return Number(row.n)
}

export function insertProposal(db: Db, proposal: Insertable<ProposalTable>) {
  return db.insertInto('proposal').values(proposal).returning(['id', 'number']).executeTakeFirstOrThrow()
}

/** Applies changes if the proposal is still at `rowVersion`; undefined when it is not. */
export function updateProposal(
  db: Db,
  id: string,
  rowVersion: number,
  changes: Omit<Updateable<ProposalTable>, 'id' | 'row_version' | 'number'>,
) {
  return db
    .updateTable('proposal')
    .set((eb) => ({ ...changes, updated_at: new Date(), row_version: eb('row_version', '+', 1) }))
    .where('id', '=', id)
    .where('row_version', '=', rowVersion)
    .returningAll()
    .executeTakeFirst()
}

/** The newest set of gateway criteria (or another kind), with its id for the proposal to keep. */
export async function currentCriterionSet(db: Db, kind: string) {
  const set = await db
    .selectFrom('criterion_set')
    .select(['id', 'version'])
    .where('kind', '=', kind)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst()
  if (!set) return undefined
  const criteria = await listCriteriaOfSet(db, set.id)
  return { ...set, criteria }
}

export function listCriteriaOfSet(db: Db, setId: number) {
  return db
    .selectFrom('criterion')
    .select(['code', 'parent_code', 'title', 'statement'])
    .where('criterion_set_id', '=', setId)
    .orderBy('sort_order')
    .execute()
}

export function findCriterionSet(db: Db, id: number) {
  return db
    .selectFrom('criterion_set')
    .select(['id', 'kind', 'version'])
    .where('id', '=', id)
    .executeTakeFirst()
}

export function listAreas(db: Db) {
  return db.selectFrom('clinical_area').select(['id', 'name']).orderBy('name').execute()
}

export function findArea(db: Db, id: number) {
  return db.selectFrom('clinical_area').select(['id', 'name']).where('id', '=', id).executeTakeFirst()
}

export function listProfessions(db: Db) {
  return db.selectFrom('profession').select('name').orderBy('sort_order').execute()
}

/** Slugs starting with this one, to make a new credential's slug unique. */
export async function slugsLike(db: Db, slug: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('credential')
    .select('slug')
    .where((eb) => eb.or([eb('slug', '=', slug), eb('slug', 'like', `${slug}-%`)]))
    .execute()
  return new Set(rows.map((r) => r.slug))
}

export function insertCredential(db: Db, credential: Insertable<CredentialTable>) {
  return db.insertInto('credential').values(credential).returning(['id', 'slug']).executeTakeFirstOrThrow()
}
