// Proposals for new credentials and the credential an agreed one becomes. Updates carry the
// row version the person saw: none matches when someone else changed the proposal first.
import type { Db } from '../db/database.ts'
import type { CriterionKind } from '../domain/criteria.ts'
import type { ProposalState } from '../domain/proposal-lifecycle.ts'
import { sql, type Insertable, type Transaction, type Updateable } from 'kysely'
import type { Database, ProposalGatewayJudgementTable, ProposalTable } from '../db/schema.ts'
import { containsPattern } from '../domain/list-search.ts'

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

export function listProposals(db: Db, filter: { authorId?: string; states?: readonly ProposalState[] }) {
  let query = proposalWithNames(db)
  if (filter.authorId !== undefined) query = query.where('p.author_id', '=', filter.authorId)
  if (filter.states !== undefined) {
    if (!filter.states.length) return Promise.resolve([])
    query = query.where('p.state', 'in', [...filter.states])
  }
  return query.orderBy('p.updated_at', 'desc').orderBy('p.number', 'desc').execute()
}

export interface ProposalFilter {
  state?: ProposalState | undefined
  /** Only proposals in these states (the Credential Group's list). */
  states?: readonly ProposalState[] | undefined
  clinicalAreaId?: number | undefined
  /** Words in the title, or the author's name. */
  words?: string | undefined
}

/** Every proposal a filter picks out: the one query behind a list's page, count and download. */
function filteredProposals(db: Db, filter: ProposalFilter) {
  let query = proposalWithNames(db)
  if (filter.state) query = query.where('p.state', '=', filter.state)
  if (filter.states)
    query = filter.states.length
      ? query.where('p.state', 'in', [...filter.states])
      : query.where(sql<boolean>`false`)
  if (filter.clinicalAreaId !== undefined)
    query = query.where('p.clinical_area_id', '=', filter.clinicalAreaId)
  if (filter.words) {
    const pattern = containsPattern(filter.words)
    query = query.where((eb) =>
      eb.or([eb('p.title', 'ilike', pattern), eb('u.display_name', 'ilike', pattern)]),
    )
  }
  return query
}

export async function listProposalPage(db: Db, filter: ProposalFilter & { limit: number; offset: number }) {
  const query = filteredProposals(db, filter)
  const [rows, count] = await Promise.all([
    query
      .orderBy('p.updated_at', 'desc')
      .orderBy('p.number', 'desc')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    db
      .selectFrom(query.clearSelect().select('p.id').as('f'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(count.n) }
}

/** The next batch of the filtered proposals, newest change first, after (time as text, number). */
export function listProposalsAfter(
  db: Db,
  filter: ProposalFilter,
  after: { at: string; number: number } | undefined,
  limit: number,
) {
  let query = filteredProposals(db, filter)
  if (after)
    query = query.where(
      (eb) =>
        sql<boolean>`(${eb.ref('p.updated_at')}, ${eb.ref('p.number')}) < (${after.at}::timestamptz, ${after.number})`,
    )
  return query
    .select(sql<string>`p.updated_at::text`.as('cursor_at'))
    .orderBy('p.updated_at', 'desc')
    .orderBy('p.number', 'desc')
    .limit(limit)
    .execute()
}

export async function countProposals(
  db: Db,
  filter: { authorId?: string; states: readonly ProposalState[] },
) {
  let query = db
    .selectFrom('proposal')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', 'in', [...filter.states])
  if (filter.authorId !== undefined) query = query.where('author_id', '=', filter.authorId)
  const row = await query.executeTakeFirstOrThrow()
  return Number(row.n)
}

export function findProposalByTitle(db: Db, title: string) {
  return db.selectFrom('proposal').select(['id', 'state']).where('title', '=', title).executeTakeFirst()
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
export async function currentCriterionSet(db: Db, kind: CriterionKind) {
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

/** The Centre's judgements of the proposal's gateway criteria, with who made them. */
export function listGatewayJudgements(db: Db, proposalId: string) {
  return db
    .selectFrom('proposal_gateway_judgement as j')
    .innerJoin('user_account as u', 'u.id', 'j.judged_by')
    .select([
      'j.criterion_code',
      'j.judgement',
      'j.reason',
      'j.submission',
      'j.judged_by',
      'j.judged_at',
      'u.display_name as judged_by_name',
    ])
    .where('j.proposal_id', '=', proposalId)
    .execute()
}

/** Records a criterion's judgement, replacing the one made before. */
export function saveGatewayJudgement(db: Db, judgement: Insertable<ProposalGatewayJudgementTable>) {
  return db
    .insertInto('proposal_gateway_judgement')
    .values(judgement)
    .onConflict((oc) =>
      oc.columns(['proposal_id', 'criterion_code']).doUpdateSet({
        judgement: judgement.judgement,
        reason: judgement.reason,
        submission: judgement.submission,
        judged_by: judgement.judged_by,
        judged_at: judgement.judged_at,
      }),
    )
    .execute()
}
