// Programmes: a provider's admins list the organisation's advanced-practice MSc programmes
// and apply for the Centre's accreditation of each (programme-accreditation.ts): a learner
// enrolled on one accredited on the award date is eligible for an award, and a delivery may
// sit inside one. A programme's accreditation is the Centre's decision; what a provider
// declared before is kept as declared, not confirmed. Each change is audited.
import type { Kysely } from 'kysely'
import { declaredAccredited, MAX_NAME, type AccreditationStatus } from '../domain/providers.ts'
import type { Clock } from '../domain/clock.ts'
import {
  programmeAccreditationStatus,
  type ProgrammeAccreditationStatus,
} from '../domain/programme-accreditation.ts'
import { accreditationsOfProgrammes } from './programme-accreditation.ts'
import type { Database } from '../db/schema.ts'
import { isUuid } from '../domain/identifiers.ts'
import * as repo from '../repositories/programmes.ts'
import { recordAudit, type Actor } from './audit.ts'
import { type FieldProblem, FieldProblems, ServiceError } from './errors.ts'
import { staleRecord } from './process.ts'

export interface Programme {
  id: string
  organisationId: string
  title: string
  /** What the provider declared before the Centre accredited programmes: not confirmed, no longer counted. */
  declaredStatus: AccreditationStatus | null
  declaredFrom: string | null
  declaredUntil: string | null
  /** The programme's accreditation today, from the Centre's decisions. */
  accreditation: ProgrammeAccreditationStatus
  rowVersion: number
}

/** A programme as the form sends it: its title. Its accreditation is the Centre's to decide. */
export interface ProgrammeInput {
  title: string
}

export interface ProgrammesService {
  listProgrammes(organisationId: string): Promise<Programme[]>
  getProgramme(organisationId: string, id: string): Promise<Programme | null>
  createProgramme(organisationId: string, input: ProgrammeInput, actor: Actor): Promise<string>
  updateProgramme(
    organisationId: string,
    id: string,
    rowVersion: number,
    input: ProgrammeInput,
    actor: Actor,
  ): Promise<void>
}

type ProgrammeRow = Awaited<ReturnType<typeof repo.listProgrammes>>[number]

/** Programmes with their accreditation today: the Centre's decisions, or the provider's declaration. */
export async function programmesWithAccreditation(
  db: Kysely<Database>,
  clock: Clock,
  rows: readonly ProgrammeRow[],
): Promise<Programme[]> {
  const accreditations = await accreditationsOfProgrammes(
    db,
    rows.map((r) => r.id),
  )
  const today = clock.today()
  return rows.map((row) => ({
    id: row.id,
    organisationId: row.organisation_id,
    title: row.title,
    declaredStatus: row.accreditation_status,
    declaredFrom: row.accredited_from,
    declaredUntil: row.accredited_until,
    accreditation: programmeAccreditationStatus(
      accreditations.get(row.id) ?? [],
      declaredAccredited(row.accreditation_status),
      today,
    ),
    rowVersion: row.row_version,
  }))
}

export function createProgrammesService(db: Kysely<Database>, clock: Clock): ProgrammesService {
  const withAccreditation = (rows: readonly ProgrammeRow[]) => programmesWithAccreditation(db, clock, rows)

  async function checkProgramme(organisationId: string, input: ProgrammeInput, id: string | null) {
    const problems: FieldProblem[] = []
    const add = (field: string, text: string) => problems.push({ field, text })
    const title = input.title.trim()
    if (!title) add('title', 'Enter the title of the programme')
    else if (title.length > MAX_NAME) add('title', `Title must be ${MAX_NAME} characters or fewer`)
    else {
      const same = await repo.findProgrammeByTitle(db, organisationId, title)
      if (same && same.id !== id) add('title', 'You already have a programme with this title')
    }
    if (problems.length) throw new FieldProblems(problems)
    return { title }
  }

  return {
    async listProgrammes(organisationId) {
      return withAccreditation(await repo.listProgrammes(db, organisationId))
    },

    async getProgramme(organisationId, id) {
      if (!isUuid(id)) return null
      const row = await repo.findProgramme(db, organisationId, id)
      return row ? ((await withAccreditation([row]))[0] ?? null) : null
    },

    async createProgramme(organisationId, input, actor) {
      const values = await checkProgramme(organisationId, input, null)
      return db.transaction().execute(async (trx) => {
        const { id } = await repo.insertProgramme(trx, { ...values, organisation_id: organisationId })
        await recordAudit(trx, actor, {
          action: 'programme.added',
          entityType: 'programme',
          entityId: id,
          after: values,
        })
        return id
      })
    },

    async updateProgramme(organisationId, id, rowVersion, input, actor) {
      const before = isUuid(id) ? await repo.findProgramme(db, organisationId, id) : undefined
      if (!before) throw new ServiceError('There is no such programme')
      const values = await checkProgramme(organisationId, input, id)
      await db.transaction().execute(async (trx) => {
        const updated = await repo.updateProgramme(trx, id, rowVersion, values)
        if (!updated) throw staleRecord('title')
        await recordAudit(trx, actor, {
          action: 'programme.updated',
          entityType: 'programme',
          entityId: id,
          before: { title: before.title },
          after: values,
        })
      })
    },
  }
}
