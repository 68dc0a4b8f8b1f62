// Centre admins record the workforce need: how many practitioners the plan needs developed per
// credential or clinical area, NHS England region and financial year. Each use case is one
// transaction, audited. A figure is never changed in place: a change or a removal writes the
// need's next version, against the version the person saw (docs/reports.md#workforce-need).
import type { Kysely } from 'kysely'
import type { Clock } from '../domain/clock.ts'
import { regionLabel, type Region } from '../domain/providers.ts'
import {
  EARLIEST_NEED_YEAR,
  financialYearLabel,
  LATEST_NEED_YEAR,
  MAX_PLANNED,
  MAX_REASON,
  MAX_SOURCE,
} from '../domain/workforce-need.ts'
import type { Database } from '../db/schema.ts'
import { findAreaBySlug, listAreaOptions } from '../repositories/clinical-areas.ts'
import * as repo from '../repositories/workforce-needs.ts'
import type { CurrentNeed, NeedVersion } from '../repositories/workforce-needs.ts'
import { recordAudit, type Actor } from './audit.ts'
import { FieldProblems, NotFound, type FieldProblem } from './errors.ts'
import { staleRecord } from './process.ts'

export type { CurrentNeed, NeedVersion }

/** A figure with its source, as a form gives it: the date is 'YYYY-MM-DD'. */
export interface NeedFigure {
  planned: number
  source: string
  sourceDate: string
}

/** A new need: what it is for (a credential's slug or an area's slug), where and when. */
export interface NewNeed extends NeedFigure {
  subject: { credentialSlug: string } | { areaSlug: string }
  region: Region
  financialYear: number
}

/** A need, removed or not, with every version, newest first. */
export interface NeedDetail {
  id: string
  /** The credential's title or the area's name. */
  subjectName: string
  subjectKind: 'credential' | 'area'
  region: Region
  financialYear: number
  removed: boolean
  rowVersion: number
  versions: NeedVersion[]
}

export interface WorkforceNeedsService {
  /** A page of the needs in force, filtered by area (its own and its credentials') and region. */
  list(
    filters: { areaSlug?: string; region?: Region },
    page: number,
    pageSize: number,
  ): Promise<{ items: CurrentNeed[]; total: number }>
  find(id: string): Promise<NeedDetail | undefined>
  options(): Promise<{
    credentials: Array<{ slug: string; title: string }>
    areas: Array<{ slug: string; name: string }>
  }>
  /** Records a new need; returns its id. FieldProblems when a field is wrong or it is already recorded. */
  record(input: NewNeed, actor: Actor): Promise<string>
  /** A new version with a new figure; refused as stale when the need changed since rowVersion. */
  change(id: string, rowVersion: number, input: NeedFigure & { reason: string }, actor: Actor): Promise<void>
  /** A removal version; refused as stale when the need changed since rowVersion. */
  remove(id: string, rowVersion: number, reason: string, actor: Actor): Promise<void>
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** "Acute medicine, London, 2026 to 2027": a need as the audit trail and banners name it. */
export const needName = (subject: string, region: Region, financialYear: number): string =>
  `${subject}, ${regionLabel(region) ?? region}, ${financialYearLabel(financialYear)}`

export function createWorkforceNeedsService(db: Kysely<Database>, clock: Clock): WorkforceNeedsService {
  /** What is wrong with a figure, its source and its date. */
  function figureProblems(input: NeedFigure): FieldProblem[] {
    const problems: FieldProblem[] = []
    if (!Number.isInteger(input.planned) || input.planned < 1)
      problems.push({ field: 'planned', text: 'Number of practitioners must be a whole number, 1 or more' })
    else if (input.planned > MAX_PLANNED)
      problems.push({
        field: 'planned',
        text: `Number of practitioners must be ${MAX_PLANNED.toLocaleString('en-GB')} or fewer`,
      })
    const source = input.source.trim()
    if (!source) problems.push({ field: 'source', text: 'Enter the source of the figure' })
    else if (source.length > MAX_SOURCE)
      problems.push({ field: 'source', text: `Source must be ${MAX_SOURCE} characters or fewer` })
    if (input.sourceDate > clock.today())
      problems.push({ field: 'sourceDate-day', text: 'Date of the source must be today or in the past' })
    return problems
  }

  function reasonProblems(reason: string): FieldProblem[] {
    const text = reason.trim()
    if (!text) return [{ field: 'reason', text: 'Enter the reason' }]
    if (text.length > MAX_REASON)
      return [{ field: 'reason', text: `Reason must be ${MAX_REASON} characters or fewer` }]
    return []
  }

  async function detail(trx: Kysely<Database>, id: string): Promise<NeedDetail | undefined> {
    if (!UUID.test(id)) return undefined
    const need = await repo.findNeed(trx, id)
    if (!need) return undefined
    return {
      id: need.id,
      subjectName: need.credential_title ?? need.area_name ?? '',
      subjectKind: need.credential_id ? 'credential' : 'area',
      region: need.region,
      financialYear: need.financial_year,
      removed: need.removed_at !== null,
      rowVersion: need.row_version,
      versions: await repo.needHistory(trx, id),
    }
  }

  return {
    async list(filters, page, pageSize) {
      const area = filters.areaSlug ? await findAreaBySlug(db, filters.areaSlug) : undefined
      // An area nobody has is no filter at all: the list says what it shows.
      const where: repo.NeedFilters = {
        ...(area ? { areaId: area.id } : {}),
        ...(filters.region ? { region: filters.region } : {}),
      }
      const [items, total] = await Promise.all([
        repo.currentNeeds(db, where, { limit: pageSize, offset: (page - 1) * pageSize }),
        repo.countCurrentNeeds(db, where),
      ])
      return { items, total }
    },

    find: (id) => detail(db, id),

    async options() {
      const [credentials, areas] = await Promise.all([repo.needCredentialOptions(db), listAreaOptions(db)])
      return { credentials: credentials.map((c) => ({ slug: c.slug, title: c.title })), areas }
    },

    async record(input, actor) {
      return db.transaction().execute(async (trx) => {
        const problems = figureProblems(input)
        if (input.financialYear < EARLIEST_NEED_YEAR || input.financialYear > LATEST_NEED_YEAR)
          problems.push({ field: 'financialYear', text: 'Select the financial year' })
        let subject: { credentialId: string } | { areaId: number } | undefined
        let subjectName = ''
        if ('credentialSlug' in input.subject) {
          const credential = await repo.findNeedCredential(trx, input.subject.credentialSlug)
          if (credential) {
            subject = { credentialId: credential.id }
            subjectName = credential.title
          } else problems.push({ field: 'credential', text: 'Select the credential' })
        } else {
          const area = await findAreaBySlug(trx, input.subject.areaSlug)
          if (area) {
            subject = { areaId: area.id }
            subjectName = area.name
          } else problems.push({ field: 'area', text: 'Select the clinical area' })
        }
        if (problems.length || !subject) throw new FieldProblems(problems)
        const name = needName(subjectName, input.region, input.financialYear)
        if (await repo.needInForce(trx, subject, input.region, input.financialYear))
          throw new FieldProblems([
            {
              field: 'financialYear',
              text: `A need is already recorded for ${name}: change its figure instead`,
            },
          ])
        const need = await repo.insertNeed(
          trx,
          {
            ...('credentialId' in subject
              ? { credential_id: subject.credentialId }
              : { clinical_area_id: subject.areaId }),
            region: input.region,
            financial_year: input.financialYear,
            created_at: clock.now(),
          },
          {
            planned: input.planned,
            source: input.source.trim(),
            source_date: input.sourceDate,
            reason: null,
            recorded_by: actor.userId,
            recorded_at: clock.now(),
          },
        )
        await recordAudit(trx, actor, {
          action: 'workforce_need.recorded',
          entityType: 'workforce_need',
          entityId: need.id,
          after: {
            need: name,
            planned: input.planned,
            source: input.source.trim(),
            sourceDate: input.sourceDate,
          },
        })
        return need.id
      })
    },

    async change(id, rowVersion, input, actor) {
      await db.transaction().execute(async (trx) => {
        const need = await detail(trx, id)
        if (!need || need.removed) throw new NotFound()
        const problems = [...figureProblems(input), ...reasonProblems(input.reason)]
        if (problems.length) throw new FieldProblems(problems)
        const [latest] = need.versions
        if (
          need.rowVersion === rowVersion &&
          latest?.planned === input.planned &&
          latest.source === input.source.trim() &&
          latest.sourceDate === input.sourceDate
        )
          throw new FieldProblems([
            { field: 'planned', text: 'Nothing has changed: change the number, the source or its date' },
          ])
        const updated = await repo.addNeedVersion(trx, id, rowVersion, {
          kind: 'changed',
          planned: input.planned,
          source: input.source.trim(),
          source_date: input.sourceDate,
          reason: input.reason.trim(),
          recorded_by: actor.userId,
          recorded_at: clock.now(),
        })
        if (!updated) throw staleRecord('planned')
        await recordAudit(trx, actor, {
          action: 'workforce_need.changed',
          entityType: 'workforce_need',
          entityId: id,
          before: {
            planned: latest?.planned ?? null,
            source: latest?.source ?? null,
            sourceDate: latest?.sourceDate ?? null,
          },
          after: {
            need: needName(need.subjectName, need.region, need.financialYear),
            planned: input.planned,
            source: input.source.trim(),
            sourceDate: input.sourceDate,
            reason: input.reason.trim(),
          },
        })
      })
    },

    async remove(id, rowVersion, reason, actor) {
      await db.transaction().execute(async (trx) => {
        const need = await detail(trx, id)
        if (!need || need.removed) throw new NotFound()
        const problems = reasonProblems(reason)
        if (problems.length) throw new FieldProblems(problems)
        const [latest] = need.versions
        // The removal keeps the source of the figure it ends, so every version names one.
        const updated = await repo.addNeedVersion(trx, id, rowVersion, {
          kind: 'removed',
          planned: null,
          source: latest?.source ?? '',
          source_date: latest?.sourceDate ?? clock.today(),
          reason: reason.trim(),
          recorded_by: actor.userId,
          recorded_at: clock.now(),
        })
        if (!updated) throw staleRecord('reason')
        await recordAudit(trx, actor, {
          action: 'workforce_need.removed',
          entityType: 'workforce_need',
          entityId: id,
          before: { planned: latest?.planned ?? null },
          after: { need: needName(need.subjectName, need.region, need.financialYear), reason: reason.trim() },
        })
      })
    },
  }
}
