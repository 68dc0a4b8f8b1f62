import type { Kysely } from 'kysely'
import { criteriaProblems, KIND_LABELS, type CriterionDraft, type CriterionKind } from '../domain/criteria.ts'
import type { Database } from '../db/schema.ts'
import * as repo from '../repositories/reference.ts'
import { recordAudit, type Actor } from './audit.ts'
import { FieldProblems, ServiceError } from './errors.ts'

export interface CriteriaVersion {
  kind: CriterionKind
  version: number
  criteria: CriterionDraft[]
}

export interface CriteriaService {
  current(kind: CriterionKind): Promise<CriteriaVersion>
  /** Publishes the next version; refused when someone published another since basedOn. */
  publish(kind: CriterionKind, basedOn: number, criteria: CriterionDraft[], actor: Actor): Promise<number>
}

export function createCriteriaService(db: Kysely<Database>): CriteriaService {
  return {
    async current(kind) {
      const rows = await repo.listLatestCriteria(db, kind)
      return {
        kind,
        version: rows[0]?.version ?? 0,
        criteria: rows.map((r) => ({
          code: r.code,
          parentCode: r.parent_code,
          title: r.title,
          statement: r.statement,
          guidance: r.guidance,
          note: r.note,
        })),
      }
    },

    async publish(kind, basedOn, criteria, actor) {
      const problems = criteriaProblems(criteria)
      if (problems.length) throw new FieldProblems(problems)
      return db.transaction().execute(async (trx) => {
        await repo.lockCriteria(trx)
        const latest = await repo.latestCriteriaVersion(trx, kind)
        if (latest !== basedOn) {
          throw new ServiceError(
            `${KIND_LABELS[kind]} changed since you opened them: version ${latest} is now published. Open them again to see it`,
          )
        }
        const before = await repo.listLatestCriteria(trx, kind)
        const version = latest + 1
        await repo.insertCriteriaVersion(trx, kind, version, `Published by ${actor.label}`, criteria)
        await recordAudit(trx, actor, {
          action: 'criteria.published',
          entityType: 'criterion_set',
          entityId: `${kind}:${version}`,
          before: { version: latest, codes: before.map((c) => c.code) },
          after: { version, criteria },
        })
        return version
      })
    },
  }
}
