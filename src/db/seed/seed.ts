// Loads the national catalogue and the Centre's reference data on a fresh database.
// The data lives in reviewable JSON beside this file; this code only checks and inserts it.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql, type Kysely, type Transaction } from 'kysely'
import {
  checkStatusDue,
  isCredentialStatus,
  isInterventionType,
  isSeason,
  parseDue,
  slugify,
  sourceDateFirstDay,
  sourceDateLabel,
  type CredentialStatus,
  type Due,
  type SourceDate,
} from '../../domain/catalogue.ts'
import { DEFAULT_REVIEW_INTERVAL_MONTHS, IN_FORCE, nextReviewDue } from '../../domain/credential-lifecycle.ts'
import type { Database } from '../schema.ts'
import { REFERENCE_KINDS, type ReferenceKind } from '../../domain/reference-content.ts'

const here = path.dirname(fileURLToPath(import.meta.url))
/** Reads one of the reviewable seed files beside this module. */
export const readSeedJson = <T>(file: string): T =>
  JSON.parse(readFileSync(path.join(here, file), 'utf8')) as T

export interface SeedHistory {
  snapshot: string
  status: string
  due?: string
  reason?: string
}
export interface SeedCredential {
  title: string
  slug?: string
  area: string
  type: string
  level: number | null
  origin?: 'centre' | 'other_body'
  owner?: { name: string; url: string }
  summary?: string
  notes?: string[]
  history: SeedHistory[]
}
export interface SeedCatalogue {
  /** Each snapshot's date only to the precision its source gives. */
  snapshots: Array<{
    code: string
    title: string
    date: { year: number; season?: string; approximate?: boolean }
  }>
  areas: Array<{ name: string; note?: string }>
  credentials: SeedCredential[]
}
export interface SeedCriterion {
  id: string
  title?: string
  statement: string
  note?: string
  guidance?: string[]
  subcriteria?: Array<{ id: string; statement: string }>
}
export interface SeedCriteria {
  principles: SeedCriterion[]
  gateway: SeedCriterion[]
  endorsement: SeedCriterion[]
}
export interface SeedFramework {
  professions: string[]
  pillars: Array<{ id: string; name: string; capabilities: Array<[string, string]> }>
}

const SEED_LOCK = 741_200_001

export const SEED_ACTOR = 'seed: national catalogue import'

function parseHistory(
  credential: SeedCredential,
  entry: SeedHistory,
): { status: CredentialStatus; due: Due | null } {
  if (!isCredentialStatus(entry.status)) {
    throw new Error(`Seed: "${credential.title}" has an unknown status "${entry.status}"`)
  }
  const due = entry.due === undefined ? null : parseDue(entry.due)
  if (entry.due !== undefined && due === null) {
    throw new Error(`Seed: "${credential.title}" has a due date "${entry.due}" that is not a season and year`)
  }
  const problem = checkStatusDue(entry.status, due)
  if (problem) throw new Error(`Seed: "${credential.title}": ${problem}`)
  return { status: entry.status, due }
}

/** A snapshot's date as the domain holds it, checked. */
export function snapshotDate(snapshot: SeedCatalogue['snapshots'][number]): SourceDate {
  const season = snapshot.date.season ?? null
  if (season !== null && !isSeason(season))
    throw new Error(`Seed: snapshot ${snapshot.code} has no such season`)
  return { year: snapshot.date.year, season, approximate: snapshot.date.approximate ?? false }
}

async function seedCatalogue(trx: Transaction<Database>, catalogue: SeedCatalogue): Promise<void> {
  await trx
    .insertInto('catalogue_snapshot')
    .values(
      catalogue.snapshots.map((s, i) => {
        const date = snapshotDate(s)
        return {
          code: s.code,
          title: s.title,
          observed: sourceDateLabel(date).toLowerCase(),
          dated_year: date.year,
          dated_season: date.season,
          dated_approximate: date.approximate,
          sort_order: i + 1,
        }
      }),
    )
    .execute()

  const areas = await trx
    .insertInto('clinical_area')
    .values(
      catalogue.areas.map((a, i) => ({
        slug: slugify(a.name),
        name: a.name,
        note: a.note ?? null,
        sort_order: i + 1,
      })),
    )
    .returning(['id', 'name'])
    .execute()
  const areaId = new Map(areas.map((a) => [a.name, a.id]))
  const snapshotDay = new Map(catalogue.snapshots.map((s) => [s.code, sourceDateFirstDay(snapshotDate(s))]))

  for (const credential of catalogue.credentials) {
    const clinicalAreaId = areaId.get(credential.area)
    if (clinicalAreaId === undefined)
      throw new Error(`Seed: "${credential.title}" names an unknown area "${credential.area}"`)
    if (!isInterventionType(credential.type))
      throw new Error(`Seed: "${credential.title}" has an unknown type`)
    const history = credential.history.map((h) => ({ ...parseHistory(credential, h), source: h }))
    const current = history.at(-1)
    if (!current) throw new Error(`Seed: "${credential.title}" has no history`)
    // Endorsed by the Centre before the platform: its periodic review counts from the first
    // snapshot that lists it as endorsed (see the migration 20261206231000_seeded_review_due).
    const endorsedIn = history.find((h) => h.status === 'endorsed')?.source.snapshot
    const endorsedOn =
      endorsedIn !== undefined && IN_FORCE.includes(current.status)
        ? (snapshotDay.get(endorsedIn) ?? null)
        : null

    const { id } = await trx
      .insertInto('credential')
      .values({
        slug: credential.slug ?? slugify(credential.title),
        title: credential.title,
        clinical_area_id: clinicalAreaId,
        type: credential.type,
        status: current.status,
        due_season: current.due?.season ?? null,
        due_year: current.due?.year ?? null,
        level: credential.level,
        origin: credential.origin ?? 'centre',
        owner_name: credential.owner?.name ?? null,
        owner_url: credential.owner?.url ?? null,
        summary: credential.summary ?? null,
        notes: JSON.stringify(credential.notes ?? []),
        endorsed_on: endorsedOn,
        next_review_due: endorsedOn && nextReviewDue(endorsedOn, DEFAULT_REVIEW_INTERVAL_MONTHS),
      })
      .returning('id')
      .executeTakeFirstOrThrow()

    await trx
      .insertInto('credential_status_event')
      .values(
        history.map((h) => ({
          credential_id: id,
          status: h.status,
          due_season: h.due?.season ?? null,
          due_year: h.due?.year ?? null,
          snapshot_code: h.source.snapshot,
          reason: h.source.reason ?? null,
          recorded_by: SEED_ACTOR,
        })),
      )
      .execute()
  }
}

async function seedCriteria(trx: Transaction<Database>, criteria: SeedCriteria): Promise<void> {
  const kinds = [
    ['principle', criteria.principles],
    ['gateway', criteria.gateway],
    ['endorsement', criteria.endorsement],
  ] as const
  for (const [kind, list] of kinds) {
    const set = await trx
      .insertInto('criterion_set')
      .values({ kind, version: 1, source: 'Centre reference data (public pages, paraphrased)' })
      .returning('id')
      .executeTakeFirstOrThrow()
    const rows = list.flatMap((c) => [
      {
        code: c.id,
        parent_code: null,
        title: c.title ?? null,
        statement: c.statement,
        guidance: JSON.stringify(c.guidance ?? []),
        note: c.note ?? null,
      },
      ...(c.subcriteria ?? []).map((s) => ({
        code: s.id,
        parent_code: c.id,
        title: null,
        statement: s.statement,
        guidance: '[]',
        note: null,
      })),
    ])
    await trx
      .insertInto('criterion')
      .values(rows.map((r, i) => ({ ...r, criterion_set_id: set.id, sort_order: i + 1 })))
      .execute()
  }
}

async function seedFramework(trx: Transaction<Database>, framework: SeedFramework): Promise<void> {
  await trx
    .insertInto('framework_pillar')
    .values(framework.pillars.map((p, i) => ({ code: p.id, name: p.name, sort_order: i + 1 })))
    .execute()
  await trx
    .insertInto('framework_capability')
    .values(
      framework.pillars.flatMap((p) =>
        p.capabilities.map(([code, label], i) => ({ code, pillar_code: p.id, label, sort_order: i + 1 })),
      ),
    )
    .execute()
  await trx
    .insertInto('profession')
    .values(framework.professions.map((name, i) => ({ name, sort_order: i + 1 })))
    .execute()
}

/** Version 1 of each kind of reference content (a database that had them got it by migration). */
async function seedReferenceVersions(trx: Transaction<Database>, framework: SeedFramework): Promise<void> {
  const contents: Record<ReferenceKind, unknown> = {
    framework: {
      capabilities: framework.pillars.flatMap((p) =>
        p.capabilities.map(([code, label]) => ({ code, pillarCode: p.id, label })),
      ),
    },
    glossary: {
      terms: readSeedJson<Array<{ term: string; definition: string }>>('reference/glossary.json').sort(
        (a, b) => a.term.toLowerCase().localeCompare(b.term.toLowerCase()),
      ),
    },
    documents: {
      documents: readSeedJson<Array<{ slug: string; title: string; summary: string; href: string }>>(
        'documents.json',
      ).map((d) => ({ ...d, file: null, issuedOn: null, edition: null })),
    },
    intervention_types: readSeedJson<unknown>('reference/intervention-types.json'),
  }
  await trx
    .insertInto('reference_version')
    .values(
      REFERENCE_KINDS.map((kind) => ({
        kind,
        version: 1,
        summary: 'The content the Centre published before it was edited here.',
        published_by_role: 'The Centre',
        content: JSON.stringify(contents[kind]),
      })),
    )
    .execute()
}

/**
 * Seeds an empty database in one transaction; does nothing when the catalogue is already
 * there, so that every start can call it. Returns whether it seeded.
 */
export async function seedIfEmpty(db: Kysely<Database>): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    // Several instances may start at once against one PostgreSQL: only one of them seeds.
    await sql`select pg_advisory_xact_lock(${SEED_LOCK})`.execute(trx)
    const existing = await trx.selectFrom('clinical_area').select('id').limit(1).executeTakeFirst()
    if (existing) return false
    await seedCatalogue(trx, readSeedJson<SeedCatalogue>('catalogue.json'))
    await seedCriteria(trx, readSeedJson<SeedCriteria>('reference/criteria.json'))
    const framework = readSeedJson<SeedFramework>('reference/framework.json')
    await seedFramework(trx, framework)
    await seedReferenceVersions(trx, framework)
    return true
  })
}
