// Workforce needs and their versions. A need's versions are only ever inserted; the need's
// header says which version is in force and is updated only against the row version the person
// saw, so a figure changed in another window is never overwritten unseen. The needs are few
// (credentials and areas by seven regions by a handful of years), but lists still page.
import type { Insertable } from 'kysely'
import type { Db } from '../db/database.ts'
import type { WorkforceNeedTable, WorkforceNeedVersionTable } from '../db/schema.ts'
import type { Region } from '../domain/providers.ts'
import type { NeedVersionKind } from '../domain/workforce-need.ts'

/** Which current needs to read; every filter is optional and they narrow together. */
export interface NeedFilters {
  /** Needs recorded for this credential. */
  credentialId?: string
  /** Needs recorded for this clinical area, or for a credential in it. */
  areaId?: number
  region?: Region
  /** Financial years (the year each starts in), inclusive. */
  fromYear?: number
  toYear?: number
}

/** A need in force, with its current figure and the names a page or a dashboard shows. */
export interface CurrentNeed {
  id: string
  /** Set for a need recorded for a credential; null for one recorded for a clinical area. */
  credentialId: string | null
  credentialTitle: string | null
  credentialSlug: string | null
  /** The area the need is for, or the area of the credential it is for. */
  areaId: number
  areaName: string
  region: Region
  financialYear: number
  planned: number
  source: string
  /** 'YYYY-MM-DD'. */
  sourceDate: string
  version: number
  recordedAt: Date
  rowVersion: number
}

/** Current needs joined to their version in force and to the names of what they are for. */
function current(db: Db, filters: NeedFilters) {
  let query = db
    .selectFrom('workforce_need as n')
    .innerJoin('workforce_need_version as v', (join) =>
      join.onRef('v.need_id', '=', 'n.id').onRef('v.version', '=', 'n.current_version'),
    )
    .leftJoin('credential as c', 'c.id', 'n.credential_id')
    .innerJoin('clinical_area as a', (join) =>
      join.on((eb) => eb('a.id', '=', eb.fn.coalesce('n.clinical_area_id', 'c.clinical_area_id'))),
    )
    .where('n.removed_at', 'is', null)
  if (filters.credentialId !== undefined) query = query.where('n.credential_id', '=', filters.credentialId)
  if (filters.areaId !== undefined) query = query.where('a.id', '=', filters.areaId)
  if (filters.region !== undefined) query = query.where('n.region', '=', filters.region)
  if (filters.fromYear !== undefined) query = query.where('n.financial_year', '>=', filters.fromYear)
  if (filters.toYear !== undefined) query = query.where('n.financial_year', '<=', filters.toYear)
  return query
}

function withFigures(db: Db, filters: NeedFilters) {
  return current(db, filters).select([
    'n.id',
    'n.credential_id',
    'c.title as credential_title',
    'c.slug as credential_slug',
    'a.id as area_id',
    'a.name as area_name',
    'n.region',
    'n.financial_year',
    'n.row_version',
    'v.planned',
    'v.source',
    'v.source_date',
    'v.version',
    'v.recorded_at',
  ])
}

type FigureRow = Awaited<ReturnType<ReturnType<typeof withFigures>['execute']>>[number]

const toCurrentNeed = (row: FigureRow): CurrentNeed => ({
  id: row.id,
  credentialId: row.credential_id,
  credentialTitle: row.credential_title,
  credentialSlug: row.credential_slug,
  areaId: row.area_id,
  areaName: row.area_name,
  region: row.region,
  financialYear: row.financial_year,
  // A need in force is never at a removal version, the one kind without a figure.
  planned: row.planned ?? 0,
  source: row.source,
  sourceDate: row.source_date,
  version: row.version,
  recordedAt: row.recorded_at,
  rowVersion: row.row_version,
})

/**
 * The needs in force that match the filters, by area, then what they are for (an area's own
 * need before its credentials'), region and year. With `page`, one page of them.
 */
export async function currentNeeds(
  db: Db,
  filters: NeedFilters,
  page?: { limit: number; offset: number },
): Promise<CurrentNeed[]> {
  let query = withFigures(db, filters)
    .orderBy('a.name')
    .orderBy((eb) => eb.fn.coalesce('c.title', eb.val('')))
    .orderBy('n.region')
    .orderBy('n.financial_year')
    .orderBy('n.id')
  if (page) query = query.limit(page.limit).offset(page.offset)
  return (await query.execute()).map(toCurrentNeed)
}

export async function countCurrentNeeds(db: Db, filters: NeedFilters): Promise<number> {
  const row = await current(db, filters)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

/** One need in force, or undefined when there is none by that id or it was removed. */
export async function findCurrentNeed(db: Db, id: string): Promise<CurrentNeed | undefined> {
  const row = await withFigures(db, {}).where('n.id', '=', id).executeTakeFirst()
  return row && toCurrentNeed(row)
}

/** The need's header, removed or not, with the names of what it is for. */
export function findNeed(db: Db, id: string) {
  return db
    .selectFrom('workforce_need as n')
    .leftJoin('credential as c', 'c.id', 'n.credential_id')
    .leftJoin('clinical_area as a', 'a.id', 'n.clinical_area_id')
    .selectAll('n')
    .select(['c.title as credential_title', 'a.name as area_name'])
    .where('n.id', '=', id)
    .executeTakeFirst()
}

/** Whether a need is already in force for this subject, region and year. */
export async function needInForce(
  db: Db,
  subject: { credentialId: string } | { areaId: number },
  region: Region,
  financialYear: number,
): Promise<boolean> {
  let query = db
    .selectFrom('workforce_need')
    .select('id')
    .where('region', '=', region)
    .where('financial_year', '=', financialYear)
    .where('removed_at', 'is', null)
  query =
    'credentialId' in subject
      ? query.where('credential_id', '=', subject.credentialId)
      : query.where('clinical_area_id', '=', subject.areaId)
  return (await query.executeTakeFirst()) !== undefined
}

export interface NeedVersion {
  version: number
  kind: NeedVersionKind
  planned: number | null
  source: string
  sourceDate: string
  reason: string | null
  recordedByName: string | null
  recordedAt: Date
}

/** Every version of a need, newest first, with who recorded each. */
export async function needHistory(db: Db, needId: string): Promise<NeedVersion[]> {
  const rows = await db
    .selectFrom('workforce_need_version as v')
    .leftJoin('user_account as u', 'u.id', 'v.recorded_by')
    .select([
      'v.version',
      'v.kind',
      'v.planned',
      'v.source',
      'v.source_date',
      'v.reason',
      'v.recorded_at',
      'u.display_name as recorded_by_name',
    ])
    .where('v.need_id', '=', needId)
    .orderBy('v.version', 'desc')
    .execute()
  return rows.map((row) => ({
    version: row.version,
    kind: row.kind,
    planned: row.planned,
    source: row.source,
    sourceDate: row.source_date,
    reason: row.reason,
    recordedByName: row.recorded_by_name,
    recordedAt: row.recorded_at,
  }))
}

/** A new need with its first version, in force from now. */
export async function insertNeed(
  db: Db,
  need: Omit<Insertable<WorkforceNeedTable>, 'current_version' | 'removed_at' | 'row_version'>,
  first: Omit<Insertable<WorkforceNeedVersionTable>, 'need_id' | 'version' | 'kind'>,
) {
  const header = await db
    .insertInto('workforce_need')
    .values({ ...need, current_version: 1 })
    .returningAll()
    .executeTakeFirstOrThrow()
  await db
    .insertInto('workforce_need_version')
    .values({ ...first, need_id: header.id, version: 1, kind: 'recorded' })
    .execute()
  return header
}

/**
 * A new version of a need in force, if the need is still at `rowVersion`: a changed figure, or
 * its removal (`planned` null). Returns the header as it now is, or undefined when the need
 * changed or was removed since the person opened it (nothing is then written).
 */
export async function addNeedVersion(
  db: Db,
  needId: string,
  rowVersion: number,
  version: Omit<Insertable<WorkforceNeedVersionTable>, 'need_id' | 'version' | 'recorded_at'> & {
    recorded_at: Date
  },
) {
  const header = await db
    .updateTable('workforce_need')
    .set((eb) => ({
      current_version: eb('current_version', '+', 1),
      row_version: eb('row_version', '+', 1),
      removed_at: version.kind === 'removed' ? version.recorded_at : null,
    }))
    .where('id', '=', needId)
    .where('row_version', '=', rowVersion)
    .where('removed_at', 'is', null)
    .returningAll()
    .executeTakeFirst()
  if (!header) return undefined
  await db
    .insertInto('workforce_need_version')
    .values({ ...version, need_id: needId, version: header.current_version })
    .execute()
  return header
}

/** The credentials a need may be recorded for, by title: for the form's choice. */
export function needCredentialOptions(db: Db) {
  return db.selectFrom('credential').select(['id', 'slug', 'title']).orderBy('title').execute()
}

/** A credential by slug, for a need: its id and title. */
export function findNeedCredential(db: Db, slug: string) {
  return db.selectFrom('credential').select(['id', 'title']).where('slug', '=', slug).executeTakeFirst()
}
