// The ePortfolio (supported) route's rows: the route itself, its evidence and how each item is
// mapped to capabilities, the links e-mailed to supervisors and colleagues, the supervisor's
// comments, the assessments and the timeline. Dates are the service's clock, handed in.
import type { Insertable, Updateable } from 'kysely'
import type { Db } from '../db/database.ts'
import type {
  EportfolioAssessmentTable,
  EportfolioEvidenceTable,
  EportfolioTable,
  EportfolioTokenTable,
} from '../db/schema.ts'
import type { EportfolioState, EportfolioTokenPurpose } from '../domain/eportfolio.ts'
import { containsPattern } from '../domain/list-search.ts'

const routeColumns = [
  'e.id',
  'e.practitioner_id',
  'e.state',
  'e.supervisor_id',
  'e.registered_on',
  'e.step_started_on',
  'e.attempt',
  'e.resubmit_by',
  'e.extended_to',
  'e.moderation',
  'e.feedback',
  'e.decided_on',
  'e.row_version',
  'p.display_name as practitioner_name',
  's.display_name as supervisor_name',
] as const

function routes(db: Db) {
  return db
    .selectFrom('eportfolio as e')
    .innerJoin('user_account as p', 'p.id', 'e.practitioner_id')
    .leftJoin('user_account as s', 's.id', 'e.supervisor_id')
    .select(routeColumns)
}

export function insertEportfolio(db: Db, row: Insertable<EportfolioTable>) {
  return db.insertInto('eportfolio').values(row).returning(['id']).executeTakeFirstOrThrow()
}

export function eportfolioOfPractitioner(db: Db, practitionerId: string) {
  return routes(db).where('e.practitioner_id', '=', practitionerId).executeTakeFirst()
}

export function findEportfolio(db: Db, id: string) {
  return routes(db).where('e.id', '=', id).executeTakeFirst()
}

/** The route locked for a change: the row a use case reads before it asks the domain. */
export function lockEportfolio(db: Db, id: string) {
  return db.selectFrom('eportfolio').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

/** Changes the route if its row version is still `rowVersion`; false when someone changed it first. */
export async function updateEportfolio(
  db: Db,
  id: string,
  rowVersion: number,
  changes: Updateable<EportfolioTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('eportfolio')
    .set((eb) => ({ ...changes, row_version: eb('row_version', '+', 1), updated_at: new Date() }))
    .where('id', '=', id)
    .where('row_version', '=', rowVersion)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/** The routes a person supervises, newest first, a page at a time. */
export async function supervisedBy(db: Db, supervisorId: string, limit: number, offset: number) {
  const query = db.selectFrom('eportfolio as e').where('e.supervisor_id', '=', supervisorId)
  const [rows, count] = await Promise.all([
    routes(db)
      .where('e.supervisor_id', '=', supervisorId)
      .orderBy('e.updated_at', 'desc')
      .orderBy('e.id')
      .limit(limit)
      .offset(offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(count.n) }
}

/** Every route for the Centre, filtered by state and the practitioner's name, a page at a time. */
export async function listEportfolios(
  db: Db,
  filter: { state?: EportfolioState | undefined; words?: string | undefined; limit: number; offset: number },
) {
  let query = db.selectFrom('eportfolio as e').innerJoin('user_account as p', 'p.id', 'e.practitioner_id')
  if (filter.state) query = query.where('e.state', '=', filter.state)
  if (filter.words) {
    const pattern = containsPattern(filter.words)
    query = query.where((eb) =>
      eb.or([eb('p.display_name', 'ilike', pattern), eb('p.email', 'ilike', pattern)]),
    )
  }
  const [rows, count] = await Promise.all([
    query
      .leftJoin('user_account as s', 's.id', 'e.supervisor_id')
      .select(routeColumns)
      .orderBy('e.step_started_on')
      .orderBy('e.id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(count.n) }
}

// Evidence -------------------------------------------------------------------------------------

export function insertEvidence(db: Db, row: Insertable<EportfolioEvidenceTable>) {
  return db.insertInto('eportfolio_evidence').values(row).returning(['id']).executeTakeFirstOrThrow()
}

export async function insertMappings(
  db: Db,
  evidenceId: string,
  mappings: ReadonlyArray<{ code: string; note: string }>,
) {
  if (!mappings.length) return
  await db
    .insertInto('eportfolio_mapping')
    .values(mappings.map((m) => ({ evidence_id: evidenceId, capability_code: m.code, note: m.note })))
    .execute()
}

/** A portfolio's evidence, oldest first, with what each CPD activity or award is called. */
export function evidenceOf(db: Db, eportfolioId: string) {
  return db
    .selectFrom('eportfolio_evidence as v')
    .leftJoin('cpd_activity as a', 'a.id', 'v.cpd_activity_id')
    .leftJoin('award as w', 'w.id', 'v.award_id')
    .leftJoin('credential as c', 'c.id', 'w.credential_id')
    .select([
      'v.id',
      'v.kind',
      'v.title',
      'v.body',
      'v.colleague_name',
      'v.colleague_email',
      'v.testimonial_state',
      'v.cpd_activity_id',
      'v.award_id',
      'v.added_on',
      'a.title as activity_title',
      'a.reflection as activity_reflection',
      'c.title as credential_title',
      'w.awarded_on',
    ])
    .where('v.eportfolio_id', '=', eportfolioId)
    .orderBy('v.created_at')
    .orderBy('v.id')
    .execute()
}

export function mappingsOf(db: Db, eportfolioId: string) {
  return db
    .selectFrom('eportfolio_mapping as m')
    .innerJoin('eportfolio_evidence as v', 'v.id', 'm.evidence_id')
    .select(['m.evidence_id', 'm.capability_code', 'm.note', 'v.kind', 'v.testimonial_state'])
    .where('v.eportfolio_id', '=', eportfolioId)
    .execute()
}

export async function deleteEvidence(db: Db, eportfolioId: string, evidenceId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('eportfolio_evidence')
    .where('eportfolio_id', '=', eportfolioId)
    .where('id', '=', evidenceId)
    .executeTakeFirst()
  return result.numDeletedRows > 0n
}

export function findEvidence(db: Db, eportfolioId: string, evidenceId: string) {
  return db
    .selectFrom('eportfolio_evidence')
    .selectAll()
    .where('eportfolio_id', '=', eportfolioId)
    .where('id', '=', evidenceId)
    .executeTakeFirst()
}

export async function confirmTestimonial(db: Db, evidenceId: string) {
  await db
    .updateTable('eportfolio_evidence')
    .set({ testimonial_state: 'confirmed' })
    .where('id', '=', evidenceId)
    .where('kind', '=', 'testimonial')
    .execute()
}

// Links e-mailed -------------------------------------------------------------------------------

export async function insertToken(db: Db, row: Insertable<EportfolioTokenTable>) {
  await db.insertInto('eportfolio_token').values(row).execute()
}

/** The link if it is for that purpose, unused and unexpired at `now`. */
export function usableToken(db: Db, purpose: EportfolioTokenPurpose, tokenHash: string, now: Date) {
  return db
    .selectFrom('eportfolio_token')
    .selectAll()
    .where('purpose', '=', purpose)
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst()
}

/** Whether this call used the link: false when another got there first. */
export async function useToken(db: Db, id: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('eportfolio_token')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/** Unused supervisor invitations of a portfolio end when another is sent or one is accepted. */
export async function endInvitations(db: Db, eportfolioId: string, now: Date) {
  await db
    .updateTable('eportfolio_token')
    .set({ used_at: now })
    .where('eportfolio_id', '=', eportfolioId)
    .where('purpose', '=', 'supervisor_invitation')
    .where('used_at', 'is', null)
    .execute()
}

/** The supervisor invitation still open, if any. */
export function openInvitation(db: Db, eportfolioId: string, now: Date) {
  return db
    .selectFrom('eportfolio_token')
    .select(['name', 'email', 'expires_at', 'created_at'])
    .where('eportfolio_id', '=', eportfolioId)
    .where('purpose', '=', 'supervisor_invitation')
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .executeTakeFirst()
}

// Comments, assessments, timeline --------------------------------------------------------------

export async function insertComment(
  db: Db,
  row: { eportfolio_id: string; author_id: string; author_label: string; body: string; created_at: Date },
) {
  await db.insertInto('eportfolio_comment').values(row).execute()
}

export function commentsOf(db: Db, eportfolioId: string) {
  return db
    .selectFrom('eportfolio_comment')
    .select(['author_label', 'body', 'created_at'])
    .where('eportfolio_id', '=', eportfolioId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}

export function assessmentsOf(db: Db, eportfolioId: string, attempt: number) {
  return db
    .selectFrom('eportfolio_assessment as a')
    .innerJoin('user_account as u', 'u.id', 'a.assessor_id')
    .select([
      'a.assessor_id',
      'u.display_name as assessor_name',
      'a.conflict',
      'a.conflict_note',
      'a.judgements',
      'a.completed',
      'a.assigned_on',
      'a.row_version',
    ])
    .where('a.eportfolio_id', '=', eportfolioId)
    .where('a.attempt', '=', attempt)
    .orderBy('a.assigned_on')
    .orderBy('u.display_name')
    .execute()
}

export async function insertAssessment(db: Db, row: Insertable<EportfolioAssessmentTable>) {
  await db.insertInto('eportfolio_assessment').values(row).execute()
}

export async function updateAssessment(
  db: Db,
  key: { eportfolioId: string; attempt: number; assessorId: string },
  changes: Updateable<EportfolioAssessmentTable>,
) {
  await db
    .updateTable('eportfolio_assessment')
    .set((eb) => ({ ...changes, row_version: eb('row_version', '+', 1) }))
    .where('eportfolio_id', '=', key.eportfolioId)
    .where('attempt', '=', key.attempt)
    .where('assessor_id', '=', key.assessorId)
    .execute()
}

/** The portfolios a person is assessing (any attempt), newest first. */
export function assessedBy(db: Db, assessorId: string) {
  return routes(db)
    .innerJoin('eportfolio_assessment as a', (j) =>
      j.onRef('a.eportfolio_id', '=', 'e.id').onRef('a.attempt', '=', 'e.attempt'),
    )
    .select(['a.conflict', 'a.completed'])
    .where('a.assessor_id', '=', assessorId)
    .orderBy('a.assigned_on', 'desc')
    .limit(100)
    .execute()
}

/** Whether the person is an assessor of the portfolio's current submission. */
export async function isAssessorOf(db: Db, eportfolioId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('eportfolio_assessment as a')
    .innerJoin('eportfolio as e', (j) =>
      j.onRef('e.id', '=', 'a.eportfolio_id').onRef('e.attempt', '=', 'a.attempt'),
    )
    .select('a.assessor_id')
    .where('a.eportfolio_id', '=', eportfolioId)
    .where('a.assessor_id', '=', userId)
    .executeTakeFirst()
  return row !== undefined
}

export async function insertEvent(
  db: Db,
  row: {
    eportfolio_id: string
    action: string
    summary: string
    reason: string | null
    actor_id: string | null
    actor_label: string
    occurred_at: Date
  },
) {
  await db.insertInto('eportfolio_event').values(row).execute()
}

export function eventsOf(db: Db, eportfolioId: string) {
  return db
    .selectFrom('eportfolio_event')
    .select(['action', 'summary', 'reason', 'actor_label', 'occurred_at'])
    .where('eportfolio_id', '=', eportfolioId)
    .orderBy('occurred_at')
    .orderBy('id')
    .execute()
}

// Reminders ------------------------------------------------------------------------------------

/** Every route that has not ended: the candidates for a reminder of their step's deadline. */
export function reminderCandidates(db: Db) {
  return routes(db)
    .where('e.state', 'not in', ['recognised', 'not_recognised', 'withdrawn'])
    .orderBy('e.id')
    .execute()
}

/** Whether this call claimed the reminder: false when it was sent already. */
export async function claimReminder(
  db: Db,
  row: { eportfolio_id: string; state: EportfolioState; due_on: string; days_before: number },
): Promise<boolean> {
  const inserted = await db
    .insertInto('eportfolio_reminder')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .returning('eportfolio_id')
    .executeTakeFirst()
  return inserted !== undefined
}

// Extensions -----------------------------------------------------------------------------------

export async function insertExtension(
  db: Db,
  row: {
    eportfolio_id: string
    step: EportfolioState
    due_on: string
    requested_until: string
    reason: string
    requested_on: string
  },
) {
  await db.insertInto('eportfolio_extension').values(row).execute()
}

/** A portfolio's extension requests, newest first. */
export function extensionsOf(db: Db, eportfolioId: string) {
  return db
    .selectFrom('eportfolio_extension')
    .selectAll()
    .where('eportfolio_id', '=', eportfolioId)
    .orderBy('requested_on', 'desc')
    .orderBy('id')
    .execute()
}

/** Decides the open request; false when there is none (someone decided it first). */
export async function decideExtension(
  db: Db,
  eportfolioId: string,
  decision: { state: 'granted' | 'refused'; decided_by: string; decided_on: string; decision_note: string },
): Promise<boolean> {
  const result = await db
    .updateTable('eportfolio_extension')
    .set(decision)
    .where('eportfolio_id', '=', eportfolioId)
    .where('state', '=', 'requested')
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}
