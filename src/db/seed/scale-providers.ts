// Synthetic providers at national volume (`npm run seed:scale -- --providers P --learners N`):
// P provider organisations, each with an accredited MSc and an approved delivery of a published
// credential, and N learners with signed awards on it.
//
// The organisations, programmes and deliveries are made through the providers service, as a
// Centre admin and a provider would make them (the demo Centre admin approves). The learners
// and awards take the path of a provider's CSV upload: the rows are written as the upload
// template's CSV, stored by the award imports service as queued imports with their
// 'award-import' jobs, and run by the job worker (src/services/worker.ts) with the same handler
// `npm run worker` has, so they are checked, signed on worker threads, staged and made visible
// exactly as an upload is. The command waits until every import has finished, so it ends with
// the awards there; a worker already running on the same PostgreSQL (`npm run worker`) takes
// some of the imports and shares the work.
//
// Each provider's learners are split into imports of at most `importRows` rows (10,000 unless
// told): an upload may be at most MAX_CSV_BYTES (MAX_IMPORT_ROWS rows of at most 200 bytes; the
// longest is 175, the mean 141), and one import's rows, checked rows and signed credentials are
// all in the worker's memory at once. For 100,000 learners on PostgreSQL, imports of 10,000 took
// less time and memory than imports of 20,000 (figures in bench/README.md).
//
// Rows are made from a hash of the seed and the learner's number, so a seed gives the same
// learners. Names come from src/db/seed/names.ts; e-mails are learner-<seed>-<number>@scale.invalid.
import { createHash } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { Config } from '../../config.ts'
import type { Database } from '../schema.ts'
import { FAMILY_NAMES, GIVEN_NAMES } from './names.ts'
import { AWARD_COLUMNS, csvField, PROBLEM_KIND_LABELS } from '../../domain/award-rows.ts'
import { londonDay } from '../../domain/dates.ts'
import { REGIONS } from '../../domain/providers.ts'
import { findOrganisationByName } from '../../repositories/organisations.ts'
import * as deliveriesRepo from '../../repositories/deliveries.ts'
import { MAX_CSV_BYTES, type ImportSummary } from '../../services/award-imports.ts'
import type { Actor } from '../../services/audit.ts'
import { demoActor } from './demo-process.ts'
import type { Services } from '../../services/index.ts'
import { jobHandlers } from '../../services/job-handlers.ts'
import { SCALE_EMAIL_DOMAIN } from './scale-seed.ts'
import { createWorker } from '../../services/worker.ts'
import { listProfessionNames } from '../../repositories/professions.ts'
import { accreditForSeed } from './demo-accreditation.ts'

export const DEFAULT_IMPORT_ROWS = 10_000
/** As many rows as fit in an upload at 200 bytes a row, more than the longest row takes. */
export const MAX_IMPORT_ROWS = Math.floor(MAX_CSV_BYTES / 200)

export const SCALE_PROGRAMME = 'MSc Advanced Clinical Practice (synthetic)'
/** After the demo delivery's, so that seed:scale's practitioners keep taking the demo one. */
const APPLIED_AT = new Date('2025-10-20T09:00:00Z')
const APPROVED_AT = new Date('2025-11-28T10:00:00Z')
export const SCALE_DELIVERY_START = '2026-01-12'
/** Awards are spread from this many days after the start until today. */
const FIRST_AWARD_AFTER_DAYS = 60

/** Whoever does a provider's part (programme, application, uploads): no account, named in the audit trail. */
const SEED_ACTOR: Actor = { userId: null, label: 'seed:scale', ip: null }

export const scaleProviderName = (seed: number, n: number) => `Scale University ${n} (seed ${seed})`

export interface ScaleProvidersOptions {
  providers: number
  /** Learners, each with an award, per provider. */
  learners: number
  seed: number
  /** Rows per award import (DEFAULT_IMPORT_ROWS unless said). */
  importRows?: number
  /** Lines of progress for whoever runs it. */
  log?: (line: string) => void
}

export interface ScaleProvider {
  organisationId: string
  name: string
  deliveryId: string
  importIds: string[]
}

export interface ScaleProvidersResult {
  providers: ScaleProvider[]
  /** Every import, as it finished. */
  imports: ImportSummary[]
  /** Awards the imports made. */
  awards: number
}

// The professions and regulators of the learners, in rough proportion; the profession table's
// first profession, with "Other", stands in for any it does not hold.
const LEARNER_ROLES = [
  { profession: 'Nurse', regulator: 'NMC', prefix: '', upTo: 0.7 },
  { profession: 'Midwife', regulator: 'NMC', prefix: '', upTo: 0.74 },
  { profession: 'Allied health professional', regulator: 'HCPC', prefix: 'PA', upTo: 0.86 },
  { profession: 'Allied health professional', regulator: 'HCPC', prefix: 'PH', upTo: 0.91 },
  { profession: 'Pharmacist', regulator: 'GPhC', prefix: '', upTo: 1 },
] as const

const MSC_INSTITUTIONS = [
  'University of Leeds',
  'University of Manchester',
  "King's College London",
  'University of Birmingham',
  'University of the West of England',
  'Sheffield Hallam University',
]

const DAY_MS = 86_400_000
const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS)

/** The learner's random numbers in [0, 1), from a hash of the seed and their number. */
function uniforms(seed: number, n: number): (k: number) => number {
  const digest = createHash('sha256').update(`scale:${seed}:learner:${n}`).digest()
  return (k) => digest.readUInt32BE(k * 4) / 2 ** 32
}

/** An index into a list of `length`, favouring the front (the lists run from most common). */
const skewed = (length: number, u: number, skew: number) =>
  Math.min(length - 1, Math.floor(length * u ** skew))

/** A registration number the regulator's format accepts, from the learner's number. */
function registrationNumber(role: (typeof LEARNER_ROLES)[number], n: number, seed: number, u: number) {
  // A bijection of n below 26,000,000 (1000003 is prime), so NMC PINs of one seed never repeat.
  const s = (n * 1_000_003 + seed) % 26_000_000
  if (role.regulator === 'NMC')
    return (
      String(s % 100).padStart(2, '0') +
      String.fromCharCode(65 + (Math.floor(s / 100) % 26)) +
      String(Math.floor(s / 2600) % 10_000).padStart(4, '0') +
      'EEEEEEEEEEEEEEEEESSWN'.charAt(Math.floor(u * 21))
    )
  if (role.regulator === 'HCPC') return `${role.prefix}${100_000 + (s % 900_000)}`
  return String(2_000_000 + (s % 1_000_000))
}

/**
 * An award CSV in the upload template's columns for learners number `first` to
 * `first + count - 1` of a seed: each eligible (60% enrolled on the programme, the rest holding
 * an MSc) and awarded on a day from two months after the delivery started until today.
 */
export function syntheticAwardsCsv(options: {
  seed: number
  first: number
  count: number
  professions: readonly string[]
  programme: string
  startDate: string
  today: string
}): string {
  const { seed, professions, programme, today } = options
  const roles = LEARNER_ROLES.filter((r) => professions.includes(r.profession))
  const fallback = professions[0] ?? 'Nurse'
  const firstAward = addDays(options.startDate, FIRST_AWARD_AFTER_DAYS)
  const span = Math.max(1, daysBetween(firstAward, today) + 1)
  const thisYear = Number(today.slice(0, 4))
  const lines = [AWARD_COLUMNS.join(',')]
  for (let n = options.first; n < options.first + options.count; n++) {
    const u = uniforms(seed, n)
    const given = GIVEN_NAMES[skewed(GIVEN_NAMES.length, u(0), 1.25)] ?? 'Alex'
    const family = FAMILY_NAMES[skewed(FAMILY_NAMES.length, u(1), 1.3)] ?? 'Morgan'
    const role = roles.find((r) => u(2) < r.upTo) ?? roles[roles.length - 1]
    const enrolled = u(3) < 0.6
    const values: Record<(typeof AWARD_COLUMNS)[number], string> = {
      given_name: given,
      family_name: family,
      email: `learner-${seed}-${String(n).padStart(7, '0')}@${SCALE_EMAIL_DOMAIN}`,
      profession: role?.profession ?? fallback,
      regulator: role?.regulator ?? 'Other',
      registration_number: role ? registrationNumber(role, n, seed, u(4)) : `REG${n}`,
      eligibility_basis: enrolled ? 'enrolled_msc' : 'holds_msc',
      programme: enrolled ? programme : '',
      msc_institution: enrolled ? '' : (MSC_INSTITUTIONS[Math.floor(u(5) * MSC_INSTITUTIONS.length)] ?? ''),
      msc_year: enrolled ? '' : String(Math.min(thisYear, 2008 + Math.floor(u(6) * 17))),
      awarded_on: span > 0 && today >= firstAward ? addDays(firstAward, Math.floor(u(7) * span)) : today,
    }
    lines.push(AWARD_COLUMNS.map((c) => csvField(values[c])).join(','))
  }
  return `${lines.join('\n')}\n`
}

const FINISHED: ReadonlySet<ImportSummary['state']> = new Set(['completed', 'rejected', 'failed'])

/**
 * Runs the queued imports with a job worker of this process's (award imports only; mail and
 * the other jobs stay for the platform's worker), until every one of them has finished, then
 * stops it. Returns the imports as they finished.
 */
async function runImports(
  db: Kysely<Database>,
  services: Services,
  config: Config,
  queued: Array<{ id: string; organisationId: string; label: string }>,
  log: (line: string) => void,
): Promise<ImportSummary[]> {
  const worker = createWorker(
    db,
    config,
    { 'award-import': jobHandlers(services)['award-import'] },
    {
      log: {
        info: () => undefined,
        error: (details, message) => log(`  worker: ${message} (${describe(details.err)})`),
      },
    },
  )
  const finished = new Map<string, ImportSummary>()
  let lastProgress = Date.now()
  worker.start()
  try {
    while (finished.size < queued.length) {
      await new Promise((resolve) => setTimeout(resolve, 500))
      const showProgress = Date.now() - lastProgress >= 10_000
      if (showProgress) lastProgress = Date.now()
      for (const item of queued) {
        if (finished.has(item.id)) continue
        const summary = await services.awardImports.get(item.id, [item.organisationId])
        if (!summary) throw new Error(`The award import ${item.id} has gone`)
        if (FINISHED.has(summary.state)) {
          finished.set(item.id, summary)
          const took =
            summary.startedAt && summary.finishedAt
              ? ` in ${((summary.finishedAt.getTime() - summary.startedAt.getTime()) / 1000).toFixed(1)} s`
              : ''
          log(
            `  ${item.label}: ${summary.state}${took}, ${summary.createdCount.toLocaleString('en-GB')} awards made`,
          )
        } else if (showProgress && summary.state === 'running') {
          log(
            `  ${item.label}: ${summary.processedRows.toLocaleString('en-GB')} of ` +
              `${summary.totalRows.toLocaleString('en-GB')} rows checked, ` +
              `${summary.savedRows.toLocaleString('en-GB')} signed and staged`,
          )
        }
      }
    }
  } finally {
    await worker.stop()
  }
  return queued.flatMap((item) => finished.get(item.id) ?? [])
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error))

/**
 * Makes the providers, queues their learners' awards as CSV imports, and runs them to the end.
 * Needs the demo Centre admin (who approves the deliveries) and a published credential, as
 * `seed:demo` makes them. Refuses a seed whose providers exist; a run stopped part-way leaves
 * what it made, and another seed adds more.
 */
export async function seedScaleProviders(
  db: Kysely<Database>,
  services: Services,
  config: Config,
  options: ScaleProvidersOptions,
): Promise<ScaleProvidersResult> {
  const { providers: count, learners, seed } = options
  const importRows = options.importRows ?? DEFAULT_IMPORT_ROWS
  const log = options.log ?? (() => undefined)
  if (!Number.isInteger(count) || count < 1) throw new Error('providers must be a whole number above 0')
  if (!Number.isInteger(learners) || learners < 1) throw new Error('learners must be a whole number above 0')
  if (!Number.isInteger(importRows) || importRows < 1 || importRows > MAX_IMPORT_ROWS)
    throw new Error(`importRows must be from 1 to ${MAX_IMPORT_ROWS}`)
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31) throw new Error('seed must be 0 to 2^31')
  if (count * learners > 26_000_000) throw new Error('At most 26,000,000 learners in all')

  const approver = await demoActor(db, services, 'centre-admin')
  const assessors = [
    await demoActor(db, services, 'reviewer'),
    await demoActor(db, services, 'reviewer-2'),
  ] as const
  const [credential] = await services.deliveries.deliverableCredentials()
  if (!credential) throw new Error('There is no published credential to deliver: run seed:demo first')
  for (let n = 1; n <= count; n++) {
    const name = scaleProviderName(seed, n)
    if (await findOrganisationByName(db, name))
      throw new Error(
        `The database already holds synthetic providers of seed ${seed} ("${name}"); run again with another --seed.`,
      )
  }
  const professions = await listProfessionNames(db)
  const today = londonDay(new Date())

  const made: ScaleProvider[] = []
  const queued: Array<{ id: string; organisationId: string; label: string }> = []
  for (let n = 1; n <= count; n++) {
    const name = scaleProviderName(seed, n)
    const organisationId = await services.providers.createProvider(
      {
        name,
        kind: 'university',
        ukprn: '',
        region: REGIONS[(n - 1) % REGIONS.length] ?? 'london',
        website: '',
      },
      approver,
    )
    const programmeId = await services.programmes.createProgramme(
      organisationId,
      { title: SCALE_PROGRAMME },
      SEED_ACTOR,
    )
    // Accredited by the Centre before the delivery started (the provider's part has no account).
    await accreditForSeed(db, {
      organisationId,
      programmeId,
      awardTitle: SCALE_PROGRAMME,
      provider: { ...SEED_ACTOR, userId: '', name: SEED_ACTOR.label, roles: ['provider_admin'] },
      centre: approver,
      assessors,
      appliedOn: '2025-03-03',
      periodFrom: '2025-09-01',
      periodUntil: '2030-08-31',
      question: false,
    })
    const deliveryId = await services.deliveries.applyToDeliver(
      organisationId,
      {
        credentialId: credential.credentialId,
        mode: 'blended',
        startDate: SCALE_DELIVERY_START,
        expectedCohort: '1000',
        assessment:
          'A portfolio of cases mapped to the learning outcomes and an observed clinical examination.',
        programmeId,
      },
      SEED_ACTOR,
    )
    await services.deliveries.act(deliveryId, 1, 'approve', 'Approved (synthetic provider).', approver, null)
    // Applied and approved before the delivery started, as a real one would have been: awards
    // are checked against the approval in force on their date.
    await deliveriesRepo.backdateHistory(db, deliveryId, {
      appliedAt: APPLIED_AT,
      decidedAt: APPROVED_AT,
    })
    const delivery = await services.awardImports.deliveryForUpload(deliveryId, [organisationId])
    if (!delivery) throw new Error(`The delivery ${deliveryId} of ${name} cannot be uploaded to`)

    const importIds: string[] = []
    const parts = Math.ceil(learners / importRows)
    for (let part = 0; part < parts; part++) {
      const from = part * importRows
      const csv = syntheticAwardsCsv({
        seed,
        first: (n - 1) * learners + from + 1,
        count: Math.min(importRows, learners - from),
        professions,
        programme: SCALE_PROGRAMME,
        startDate: SCALE_DELIVERY_START,
        today,
      })
      const filename = `scale-${seed}-provider-${n}-part-${part + 1}-of-${parts}.csv`
      const id = await services.awardImports.queueCsv(
        delivery,
        { content: Buffer.from(csv), filename },
        SEED_ACTOR,
      )
      importIds.push(id)
      queued.push({ id, organisationId, label: `${name}, import ${part + 1} of ${parts}` })
    }
    made.push({ organisationId, name, deliveryId, importIds })
    log(`${name}: approved delivery, ${parts} award imports queued`)
  }

  const imports = await runImports(db, services, config, queued, log)
  const unfinished = imports.filter((i) => i.state !== 'completed')
  if (unfinished.length) {
    const first = unfinished[0]
    const why =
      first?.error ??
      first?.problemGroups.map((g) => `${g.rows} rows: ${PROBLEM_KIND_LABELS[g.kind]}`).join('; ')
    throw new Error(`${unfinished.length} award imports did not complete (the first ${first?.state}: ${why})`)
  }
  return { providers: made, imports, awards: imports.reduce((sum, i) => sum + i.createdCount, 0) }
}

/**
 * What autovacuum would do in the minutes after the imports, done at once: planner statistics
 * and the visibility map for the tables the provider's lists read (src/db/seed/scale-seed.ts
 * says what a missing visibility map costs). learner and award are views over learner_record
 * and award_record (src/db/migrations/20261206200000_import_visibility.ts), and VACUUM only
 * warns about a view, so the tables under them are named.
 */
export async function analyseAwardTables(db: Kysely<Database>): Promise<void> {
  await sql`vacuum analyze learner_record, award_record, award_credential, award_import_row`.execute(db)
}
