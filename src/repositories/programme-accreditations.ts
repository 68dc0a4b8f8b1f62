// Applications for the Centre's accreditation of a programme, with their assessments,
// panel questions, conditions, timeline and reminders. Plain queries; the service holds the
// rules (src/domain/programme-accreditation.ts).
import { sql, type Insertable, type Updateable } from 'kysely'
import type { Db } from '../db/database.ts'
import type { AccreditationState } from '../domain/programme-accreditation.ts'
import type {
  AccreditationAssessmentTable,
  AccreditationConditionTable,
  AccreditationEventTable,
  AccreditationQuestionTable,
  ProgrammeAccreditationTable,
} from '../db/schema.ts'

const withNames = (db: Db) =>
  db
    .selectFrom('programme_accreditation as a')
    .innerJoin('programme as p', 'p.id', 'a.programme_id')
    .innerJoin('organisation as o', 'o.id', 'a.organisation_id')
    .selectAll('a')
    .select(['p.title as programme_title', 'o.name as organisation_name'])

/** An application with its programme's title and provider's name. */
export function findAccreditation(db: Db, id: string) {
  return withNames(db).where('a.id', '=', id).executeTakeFirst()
}

/** The application's row, locked for the rest of the transaction. */
export function lockAccreditation(db: Db, id: string) {
  return db
    .selectFrom('programme_accreditation')
    .select('id')
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
}

export interface AccreditationListFilter {
  organisationId?: string
  states?: readonly AccreditationState[]
  limit: number
  offset: number
}

/** A page of applications, newest first, with the total when the page is full. */
export async function listAccreditations(db: Db, filter: AccreditationListFilter) {
  let query = withNames(db)
  if (filter.organisationId !== undefined)
    query = query.where('a.organisation_id', '=', filter.organisationId)
  if (filter.states?.length) query = query.where('a.state', 'in', filter.states)
  const rows = await query
    .orderBy('a.applied_on', 'desc')
    .orderBy('a.id')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute()
  if (rows.length < filter.limit && (filter.offset === 0 || rows.length > 0))
    return { rows, total: filter.offset + rows.length }
  let count = db.selectFrom('programme_accreditation as a').select(sql<string>`count(*)`.as('n'))
  if (filter.organisationId !== undefined)
    count = count.where('a.organisation_id', '=', filter.organisationId)
  if (filter.states?.length) count = count.where('a.state', 'in', filter.states)
  const total = Number((await count.executeTakeFirstOrThrow()).n)
  return { rows, total }
}

/** Every application of some programmes: what the verdict on a day reads. */
export function listAccreditationsOfProgrammes(db: Db, programmeIds: readonly string[]) {
  if (!programmeIds.length) return Promise.resolve([])
  return db
    .selectFrom('programme_accreditation')
    .select([
      'id',
      'programme_id',
      'state',
      'decision',
      'decided_on',
      'period_from',
      'period_until',
      'withdrawn_on',
      'applied_on',
    ])
    .where('programme_id', 'in', programmeIds)
    .orderBy('applied_on')
    .execute()
}

export function insertAccreditation(db: Db, values: Insertable<ProgrammeAccreditationTable>) {
  return db.insertInto('programme_accreditation').values(values).returning('id').executeTakeFirstOrThrow()
}

/** Updates only while the row version matches; undefined when someone changed it first. */
export function updateAccreditation(
  db: Db,
  id: string,
  rowVersion: number,
  values: Updateable<ProgrammeAccreditationTable>,
) {
  return db
    .updateTable('programme_accreditation')
    .set({ ...values, row_version: sql`row_version + 1`, updated_at: new Date() })
    .where('id', '=', id)
    .where('row_version', '=', rowVersion)
    .returning('row_version')
    .executeTakeFirst()
}

export async function insertEmbeddedCredentials(
  db: Db,
  accreditationId: string,
  credentialIds: readonly string[],
) {
  if (!credentialIds.length) return
  await db
    .insertInto('programme_accreditation_credential')
    .values(credentialIds.map((credential_id) => ({ accreditation_id: accreditationId, credential_id })))
    .execute()
}

export function listEmbeddedCredentials(db: Db, accreditationId: string) {
  return db
    .selectFrom('programme_accreditation_credential as e')
    .innerJoin('credential as c', 'c.id', 'e.credential_id')
    .select(['c.id', 'c.slug', 'c.title'])
    .where('e.accreditation_id', '=', accreditationId)
    .orderBy('c.title')
    .execute()
}

export function listAssessments(db: Db, accreditationId: string) {
  return db
    .selectFrom('accreditation_assessment as s')
    .innerJoin('user_account as u', 'u.id', 's.assessor_id')
    .selectAll('s')
    .select(['u.display_name as assessor_name'])
    .where('s.accreditation_id', '=', accreditationId)
    .orderBy('s.assigned_on')
    .orderBy('u.display_name')
    .execute()
}

export function insertAssessment(db: Db, values: Insertable<AccreditationAssessmentTable>) {
  return db.insertInto('accreditation_assessment').values(values).execute()
}

/** Updates only while the assessment's row version matches; undefined when it changed first. */
export function updateAssessment(
  db: Db,
  accreditationId: string,
  assessorId: string,
  rowVersion: number,
  values: Updateable<AccreditationAssessmentTable>,
) {
  return db
    .updateTable('accreditation_assessment')
    .set({ ...values, row_version: sql`row_version + 1` })
    .where('accreditation_id', '=', accreditationId)
    .where('assessor_id', '=', assessorId)
    .where('row_version', '=', rowVersion)
    .returning('row_version')
    .executeTakeFirst()
}

/** The applications an assessor is assigned to, newest first. */
export function listAssessmentsOfAssessor(db: Db, assessorId: string, limit: number, offset: number) {
  return db
    .selectFrom('accreditation_assessment as s')
    .innerJoin('programme_accreditation as a', 'a.id', 's.accreditation_id')
    .innerJoin('programme as p', 'p.id', 'a.programme_id')
    .innerJoin('organisation as o', 'o.id', 'a.organisation_id')
    .select([
      'a.id',
      'a.state',
      'a.applied_on',
      'p.title as programme_title',
      'o.name as organisation_name',
      's.conflict',
      's.completed_on',
    ])
    .where('s.assessor_id', '=', assessorId)
    .orderBy('a.applied_on', 'desc')
    .orderBy('a.id')
    .limit(limit)
    .offset(offset)
    .execute()
}

export function listQuestions(db: Db, accreditationId: string) {
  return db
    .selectFrom('accreditation_question')
    .selectAll()
    .where('accreditation_id', '=', accreditationId)
    .orderBy('position')
    .execute()
}

export function insertQuestion(db: Db, values: Insertable<AccreditationQuestionTable>) {
  return db.insertInto('accreditation_question').values(values).execute()
}

export function answerQuestion(
  db: Db,
  accreditationId: string,
  position: number,
  answer: string,
  on: string,
) {
  return db
    .updateTable('accreditation_question')
    .set({ answer, answered_on: on })
    .where('accreditation_id', '=', accreditationId)
    .where('position', '=', position)
    .execute()
}

export function listConditions(db: Db, accreditationId: string) {
  return db
    .selectFrom('accreditation_condition')
    .selectAll()
    .where('accreditation_id', '=', accreditationId)
    .orderBy('position')
    .execute()
}

export async function insertConditions(
  db: Db,
  values: ReadonlyArray<Insertable<AccreditationConditionTable>>,
) {
  if (!values.length) return
  await db.insertInto('accreditation_condition').values(values).execute()
}

export function meetCondition(
  db: Db,
  accreditationId: string,
  position: number,
  evidence: string,
  on: string,
) {
  return db
    .updateTable('accreditation_condition')
    .set({ evidence, met_on: on })
    .where('accreditation_id', '=', accreditationId)
    .where('position', '=', position)
    .execute()
}

export function insertEvent(db: Db, event: Insertable<AccreditationEventTable>) {
  return db.insertInto('accreditation_event').values(event).execute()
}

export function listEvents(db: Db, accreditationId: string) {
  return db
    .selectFrom('accreditation_event')
    .selectAll()
    .where('accreditation_id', '=', accreditationId)
    .orderBy('occurred_at')
    .orderBy('id')
    .execute()
}

/** Accreditations in force whose period ends on or before `until`, with the reminders sent. */
export function listAccreditationsEndingBy(db: Db, until: string) {
  return db
    .selectFrom('programme_accreditation as a')
    .innerJoin('programme as p', 'p.id', 'a.programme_id')
    .select([
      'a.id',
      'a.programme_id',
      'a.organisation_id',
      'a.period_until',
      'p.title as programme_title',
      sql<
        number[]
      >`coalesce((select array_agg(r.days_before) from accreditation_reminder r where r.accreditation_id = a.id), '{}')`.as(
        'sent',
      ),
      sql<boolean>`exists (select 1 from programme_accreditation n where n.programme_id = a.programme_id
        and n.state in ('applied', 'documentary_review', 'panel'))`.as('renewing'),
    ])
    .where('a.state', 'in', ['accredited', 'accredited_with_conditions'])
    .where('a.period_until', '<=', until)
    .orderBy('a.period_until')
    .execute()
}

export function insertReminder(db: Db, accreditationId: string, daysBefore: number, sentOn: string) {
  return db
    .insertInto('accreditation_reminder')
    .values({ accreditation_id: accreditationId, days_before: daysBefore, sent_on: sentOn })
    .onConflict((oc) => oc.doNothing())
    .execute()
}

/** The organisations in which a person holds any role: an assessor's own organisations. */
export async function organisationsOfPerson(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('role_grant')
    .select('organisation_id')
    .where('user_id', '=', userId)
    .where('organisation_id', 'is not', null)
    .execute()
  return rows.flatMap((r) => (r.organisation_id === null ? [] : [r.organisation_id]))
}

/** The newest version of the accreditation standards: what a new application answers. */
export function latestStandardsSet(db: Db) {
  return db
    .selectFrom('criterion_set')
    .select(['id', 'version'])
    .where('kind', '=', 'accreditation')
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst()
}

/** The standards of one version, in order: an application is judged against its own version. */
export function listStandardsOfSet(db: Db, setId: number) {
  return db
    .selectFrom('criterion as c')
    .innerJoin('criterion_set as s', 's.id', 'c.criterion_set_id')
    .select(['c.code', 'c.title', 'c.statement', 'c.guidance', 's.version'])
    .where('c.criterion_set_id', '=', setId)
    .orderBy('c.sort_order')
    .execute()
}

/** Which of these ids are credentials listed in the catalogue. */
export async function listedCredentialIds(db: Db, ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length) return new Set()
  const rows = await db
    .selectFrom('credential')
    .select('id')
    .where('id', 'in', ids)
    .where('listed', '=', true)
    .execute()
  return new Set(rows.map((r) => r.id))
}
