// Awards in bulk: a CSV file uploaded by provider staff, or a batch sent through the API.
// A CSV file (and a large API batch) is stored as an award import and run as a background
// job, so that a person who leaves the page loses nothing. Every row is checked first, with
// the same rules as a single award (src/domain); if any row is refused nothing is saved,
// otherwise one transaction saves every learner and award. Saving the same rows again adds
// nothing: a learner is registered once on a delivery and awarded once.
import { createHash, randomUUID } from 'node:crypto'
import { parse } from 'csv-parse'
import type { Kysely, Transaction } from 'kysely'
import type { Config } from '../config.ts'
import type { AccreditationTerm } from '../domain/programme-accreditation.ts'
import { accreditationsOfProgrammes } from './programme-accreditation.ts'
import type { Database } from '../db/schema.ts'
import {
  AWARD_COLUMNS,
  awardDateKind,
  csvField,
  eligibilityGapKind,
  headerProblems,
  learnerName,
  parseAwardRow,
  PROBLEM_KINDS,
  type AwardColumn,
  type BatchOutcome,
  type ProblemKind,
} from '../domain/award-rows.ts'
import {
  MAX_STORED_PROBLEMS,
  problemCollector,
  summariseProblems,
  type ImportProblem,
  type ProblemGroup,
  type ProblemReport,
} from '../domain/import-problems.ts'
import type { Clock } from '../domain/clock.ts'
import { awardDateProblem, type DeliveryStateChange } from '../domain/delivery-approval.ts'
import { IMPORT_STATES, type ImportState } from '../domain/import-progress.ts'
import {
  canAward,
  DELIVERY_STATES,
  eligibilityGaps,
  isOneOf,
  type DeliveryState,
  type Eligibility,
} from '../domain/providers.ts'
import * as credentialsRepo from '../repositories/award-credentials.ts'
import * as staging from '../repositories/award-import-staging.ts'
import { inBackground } from '../db/background.ts'
import { createWorker } from './worker.ts'
import * as repo from '../repositories/award-imports.ts'
import { deliveryStateHistory, findDelivery, lockDeliveryState } from '../repositories/deliveries.ts'
import { listProgrammes } from '../repositories/programmes.ts'
import { awardToIssue, type AwardCredentialsService, type AwardToIssue } from './award-credentials.ts'
import { createSigningPool, signingThreads } from './award-signing.ts'
import { recordAudit, type Actor } from './audit.ts'
import { ServiceError } from './errors.ts'
import { enqueueJob } from './jobs.ts'
import { queueStatisticsRefresh } from './statistics.ts'
import { isUuid } from '../domain/identifiers.ts'
import { listProfessionNames } from '../repositories/professions.ts'
import { isRecord, present } from '../domain/present.ts'

export { IMPORT_STATES, type ImportState }

/** An award CSV file of 100,000 rows is about 12MB. */
export const MAX_CSV_BYTES = 20 * 1024 * 1024
/** API batches up to this size are saved while the client waits; larger ones are queued. */
export const API_SYNC_LIMIT = 500
export const API_MAX_AWARDS = 10_000
/** How often a running import writes how far it has got. */
const PROGRESS_EVERY = 500
/** Rows per multi-row insert: 1,000 learners use 14,000 of PostgreSQL's 65,535 parameters. */
const BATCH = 1000
/** Rows signed per task on a signing thread, and staged per short transaction. */
const STAGE_CHUNK = 100

const FAILED_MESSAGE =
  'Something went wrong while saving the awards, so none were saved. Upload the file again; if it happens again, contact the Centre.'

export interface ImportSummary {
  id: string
  deliveryId: string | null
  credentialTitle: string | null
  source: 'csv' | 'api'
  filename: string | null
  state: ImportState
  totalRows: number
  processedRows: number
  /** Rows signed and staged, ready for the final step. */
  savedRows: number
  startedAt: Date | null
  /** The last sign of life of a running import. */
  heartbeatAt: Date | null
  createdCount: number
  unchangedCount: number
  /** Every problem found (only the first MAX_STORED_PROBLEMS are stored: see problems()). */
  problemTotal: number
  /** Rows with at least one problem. */
  problemRows: number
  /** The rows and problems of each kind, most rows first. */
  problemGroups: ProblemGroup[]
  error: string | null
  createdAt: Date
  finishedAt: Date | null
}

/** One award as the API takes it: the CSV's columns in camelCase. */
export interface ApiAward {
  givenName: string
  familyName: string
  email: string
  profession: string
  regulator: string
  registrationNumber: string
  eligibilityBasis?: string | null | undefined
  programme?: string | null | undefined
  mscInstitution?: string | null | undefined
  mscYear?: number | string | null | undefined
  awardedOn: string
}

export interface DeliveryForUpload {
  id: string
  organisationId: string
  credentialTitle: string
  versionNumber: number
  state: DeliveryState
  canAward: boolean
}

export type { BatchOutcome }

export const OUTCOME_STATUS: Record<BatchOutcome['kind'], number> = {
  created: 201,
  rejected: 422,
  queued: 202,
}

export interface AwardImportsService {
  /** The CSV template: the header and one example row. */
  template(): Promise<string>
  /** The delivery, when one of these organisations runs it; else null. */
  deliveryForUpload(deliveryId: string, organisationIds: readonly string[]): Promise<DeliveryForUpload | null>
  /** Stores an uploaded file as a queued import; returns its id. */
  queueCsv(
    delivery: DeliveryForUpload,
    file: { content: Buffer; filename: string | null },
    actor: Actor,
  ): Promise<string>
  list(organisationIds: readonly string[]): Promise<ImportSummary[]>
  /** The import, when one of these organisations made it; else null. */
  get(importId: string, organisationIds: readonly string[]): Promise<ImportSummary | null>
  /**
   * The first `limit` stored problems of an import one of these organisations made (at most
   * MAX_STORED_PROBLEMS are stored), in the order found; null when it is not theirs.
   */
  problems(
    importId: string,
    organisationIds: readonly string[],
    limit?: number,
  ): Promise<ImportProblem[] | null>
  /**
   * The 'award-import' job: runs the import `payload.importId` from a clean state (what a run
   * that died staged is thrown away first). An import already completed, rejected or failed is
   * left as it is, so a job run twice awards nothing twice.
   */
  runAwardImportJob(payload: Record<string, unknown>, context: ImportJobContext): Promise<void>
  /**
   * Runs the due award-import jobs in this process, one at a time, until none is left; returns
   * how many ran. One that fails is tried again later by the queue, as a worker would.
   */
  runPendingImports(): Promise<number>
  /** Starts a run without waiting for it (errors go to onError). */
  kick(onError?: (error: unknown) => void): void
  /**
   * An API batch for one organisation's delivery, under an idempotency key. The same key with
   * the same request replays the first outcome; with another request it is refused.
   */
  awardBatch(
    organisationId: string,
    request: { deliveryId: string; awards: ApiAward[]; idempotencyKey: string },
    actor: Actor,
  ): Promise<{ outcome: BatchOutcome; replayed: boolean }>
}

/** What a run of an import is told by whoever runs it (the job queue, or this process). */
export interface RunHooks {
  /** Called every few hundred rows; tells the job queue the run is alive. */
  heartbeat(): Promise<void>
  /** Aborted when the run must stop: it fails, and nothing of it is visible. */
  signal?: AbortSignal
}

/** What the job queue gives a handler (src/services/jobs.ts). */
/** The job that runs an import, queued with it: a worker takes it up (src/services/worker.ts). */
const queueImportJob = (trx: Transaction<Database>, importId: string) =>
  enqueueJob(trx, 'award-import', { importId }, { key: `award-import:${importId}` })

export interface ImportJobContext {
  jobId: string
  attempt: number
  heartbeat(): Promise<void>
  signal: AbortSignal
}

/** The job queue's heartbeat at most this often (it wants one at least every 10 s). */
const JOB_HEARTBEAT_MS = 3000

/** The same idempotency key was used for a different request. */
export class IdempotencyConflict extends Error {
  constructor() {
    super('This Idempotency-Key was used for a different request')
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
type Values = Record<AwardColumn, string | undefined>
interface NumberedRow {
  /** The CSV line, or the index in an API batch. */
  line: number
  values: Values
}

/** Characters of a CSV file parsed in one turn of the event loop (about 10 ms of work). */
const PARSE_SLICE = 128 * 1024

/**
 * csv-parse, fed the file a slice at a time with a turn of the event loop between slices, so
 * that a file of 100,000 rows (about 12MB, 0.7 s of parsing) never holds the event loop.
 */
async function parseInTurns(content: string): Promise<string[][]> {
  const records: string[][] = []
  // csv-parse's own line numbers (info: true) triple the time it takes; they are counted by
  // csvRows instead, from the line breaks inside each record's quoted values.
  const parser = parse({ bom: true, relax_column_count: true })
  parser.on('readable', () => {
    for (let record: unknown = parser.read(); record !== null; record = parser.read())
      if (Array.isArray(record)) records.push(record)
  })
  let failed = false
  const ended = new Promise<void>((resolve, reject) => {
    parser.once('end', resolve)
    parser.on('error', (error) => {
      failed = true
      reject(error)
    })
  })
  ended.catch(() => undefined)
  for (let start = 0; start < content.length && !failed; start += PARSE_SLICE) {
    parser.write(content.slice(start, start + PARSE_SLICE))
    await new Promise((resolve) => setImmediate(resolve))
  }
  parser.end()
  await ended
  return records
}

/** The rows of a CSV file by column name, or the problems with the file itself. */
export async function csvRows(
  content: string,
): Promise<{ rows: NumberedRow[] } | { problems: ProblemReport }> {
  const fileProblem = (line: number, kind: ProblemKind, message: string) => ({
    problems: summariseProblems([{ line, kind, field: null, learnerName: null, value: '', message }]),
  })
  let parsed: string[][]
  try {
    parsed = await parseInTurns(content)
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1
    return fileProblem(
      line,
      'file_unreadable',
      'The file cannot be read as CSV here: check quotation marks are in pairs',
    )
  }
  const records: Array<{ record: string[]; line: number }> = []
  let line = 1
  for (const record of parsed) {
    const blank = record.length === 1 && !record[0]?.trim()
    if (!blank) records.push({ record, line })
    line += 1
    for (const value of record)
      for (let i = value.indexOf('\n'); i !== -1; i = value.indexOf('\n', i + 1)) line++
  }
  const [header, ...body] = records
  if (!header) return fileProblem(1, 'file_empty', 'The file is empty')
  const names = header.record.map((h) => h.trim().toLowerCase())
  const problems = headerProblems(names)
  if (problems.length)
    return {
      problems: summariseProblems(problems.map((p) => ({ ...p, line: header.line, learnerName: null }))),
    }
  if (!body.length) return fileProblem(2, 'no_rows', 'The file has no awards under the first line')
  const collector = problemCollector()
  const rows: NumberedRow[] = []
  for (const { record, line } of body) {
    if (record.length !== names.length) {
      const given = names.indexOf('given_name')
      const family = names.indexOf('family_name')
      collector.add({
        line,
        kind: 'column_count',
        field: null,
        learnerName: learnerName({ given_name: record[given], family_name: record[family] }),
        value: '',
        message: `This line has ${record.length} values but the first line has ${names.length} columns`,
      })
      continue
    }
    const values = {} as Values
    names.forEach((name, i) => (values[name as AwardColumn] = record[i]))
    rows.push({ line, values })
  }
  return collector.total ? { problems: collector.report() } : { rows }
}

const text = (value: unknown) =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : ''
/** A required field as sent: missing, or of the wrong kind in an old stored batch, is not given. */
const given = (value: unknown) => (typeof value === 'string' ? value : undefined)

/** An API award as CSV values, so both are checked by the same rules. */
export function apiValues(award: Readonly<Partial<Record<keyof ApiAward, unknown>>>): Values {
  return {
    given_name: given(award.givenName),
    family_name: given(award.familyName),
    email: given(award.email),
    profession: given(award.profession),
    regulator: given(award.regulator),
    registration_number: given(award.registrationNumber),
    eligibility_basis: text(award.eligibilityBasis),
    programme: text(award.programme),
    msc_institution: text(award.mscInstitution),
    msc_year: text(award.mscYear),
    awarded_on: given(award.awardedOn),
  }
}

interface CheckContext {
  delivery: NonNullable<Awaited<ReturnType<typeof findDelivery>>>
  /** The provider's programmes, each with the Centre's decisions on it (the verdict on an award date). */
  programmes: Array<{ id: string; title: string; accreditations: AccreditationTerm[] }>
  learners: Map<string, Eligibility>
  professions: string[]
  today: string
  /** The delivery's state history: each award date must fall inside an approval. */
  history: DeliveryStateChange[]
}

type Prepared = Omit<repo.LearnerInsert, 'delivery_id' | 'organisation_id' | 'created_by'> & {
  awarded_on: string
}

async function loadContext(
  db: Kysely<Database>,
  deliveryId: string,
  today: string,
): Promise<CheckContext | null> {
  const delivery = await findDelivery(db, deliveryId)
  if (!delivery) return null
  const [programmes, learners, professions, history] = await Promise.all([
    listProgrammes(db, delivery.organisation_id),
    repo.listLearners(db, delivery.id),
    listProfessionNames(db),
    deliveryStateHistory(db, delivery.id),
  ])
  const accreditations = await accreditationsOfProgrammes(
    db,
    programmes.map((p) => p.id),
  )
  return {
    delivery,
    programmes: programmes.map((p) => ({
      id: p.id,
      title: p.title,
      accreditations: accreditations.get(p.id) ?? [],
    })),
    learners: new Map(
      learners.map((l) => [
        l.email,
        {
          basis: l.eligibility_basis,
          programmeId: l.eligibility_programme_id,
          mscInstitution: l.msc_institution,
          mscYear: l.msc_year,
          equivalenceFileId: l.equivalence_file_id,
        },
      ]),
    ),
    professions,
    today,
    history,
  }
}

/**
 * Every row through the same rules as a single award, and what it refers to: the programme
 * among the provider's, the learner's recorded eligibility when the row gives none, and
 * whether the delivery may award at all. Returns the problems of the refused rows (each
 * counted by kind, the first MAX_STORED_PROBLEMS kept), or the rows ready to save.
 */
async function checkRows(
  rows: NumberedRow[],
  context: CheckContext,
  onProgress?: (checked: number) => Promise<void>,
): Promise<{ problems: ProblemReport; prepared: Prepared[] }> {
  const collector = problemCollector(MAX_STORED_PROBLEMS)
  const prepared: Prepared[] = []
  if (!canAward(context.delivery.state)) {
    collector.add({
      line: rows[0]?.line ?? 1,
      kind: 'delivery_not_approved',
      field: null,
      learnerName: null,
      value: '',
      message: 'This delivery is not approved, so it cannot make awards',
    })
    return { problems: collector.report(), prepared }
  }
  const programmesByTitle = new Map(context.programmes.map((p) => [p.title.trim().toLowerCase(), p]))
  const firstLineOf = new Map<string, number>()
  const thisYear = Number(context.today.slice(0, 4))
  for (const [i, { line, values }] of rows.entries()) {
    if (onProgress && i > 0 && i % PROGRESS_EVERY === 0) await onProgress(i)
    const name = learnerName(values)
    const reject = (kind: ProblemKind, field: AwardColumn | null, message: string) =>
      collector.add({
        line,
        kind,
        field,
        learnerName: name,
        value: field ? (values[field] ?? '') : '',
        message,
      })
    const parsed = parseAwardRow(values, { professions: context.professions })
    if ('problems' in parsed) {
      for (const p of parsed.problems)
        collector.add({
          line,
          kind: p.kind,
          field: p.field,
          learnerName: name,
          value: p.value,
          message: p.message,
        })
      continue
    }
    const row = parsed.row
    const earlier = firstLineOf.get(row.email)
    if (earlier !== undefined) {
      reject(
        'duplicate_learner',
        'email',
        `${row.email} is also on line ${earlier}: a learner is awarded once`,
      )
      continue
    }
    firstLineOf.set(row.email, line)
    // The date by the single award form's rule: not in the future, not before the delivery
    // started, and inside an approval of the delivery, not only approved now.
    const dateProblem = awardDateProblem(row.awardedOn, dateContext(context))
    if (dateProblem) reject(awardDateKind(row.awardedOn, dateContext(context)), 'awarded_on', dateProblem)

    let eligibility: Eligibility
    if (row.eligibilityBasis) {
      let programmeId: string | null = null
      if (row.programme) {
        const programme = programmesByTitle.get(row.programme.toLowerCase())
        if (!programme) {
          reject(
            'programme_unknown',
            'programme',
            `There is no programme called "${row.programme}" among this provider’s programmes`,
          )
          continue
        }
        programmeId = programme.id
      }
      const recorded = context.learners.get(row.email)
      eligibility = {
        basis: row.eligibilityBasis,
        programmeId,
        mscInstitution: row.mscInstitution,
        mscYear: row.mscYear,
        // Evidence is uploaded on the learner's page, never in a CSV file.
        equivalenceFileId: recorded?.basis === 'equivalence' ? recorded.equivalenceFileId : null,
      }
    } else {
      eligibility = context.learners.get(row.email) ?? {
        basis: null,
        programmeId: null,
        mscInstitution: null,
        mscYear: null,
        equivalenceFileId: null,
      }
    }
    const gaps = eligibilityGaps(eligibility, {
      awardedOn: row.awardedOn,
      programmes: context.programmes,
      thisYear,
    })
    if (gaps.length || dateProblem) {
      for (const gap of gaps) reject(eligibilityGapKind(gap), null, gap)
      continue
    }
    prepared.push({
      given_name: row.givenName,
      family_name: row.familyName,
      email: row.email,
      profession: row.profession,
      regulator: row.regulator,
      registration_number: row.registrationNumber,
      eligibility_basis: eligibility.basis,
      eligibility_programme_id: eligibility.basis === 'enrolled_msc' ? eligibility.programmeId : null,
      msc_institution: eligibility.basis === 'holds_msc' ? eligibility.mscInstitution : null,
      msc_year: eligibility.basis === 'holds_msc' ? eligibility.mscYear : null,
      equivalence_file_id: eligibility.basis === 'equivalence' ? eligibility.equivalenceFileId : null,
      awarded_on: row.awardedOn,
    })
  }
  return { problems: collector.report(), prepared }
}

/** What each row's date is checked against (awardDateProblem). */
const dateContext = (context: CheckContext) => ({
  today: context.today,
  startDate: context.delivery.start_date,
  history: context.history,
})

/**
 * Checks again, in the saving transaction and holding the delivery's row, that the delivery
 * may still make these awards: it may have been suspended since the rows were checked.
 */
async function stillApproved(trx: Transaction<Database>, context: CheckContext, prepared: Prepared[]) {
  const deliveryId = context.delivery.id
  const state = await lockDeliveryState(trx, deliveryId)
  if (state === undefined || !isOneOf(DELIVERY_STATES, state) || !canAward(state))
    throw new ServiceError('This delivery is not approved, so it cannot make awards', 'deliveryId')
  const now = { ...dateContext(context), history: await deliveryStateHistory(trx, deliveryId) }
  // Each date once: 100,000 rows have a few dates, and checking every row held the event loop
  // for half a second inside the final transaction.
  for (const awardedOn of new Set(prepared.map((row) => row.awarded_on))) {
    const problem = awardDateProblem(awardedOn, now)
    if (problem) throw new ServiceError(problem, 'deliveryId')
  }
}

/** Saves learners and awards in multi-row batches, inside the caller's transaction. */
async function saveRows(
  trx: Transaction<Database>,
  context: CheckContext,
  prepared: Prepared[],
  importId: string | null,
  userId: string | null,
  issue: (trx: Transaction<Database>, awards: AwardToIssue[]) => Promise<void>,
): Promise<{ created: number; unchanged: number }> {
  const { delivery } = context
  await stillApproved(trx, context, prepared)
  let created = 0
  for (let start = 0; start < prepared.length; start += BATCH) {
    const batch = prepared.slice(start, start + BATCH)
    const learners = await repo.upsertLearners(
      trx,
      batch.map(({ awarded_on: _awardedOn, ...learner }) => ({
        ...learner,
        delivery_id: delivery.id,
        organisation_id: delivery.organisation_id,
        created_by: userId,
      })),
    )
    const idOf = new Map(learners.map((l) => [l.email, l.id]))
    const learnerOf = new Map(batch.map((row) => [idOf.get(row.email), row]))
    const inserted = await repo.insertAwards(
      trx,
      batch.map((row) => ({
        learner_id: present(idOf.get(row.email), `the learner upserted for ${row.email}`),
        delivery_id: delivery.id,
        organisation_id: delivery.organisation_id,
        credential_id: delivery.credential_id,
        specification_version_id: delivery.specification_version_id,
        awarded_on: row.awarded_on,
        status: 'active' as const,
        award_import_id: importId,
        created_by: userId,
      })),
    )
    // Each new award's credential is signed and saved with it: none is ever half-issued.
    await issue(
      trx,
      inserted.map((a) => {
        const learner = learnerOf.get(a.learner_id)
        if (!learner) throw new Error(`No learner row for award ${a.id}`)
        return awardToIssue(a.id, a.awarded_on, learner)
      }),
    )
    created += inserted.length
  }
  if (created) await queueStatisticsRefresh(trx)
  return { created, unchanged: prepared.length - created }
}

function toSummary(row: NonNullable<Awaited<ReturnType<typeof repo.findImport>>>): ImportSummary {
  return {
    id: row.id,
    deliveryId: row.delivery_id,
    credentialTitle: row.credential_title,
    source: row.source,
    filename: row.filename,
    state: row.state,
    totalRows: row.total_rows,
    processedRows: row.processed_rows,
    savedRows: row.saved_rows,
    startedAt: row.started_at,
    heartbeatAt: row.heartbeat_at,
    createdCount: row.created_count,
    unchangedCount: row.unchanged_count,
    problemTotal: row.problem_total,
    problemRows: row.problem_rows,
    problemGroups: row.problem_groups.flatMap((g) =>
      isOneOf(PROBLEM_KINDS, g.kind) ? [{ kind: g.kind, rows: g.rows, problems: g.problems }] : [],
    ),
    error: row.error,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  }
}

export function createAwardImportsService(
  db: Kysely<Database>,
  config: Config,
  credentials: AwardCredentialsService,
  clock: Clock,
): AwardImportsService {
  /** Signs each award the batch makes, with what was read before its transaction. */
  async function issuerFor(deliveryId: string) {
    const issuance = await credentials.prepare(deliveryId)
    if (!issuance) throw new Error(`Delivery ${deliveryId} has no published specification version`)
    return (trx: Transaction<Database>, awards: AwardToIssue[]) => credentials.issue(trx, issuance, awards)
  }

  const importActor = (userId: string | null): Actor => ({ userId, label: 'award import', ip: null })

  /**
   * Saves a checked import without holding the database: the awards' credentials are signed
   * on worker threads and written, with the learners and awards, in short transactions, hidden
   * from every reader; then one short transaction makes them all visible at once.
   */
  async function stageAndPublish(
    importId: string,
    context: CheckContext,
    prepared: Prepared[],
    rowsChecked: number,
    actor: Actor,
    run: RunHooks,
  ): Promise<{ created: number; unchanged: number }> {
    const issuance = await credentials.prepare(context.delivery.id)
    if (!issuance) throw new Error(`Delivery ${context.delivery.id} has no published specification version`)
    const rows: staging.StagedRow[] = prepared.map((row, position) => ({
      import_id: importId,
      position,
      award_id: randomUUID(),
      given_name: row.given_name,
      family_name: row.family_name,
      email: row.email,
      profession: row.profession,
      regulator: row.regulator,
      registration_number: row.registration_number,
      eligibility_basis: row.eligibility_basis,
      eligibility_programme_id: row.eligibility_programme_id,
      msc_institution: row.msc_institution,
      msc_year: row.msc_year,
      equivalence_file_id: row.equivalence_file_id,
      awarded_on: row.awarded_on,
    }))
    const toIssue = (row: staging.StagedRow) => awardToIssue(row.award_id, row.awarded_on, row)
    const pool = createSigningPool(signingThreads(!config.databaseUrl))
    try {
      const { listId, indexes } = await credentials.reserveEntries(issuance.organisationId, rows.length)
      const chunks: Array<{ rows: staging.StagedRow[]; signing: Promise<string[]> }> = []
      for (let start = 0; start < rows.length; start += STAGE_CHUNK) {
        const chunk = rows.slice(start, start + STAGE_CHUNK)
        const awards = chunk.map((row, i) => ({
          award: toIssue(row),
          listId,
          index: indexes[start + i] ?? -1,
        }))
        const signing = pool.sign({ baseUrl: config.baseUrl, issuance, awards })
        // Awaited in order below; a failure is seen there.
        signing.catch(() => undefined)
        chunks.push({ rows: chunk, signing })
      }
      let saved = 0
      // From here until the final step, what the import writes is there but hidden.
      await staging.hideImport(db, importId)
      // Taken off the list as they are written, so that their signed credentials (300MB for
      // 100,000) are not all kept until the end.
      for (let n = 0, chunk = chunks.shift(); chunk; n++, chunk = chunks.shift()) {
        if (run.signal?.aborted) throw new Error(`award import ${importId} was stopped`)
        const signed = await chunk.signing
        const start = n * STAGE_CHUNK
        await db.transaction().execute(async (trx) => {
          await credentialsRepo.insertCredentials(
            trx,
            chunk.rows.map((row, i) => ({
              award_id: row.award_id,
              status_list_id: listId,
              status_index: indexes[start + i] ?? -1,
              credential: signed[i] ?? '',
            })),
          )
          await staging.stageRows(trx, importId, context.delivery, actor.userId, chunk.rows)
          saved += chunk.rows.length
          await staging.setSaved(trx, importId, saved)
        })
        await run.heartbeat()
      }
    } finally {
      await pool.close()
    }
    // The final step: short, and all or nothing for every reader.
    const created = await db.transaction().execute(async (trx) => {
      await stillApproved(trx, context, prepared)
      const made = await staging.publishImport(trx, importId, context.delivery.id)
      await queueStatisticsRefresh(trx)
      await repo.finishImport(trx, importId, {
        state: 'completed',
        processed_rows: rowsChecked,
        created_count: made,
        unchanged_count: prepared.length - made,
      })
      await recordAudit(trx, actor, {
        action: 'award_import.completed',
        entityType: 'award_import',
        entityId: importId,
        after: {
          deliveryId: context.delivery.id,
          rows: rowsChecked,
          created: made,
          unchanged: prepared.length - made,
        },
      })
      return made
    })
    return { created, unchanged: prepared.length - created }
  }

  async function processImport(
    row: {
      id: string
      delivery_id: string | null
      source: string
      content: string
      created_by: string | null
    },
    // Progress writes are the import's own sign of life (heartbeat_at).
    run: RunHooks = { heartbeat: () => Promise.resolve() },
  ) {
    const actor = importActor(row.created_by)
    const finish = (outcome: Parameters<typeof repo.finishImport>[2], after: unknown) =>
      db.transaction().execute(async (trx) => {
        await repo.finishImport(trx, row.id, outcome)
        await recordAudit(trx, actor, {
          action: `award_import.${outcome.state}`,
          entityType: 'award_import',
          entityId: row.id,
          after,
        })
      })
    try {
      // A run taken up again starts from a clean state: what an earlier run wrote is thrown away.
      await staging.discardUnpublished(db, row.id)
      await staging.clearStaging(db, row.id)
      const context = row.delivery_id ? await loadContext(db, row.delivery_id, clock.today()) : null
      if (!context) throw new Error(`award import ${row.id} has no delivery`)
      let rows: NumberedRow[]
      if (row.source === 'api') {
        const stored: unknown = JSON.parse(row.content)
        rows = (Array.isArray(stored) ? stored : []).map((award: unknown, index) => ({
          line: index,
          values: apiValues(isRecord(award) ? award : {}),
        }))
      } else {
        const read = await csvRows(row.content)
        if ('problems' in read)
          return await finish(
            { state: 'rejected', problems: read.problems },
            { rejected: read.problems.total },
          )
        rows = read.rows
      }
      await staging.setChecked(db, row.id, 0, rows.length)
      // Progress goes out in statements of its own; no transaction is open while rows are checked.
      const { problems, prepared } = await checkRows(rows, context, async (checked) => {
        await staging.setChecked(db, row.id, checked)
        await run.heartbeat()
      })
      if (problems.total)
        return await finish(
          { state: 'rejected', processed_rows: rows.length, problems },
          { rejected: problems.total, rows: problems.rowsRefused },
        )
      await staging.setChecked(db, row.id, rows.length)
      await stageAndPublish(row.id, context, prepared, rows.length, actor, run)
      await staging.clearStaging(db, row.id)
    } catch (error) {
      // Nothing it wrote was ever visible; it is thrown away before the import says it failed.
      await staging.discardUnpublished(db, row.id)
      await staging.clearStaging(db, row.id)
      await staging.showImport(db, row.id)
      await finish({ state: 'failed', error: FAILED_MESSAGE }, { error: String(error) })
      throw error
    }
  }

  // Imports run here are taken through the job queue, as a worker takes them: a job is leased
  // to one runner at a time, so the same import is never run twice at once.
  const runner = createWorker(db, config, {
    'award-import': (payload, context) => service.runAwardImportJob(payload, context),
  })
  // One run at a time in this process; a run asked for during another runs straight after it.
  let current: Promise<number> | undefined
  let again = false
  async function drain(): Promise<number> {
    let ran = 0
    do {
      again = false
      while (await runner.runOnce()) ran++
    } while (again)
    return ran
  }

  const service: AwardImportsService = {
    async template() {
      const professions = await listProfessionNames(db)
      const example = [
        'Alex',
        'Morgan',
        'alex.morgan@example.org',
        professions[0] ?? 'Nurse',
        'NMC',
        '12A3456E',
        'holds_msc',
        '',
        'University of Leeds',
        '2019',
        // Dates may be written the UK way or as YYYY-MM-DD (parseAwardDate).
        '31/07/2026',
      ]
      return `${AWARD_COLUMNS.join(',')}\r\n${example.map(csvField).join(',')}\r\n`
    },

    async deliveryForUpload(deliveryId, organisationIds) {
      const delivery = await findDelivery(db, deliveryId)
      if (!delivery || !organisationIds.includes(delivery.organisation_id)) return null
      const state = delivery.state
      return {
        id: delivery.id,
        organisationId: delivery.organisation_id,
        credentialTitle: delivery.credential_title,
        versionNumber: delivery.version_number,
        state,
        canAward: canAward(state),
      }
    },

    async queueCsv(delivery, file, actor) {
      if (!delivery.canAward)
        throw new ServiceError('This delivery is not approved, so it cannot make awards', 'file')
      if (!file.content.length) throw new ServiceError('Select a CSV file', 'file')
      if (file.content.length > MAX_CSV_BYTES)
        throw new ServiceError('The selected file must be smaller than 20MB', 'file')
      let content: string
      try {
        content = new TextDecoder('utf-8', { fatal: true }).decode(file.content)
      } catch {
        throw new ServiceError('The selected file must be a CSV file saved as UTF-8', 'file')
      }
      if (content.includes('\0')) throw new ServiceError('The selected file must be a CSV file', 'file')
      return db.transaction().execute(async (trx) => {
        const row = await repo.insertImport(trx, {
          organisation_id: delivery.organisationId,
          delivery_id: delivery.id,
          source: 'csv',
          filename: file.filename,
          content_sha256: sha256(content),
          content,
          total_rows: 0,
          created_by: actor.userId,
        })
        await queueImportJob(trx, row.id)
        return row.id
      })
    },

    async list(organisationIds) {
      if (!organisationIds.length) return []
      return (await repo.listImports(db, organisationIds)).map(toSummary)
    },

    async get(importId, organisationIds) {
      const row = await repo.findImport(db, importId)
      return row && organisationIds.includes(row.organisation_id) ? toSummary(row) : null
    },

    async problems(importId, organisationIds, limit = MAX_STORED_PROBLEMS) {
      const row = await repo.findImport(db, importId)
      if (!row || !organisationIds.includes(row.organisation_id)) return null
      const stored = await repo.listProblems(db, importId, Math.min(limit, MAX_STORED_PROBLEMS))
      return stored.map((p) => ({
        line: p.line,
        kind: isOneOf(PROBLEM_KINDS, p.kind) ? p.kind : 'other',
        field: p.field !== null && isOneOf(AWARD_COLUMNS, p.field) ? p.field : null,
        learnerName: p.learner_name,
        value: p.value,
        message: p.message,
      }))
    },

    async runAwardImportJob(payload, context) {
      const importId = payload.importId
      if (typeof importId !== 'string' || !isUuid(importId))
        throw new Error('An award-import job needs the importId of an import')
      const claimed = await staging.claimImport(db, importId)
      if (!claimed) return
      let last = Date.now()
      await processImport(claimed, {
        async heartbeat() {
          if (Date.now() - last < JOB_HEARTBEAT_MS) return
          last = Date.now()
          await context.heartbeat()
        },
        signal: context.signal,
      })
    },

    runPendingImports() {
      if (current) {
        again = true
        return current
      }
      current = inBackground(drain).finally(() => {
        current = undefined
      })
      return current
    },

    kick(onError = () => undefined) {
      service.runPendingImports().catch(onError)
    },

    async awardBatch(organisationId, request, actor) {
      const requestSha = sha256(JSON.stringify({ deliveryId: request.deliveryId, awards: request.awards }))
      const earlier = await repo.findIdempotentRequest(db, organisationId, request.idempotencyKey)
      if (earlier) {
        if (earlier.request_sha256 !== requestSha) throw new IdempotencyConflict()
        return { outcome: earlier.response, replayed: true }
      }
      const context = await loadContext(db, request.deliveryId, clock.today())
      if (!context || context.delivery.organisation_id !== organisationId)
        throw new ServiceError('There is no delivery with this id for your organisation', 'deliveryId')
      if (!canAward(context.delivery.state))
        throw new ServiceError('This delivery is not approved, so it cannot make awards', 'deliveryId')
      const remember = (trx: Transaction<Database>, outcome: BatchOutcome) =>
        repo.saveIdempotentRequest(trx, {
          organisation_id: organisationId,
          key: request.idempotencyKey,
          request_sha256: requestSha,
          status_code: OUTCOME_STATUS[outcome.kind],
          response: outcome,
        })

      if (request.awards.length > API_SYNC_LIMIT) {
        const content = JSON.stringify(request.awards)
        const outcome = await db.transaction().execute(async (trx) => {
          const row = await repo.insertImport(trx, {
            organisation_id: organisationId,
            delivery_id: context.delivery.id,
            source: 'api',
            filename: null,
            content_sha256: sha256(content),
            content,
            total_rows: request.awards.length,
            created_by: actor.userId,
          })
          const queued: BatchOutcome = { kind: 'queued', importId: row.id }
          await queueImportJob(trx, row.id)
          await remember(trx, queued)
          return queued
        })
        // The route starts the run, so that its errors reach the request's log.
        return { outcome, replayed: false }
      }

      const rows = request.awards.map((award, index) => ({ line: index, values: apiValues(award) }))
      const { problems, prepared } = await checkRows(rows, context)
      const issue = await issuerFor(context.delivery.id)
      const outcome = await db.transaction().execute(async (trx) => {
        if (problems.total) {
          // At most API_SYNC_LIMIT awards: every problem is among those stored.
          const rejected: BatchOutcome = {
            kind: 'rejected',
            rejections: problems.stored.map((r) => ({ index: r.line, reason: r.message })),
          }
          await remember(trx, rejected)
          return rejected
        }
        const counts = await saveRows(trx, context, prepared, null, actor.userId, issue)
        const created: BatchOutcome = { kind: 'created', ...counts }
        await recordAudit(trx, actor, {
          action: 'awards.batch_saved',
          entityType: 'delivery',
          entityId: context.delivery.id,
          after: { awards: prepared.length, ...counts, idempotencyKey: request.idempotencyKey },
        })
        await remember(trx, created)
        return created
      })
      return { outcome, replayed: false }
    },
  }
  return service
}
