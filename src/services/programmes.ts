// Programmes: a provider's admins list the organisation's accredited advanced-practice MSc
// programmes (a learner enrolled on one is eligible for an award, and a delivery may sit
// inside one). Each change is audited.
import type { Kysely } from 'kysely'
import { ACCREDITATION_STATUSES, MAX_NAME, isOneOf, type AccreditationStatus } from '../domain/providers.ts'
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
  accreditationStatus: AccreditationStatus
  accreditedFrom: string
  accreditedUntil: string | null
  rowVersion: number
}

/** A programme as the form sends it: dates already read from the date inputs, or their errors. */
export interface ProgrammeInput {
  title: string
  accreditationStatus: string
  accreditedFrom: string | { error: string }
  accreditedUntil: string | null | { error: string }
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

export function toProgramme(row: Awaited<ReturnType<typeof repo.listProgrammes>>[number]): Programme {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    title: row.title,
    accreditationStatus: row.accreditation_status,
    accreditedFrom: row.accredited_from,
    accreditedUntil: row.accredited_until,
    rowVersion: row.row_version,
  }
}

export function createProgrammesService(db: Kysely<Database>): ProgrammesService {
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
    if (!isOneOf(ACCREDITATION_STATUSES, input.accreditationStatus))
      add('accreditationStatus', 'Select the accreditation status')
    const from = input.accreditedFrom
    const until = input.accreditedUntil
    if (typeof from !== 'string') add('accreditedFrom', from.error)
    if (until !== null && typeof until !== 'string') add('accreditedUntil', until.error)
    else if (typeof from === 'string' && typeof until === 'string' && until < from)
      add('accreditedUntil', 'Accredited until must be the same as or after accredited from')
    const status = input.accreditationStatus
    if (
      problems.length ||
      !isOneOf(ACCREDITATION_STATUSES, status) ||
      typeof from !== 'string' ||
      (until !== null && typeof until !== 'string')
    )
      throw new FieldProblems(problems)
    return { title, accreditation_status: status, accredited_from: from, accredited_until: until }
  }

  return {
    async listProgrammes(organisationId) {
      return (await repo.listProgrammes(db, organisationId)).map(toProgramme)
    },

    async getProgramme(organisationId, id) {
      if (!isUuid(id)) return null
      const row = await repo.findProgramme(db, organisationId, id)
      return row ? toProgramme(row) : null
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
          before: toProgramme(before),
          after: values,
        })
      })
    },
  }
}
