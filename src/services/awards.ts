// Learners on a provider's delivery, the basis of their eligibility, single awards, and an
// award's suspension, reinstatement and revocation. An award belongs to the practitioner
// account with the learner's verified e-mail, now or when that e-mail is verified later.
// The rules themselves are in src/domain (shared with the CSV and API imports).
import type { AuditAction } from '../domain/audit-sentences.ts'
import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Config } from '../config.ts'
import type { Database } from '../db/schema.ts'
import type { Clock } from '../domain/clock.ts'
import { REGULATORS, registrationNumberProblem } from '../domain/award-rows.ts'
import { longDate } from '../domain/dates.ts'
import { awardDateProblem } from '../domain/delivery-approval.ts'
import {
  AWARD_STATUS_LABELS,
  AWARD_STATUS_REASON_LABELS,
  AWARD_STATUS_REASONS,
  canAward,
  DELIVERY_STATES,
  ELIGIBILITY_BASES,
  eligibilityGaps,
  isOneOf,
  needsReasonCategory,
  nextAwardStatus,
  type AwardAction,
  type AwardStatus,
  type AwardStatusReason,
  type DeliveryState,
  type EligibilityBasis,
} from '../domain/providers.ts'
import * as repo from '../repositories/awards.ts'
import { deliveryStateHistory, findDelivery, lockDeliveryState } from '../repositories/deliveries.ts'
import { listProgrammes } from '../repositories/programmes.ts'
import { accreditationsOfProgrammes } from './programme-accreditation.ts'
import { recordAudit } from './audit.ts'
import { type FieldProblem, FieldProblems, ServiceError } from './errors.ts'
import { enqueueMail } from './mail.ts'
import { staleRecord, type ProcessActor } from './process.ts'
import { awardToIssue, type AwardCredentialsService } from './award-credentials.ts'
import { listProfessionNames } from '../repositories/professions.ts'
import { isRecord, present } from '../domain/present.ts'
import { queueStatisticsRefresh } from './statistics.ts'

export const MAX_EVIDENCE_BYTES = 5 * 1024 * 1024
export const SUSPENDED_DELIVERY_MESSAGE = 'A suspended delivery cannot make awards until it is reinstated'
export const ALREADY_AWARDED_MESSAGE = 'This learner has already been awarded the credential'

/** The signed-in person and the organisations in which they are provider staff or admin. */
export interface AwardsViewer extends ProcessActor {
  organisationIds: readonly string[]
}

export interface LearnerInput {
  givenName: string
  familyName: string
  email: string
  profession: string
  regulator: string
  registrationNumber: string
}

export interface EligibilityInput {
  basis: string
  programmeId: string
  mscInstitution: string
  mscYear: string
  /** The uploaded evidence for educational equivalence, if one was chosen. */
  evidence: Buffer | null
}

export interface DeliverySummary {
  id: string
  organisationId: string
  organisationName: string
  credentialTitle: string
  credentialSlug: string
  state: DeliveryState
  startDate: string
  canAward: boolean
}

export interface LearnerSummary {
  id: string
  givenName: string
  familyName: string
  email: string
  profession: string
  regulator: string
  registrationNumber: string
  eligibilityBasis: EligibilityBasis | null
  award: { id: string; status: AwardStatus; awardedOn: string } | null
}

export interface LearnerDetail extends LearnerSummary {
  rowVersion: number
  delivery: DeliverySummary
  programmeId: string | null
  mscInstitution: string | null
  mscYear: number | null
  evidence: { id: string; filename: string; contentType: string; sizeBytes: number } | null
  programmes: Array<{ id: string; title: string }>
  /** What stops an award today; empty when nothing does. */
  gaps: string[]
}

export interface AwardSummary {
  id: string
  learnerId: string
  learnerName: string
  email: string
  organisationId: string
  organisationName: string
  credentialTitle: string
  credentialSlug: string
  awardedOn: string
  status: AwardStatus
  statusLabel: string
  statusReason: string | null
  /** The public category of the reason for a suspension or revocation. */
  statusReasonCategory: AwardStatusReason | null
  statusChangedAt: Date | null
  rowVersion: number
  linked: boolean
  eligibilityBasis: EligibilityBasis | null
  /** Whether there is an evidence document of equivalence to download. */
  hasEvidence: boolean
}

export interface AwardsService {
  professions(): Promise<string[]>
  /**
   * The delivery, for the delivering organisation's people; else null. Its learners are a
   * list of their own, a page at a time (ProviderListsService.learners).
   */
  delivery(id: string, viewer: AwardsViewer): Promise<{ delivery: DeliverySummary } | null>
  /** Registers a learner on a delivery that may award; returns the learner's id. */
  registerLearner(deliveryId: string, input: LearnerInput, viewer: AwardsViewer): Promise<string>
  learner(id: string, viewer: AwardsViewer): Promise<LearnerDetail | null>
  recordEligibility(
    learnerId: string,
    rowVersion: number,
    input: EligibilityInput,
    viewer: AwardsViewer,
  ): Promise<void>
  /** The evidence document, for its provider's people and Centre admins; else null. */
  evidence(
    learnerId: string,
    viewer: AwardsViewer,
  ): Promise<{ filename: string; contentType: string; content: Uint8Array } | null>
  /** Awards the delivery's credential to the learner; returns the award's id. */
  award(learnerId: string, awardedOn: string, viewer: AwardsViewer): Promise<string>
  listAwards(viewer: AwardsViewer, status?: AwardStatus): Promise<AwardSummary[]>
  getAward(id: string, viewer: AwardsViewer): Promise<AwardSummary | null>
  /**
   * Suspends, reinstates or revokes an award. Suspending and revoking need `reasonCategory`, one
   * of AWARD_STATUS_REASONS: the public category a verifier may show. `reason` stays private.
   */
  /** Checks a change of status without making it, for the page that asks to confirm it. */
  checkAwardStatusChange(
    id: string,
    action: AwardAction,
    reason: string,
    viewer: AwardsViewer,
    reasonCategory?: string,
  ): Promise<void>
  changeAwardStatus(
    id: string,
    rowVersion: number,
    action: AwardAction,
    reason: string,
    viewer: AwardsViewer,
    reasonCategory?: string,
  ): Promise<AwardStatus>
  /** A practitioner's own awards. */
  myAwards(userId: string): Promise<AwardSummary[]>
}

const isCentreAdmin = (viewer: AwardsViewer) => viewer.roles.includes('centre_admin')
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const MAX_NAME = 100

/** The type of a document from its first bytes, whatever its name says; null if not allowed. */
export function evidenceType(content: Uint8Array): { contentType: string; extension: string } | null {
  const starts = (bytes: number[]) => bytes.every((b, i) => content[i] === b)
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return { contentType: 'application/pdf', extension: 'pdf' }
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return { contentType: 'image/png', extension: 'png' }
  if (starts([0xff, 0xd8, 0xff])) return { contentType: 'image/jpeg', extension: 'jpg' }
  return null
}

/**
 * Why the delivery cannot make an award dated `awardedOn`, now: it must be approved now, and
 * the date must pass the one rule for award dates (awardDateProblem in
 * src/domain/delivery-approval.ts, also applied to CSV uploads and the API): today or in the
 * past, not before the delivery started, and inside an approval in its history. In a
 * transaction it holds the delivery's row, so a suspension cannot slip in before the award
 * is saved. An award dated inside an earlier approval is still refused while the delivery is
 * suspended: it waits for the reinstatement, and even then a date inside the suspension is refused.
 */
async function approvalRefusal(
  db: Parameters<typeof deliveryStateHistory>[0],
  delivery: { id: string; start_date: string },
  awardedOn: string,
  day: string,
): Promise<string | null> {
  const state = await lockDeliveryState(db, delivery.id)
  if (state === 'suspended') return SUSPENDED_DELIVERY_MESSAGE
  if (state === undefined || !isOneOf(DELIVERY_STATES, state) || !canAward(state))
    return 'Only an approved delivery can make awards'
  return awardDateProblem(awardedOn, {
    today: day,
    startDate: delivery.start_date,
    history: await deliveryStateHistory(db, delivery.id),
  })
}

type DeliveryRow = NonNullable<Awaited<ReturnType<typeof findDelivery>>>
type LearnerRow = NonNullable<Awaited<ReturnType<typeof repo.findLearner>>>
type AwardRow = NonNullable<Awaited<ReturnType<typeof repo.findAward>>>

function toDelivery(row: DeliveryRow): DeliverySummary {
  const state = row.state
  return {
    id: row.id,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    credentialTitle: row.credential_title,
    credentialSlug: row.credential_slug,
    state,
    startDate: row.start_date,
    canAward: canAward(state),
  }
}

function toLearner(row: LearnerRow): LearnerSummary {
  return {
    id: row.id,
    givenName: row.given_name,
    familyName: row.family_name,
    email: row.email,
    profession: row.profession,
    regulator: row.regulator,
    registrationNumber: row.registration_number,
    eligibilityBasis: row.eligibility_basis,
    award:
      row.award_id && row.award_status && row.awarded_on
        ? { id: row.award_id, status: row.award_status, awardedOn: row.awarded_on }
        : null,
  }
}

function toAward(row: AwardRow): AwardSummary {
  const status = row.status
  return {
    id: row.id,
    learnerId: row.learner_id,
    learnerName: `${row.given_name} ${row.family_name}`,
    email: row.email,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    credentialTitle: row.credential_title,
    credentialSlug: row.credential_slug,
    awardedOn: row.awarded_on,
    status,
    statusLabel: AWARD_STATUS_LABELS[status],
    statusReason: row.status_reason,
    statusReasonCategory: row.status_reason_category,
    statusChangedAt: row.status_changed_at,
    rowVersion: row.row_version,
    linked: row.practitioner_id !== null,
    eligibilityBasis: row.eligibility_basis,
    hasEvidence: row.equivalence_file_id !== null,
  }
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  if (!isRecord(error) || error.code !== '23505') return false
  return (
    error.constraint === constraint ||
    (typeof error.message === 'string' && error.message.includes(constraint))
  )
}

/** The provider's programmes with the Centre's decisions on each: what eligibility reads. */
async function programmeRules(db: Kysely<Database>, rows: Awaited<ReturnType<typeof listProgrammes>>) {
  const accreditations = await accreditationsOfProgrammes(
    db,
    rows.map((p) => p.id),
  )
  return rows.map((p) => ({ id: p.id, accreditations: accreditations.get(p.id) ?? [] }))
}

function eligibilityOf(row: LearnerRow) {
  return {
    basis: row.eligibility_basis,
    programmeId: row.eligibility_programme_id,
    mscInstitution: row.msc_institution,
    mscYear: row.msc_year,
    equivalenceFileId: row.equivalence_file_id,
  }
}

const AWARD_ACTION_WORDS: Record<AwardAction, { audit: AuditAction; past: string }> = {
  suspend: { audit: 'award.suspended', past: 'suspended' },
  reinstate: { audit: 'award.reinstated', past: 'reinstated' },
  revoke: { audit: 'award.revoked', past: 'revoked' },
}

export function createAwardsService(
  db: Kysely<Database>,
  config: Config,
  credentials: AwardCredentialsService,
  clock: Clock,
): AwardsService {
  /** Award dates are days in Europe/London. */
  const today = () => clock.today()

  /** A learner of one of the viewer's organisations, or null: others' learners do not exist here. */
  async function ownLearner(id: string, viewer: AwardsViewer) {
    const row = await repo.findLearner(db, id)
    return row && viewer.organisationIds.includes(row.organisation_id) ? row : null
  }

  function mayManageAward(row: { organisation_id: string }, viewer: AwardsViewer) {
    return isCentreAdmin(viewer) || viewer.organisationIds.includes(row.organisation_id)
  }

  /** The award and the change asked for, checked: the confirmation page and the change share it. */
  async function checkStatusChange(
    id: string,
    action: AwardAction,
    reasonInput: string,
    viewer: AwardsViewer,
    categoryInput: string,
  ) {
    const row = await repo.findAward(db, id)
    if (!row || !mayManageAward(row, viewer)) throw new ServiceError('Award not found')
    const reason = reasonInput.trim()
    const problems: FieldProblem[] = []
    let reasonCategory: AwardStatusReason | null = null
    if (needsReasonCategory(action)) {
      if (isOneOf(AWARD_STATUS_REASONS, categoryInput)) reasonCategory = categoryInput
      else
        problems.push({
          field: 'reasonCategory',
          text: `Select why the award is being ${AWARD_ACTION_WORDS[action].past}`,
        })
    }
    if (!reason) problems.push({ field: 'reason', text: 'Enter the reason' })
    else if (reason.length > 2000)
      problems.push({ field: 'reason', text: 'Reason must be 2,000 characters or fewer' })
    if (problems.length) throw new FieldProblems(problems)
    const next = nextAwardStatus(row.status, action)
    if ('refused' in next) throw new ServiceError(next.refused, 'reason')
    return { row, reason, reasonCategory, next }
  }

  return {
    async professions() {
      return await listProfessionNames(db)
    },

    async delivery(id, viewer) {
      const row = await findDelivery(db, id)
      if (!row || !viewer.organisationIds.includes(row.organisation_id)) return null
      return { delivery: toDelivery(row) }
    },

    async registerLearner(deliveryId, input, viewer) {
      const delivery = await findDelivery(db, deliveryId)
      if (!delivery || !viewer.organisationIds.includes(delivery.organisation_id))
        throw new ServiceError('Delivery not found')
      const state = delivery.state
      if (!canAward(state))
        throw new ServiceError(
          state === 'suspended'
            ? 'A suspended delivery cannot register learners until it is reinstated'
            : 'Learners can only be registered on an approved delivery',
          'givenName',
        )
      const professions = await listProfessionNames(db)
      const problems: FieldProblem[] = []
      const add = (field: string, text: string) => problems.push({ field, text })
      const givenName = input.givenName.trim()
      const familyName = input.familyName.trim()
      const email = input.email.trim().toLowerCase()
      if (!givenName) add('givenName', 'Enter the learner’s given name')
      else if (givenName.length > MAX_NAME)
        add('givenName', `Given name must be ${MAX_NAME} characters or fewer`)
      if (!familyName) add('familyName', 'Enter the learner’s family name')
      else if (familyName.length > MAX_NAME)
        add('familyName', `Family name must be ${MAX_NAME} characters or fewer`)
      if (!email) add('email', 'Enter the learner’s email address')
      else if (!EMAIL.test(email) || email.length > 254)
        add('email', 'Enter an email address in the correct format, like name@example.com')
      if (!professions.includes(input.profession)) add('profession', 'Select the learner’s profession')
      const regulator = isOneOf(REGULATORS, input.regulator) ? input.regulator : null
      if (!regulator) add('regulator', 'Select the learner’s regulator')
      else {
        const problem = registrationNumberProblem(regulator, input.registrationNumber)
        if (problem) add('registrationNumber', problem)
      }
      if (problems.length) throw new FieldProblems(problems)
      const alreadyMessage = 'A learner with this email address is already registered on this delivery'
      try {
        return await db.transaction().execute(async (trx) => {
          if (await repo.learnerWithEmailOnDelivery(trx, deliveryId, email))
            throw new ServiceError(alreadyMessage, 'email')
          const { id } = await repo.insertLearner(trx, {
            delivery_id: deliveryId,
            organisation_id: delivery.organisation_id,
            given_name: givenName,
            family_name: familyName,
            email,
            profession: input.profession,
            regulator: input.regulator,
            registration_number: input.registrationNumber.trim().toUpperCase(),
            created_by: viewer.userId,
          })
          await recordAudit(trx, viewer, {
            action: 'learner.registered',
            entityType: 'learner',
            entityId: id,
            after: { deliveryId, email, profession: input.profession, regulator },
          })
          return id
        })
      } catch (error) {
        if (isUniqueViolation(error, 'learner_once_a_delivery'))
          throw new ServiceError(alreadyMessage, 'email')
        throw error
      }
    },

    async learner(id, viewer) {
      const row = await ownLearner(id, viewer)
      if (!row) return null
      const [delivery, programmes, evidence] = await Promise.all([
        findDelivery(db, row.delivery_id),
        listProgrammes(db, row.organisation_id),
        row.equivalence_file_id ? repo.evidenceFileSummary(db, row.equivalence_file_id) : undefined,
      ])
      const day = today()
      return {
        ...toLearner(row),
        rowVersion: row.row_version,
        delivery: toDelivery(present(delivery, 'the delivery of a visible learner')),
        programmeId: row.eligibility_programme_id,
        mscInstitution: row.msc_institution,
        mscYear: row.msc_year,
        evidence: evidence
          ? {
              id: evidence.id,
              filename: evidence.filename,
              contentType: evidence.content_type,
              sizeBytes: evidence.size_bytes,
            }
          : null,
        programmes: programmes.map((p) => ({ id: p.id, title: p.title })),
        gaps: eligibilityGaps(eligibilityOf(row), {
          awardedOn: day,
          programmes: await programmeRules(db, programmes),
          thisYear: Number(day.slice(0, 4)),
        }),
      }
    },

    async recordEligibility(learnerId, rowVersion, input, viewer) {
      const row = await ownLearner(learnerId, viewer)
      if (!row) throw new ServiceError('Learner not found')
      if (row.award_id)
        throw new ServiceError('The learner has been awarded: their eligibility cannot change', 'basis')
      const problems: FieldProblem[] = []
      const add = (field: string, text: string) => problems.push({ field, text })
      if (!isOneOf(ELIGIBILITY_BASES, input.basis)) {
        throw new FieldProblems([{ field: 'basis', text: 'Select the basis of the learner’s eligibility' }])
      }
      const basis: EligibilityBasis = input.basis
      const programmes = await listProgrammes(db, row.organisation_id)
      const thisYear = Number(today().slice(0, 4))
      let programmeId: string | null = null
      let mscInstitution: string | null = null
      let mscYear: number | null = null
      let file: { content: Buffer; contentType: string; extension: string } | null = null
      if (basis === 'enrolled_msc') {
        if (!programmes.some((p) => p.id === input.programmeId))
          add('programmeId', 'Select the accredited MSc programme the learner is enrolled on')
        else programmeId = input.programmeId
      } else if (basis === 'holds_msc') {
        mscInstitution = input.mscInstitution.trim()
        if (!mscInstitution) add('mscInstitution', 'Enter the institution that awarded the MSc')
        else if (mscInstitution.length > 200)
          add('mscInstitution', 'Institution must be 200 characters or fewer')
        const year = input.mscYear.trim()
        if (!year) add('mscYear', 'Enter the year the MSc was awarded')
        else if (!/^\d{4}$/.test(year)) add('mscYear', 'Year the MSc was awarded must be a year, like 2021')
        else if (Number(year) < 1950 || Number(year) > thisYear)
          add('mscYear', `Year the MSc was awarded must be between 1950 and ${thisYear}`)
        else mscYear = Number(year)
      } else {
        const content = input.evidence
        if (!content?.length) {
          if (!row.equivalence_file_id) add('evidence', 'Select the evidence of educational equivalence')
        } else if (content.length > MAX_EVIDENCE_BYTES)
          add('evidence', 'The selected file must be smaller than 5MB')
        else {
          const type = evidenceType(content)
          if (!type) add('evidence', 'The selected file must be a PDF, PNG or JPEG')
          else file = { content, ...type }
        }
      }
      if (problems.length) throw new FieldProblems(problems)
      await db.transaction().execute(async (trx) => {
        let equivalenceFileId = basis === 'equivalence' ? row.equivalence_file_id : null
        if (file) {
          const saved = await repo.insertEvidenceFile(trx, {
            organisation_id: row.organisation_id,
            filename: `equivalence-evidence-${row.family_name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.${file.extension}`,
            content_type: file.contentType,
            size_bytes: file.content.length,
            sha256: createHash('sha256').update(file.content).digest('hex'),
            content: file.content,
            uploaded_by: viewer.userId,
          })
          equivalenceFileId = saved.id
        }
        const changed = await repo.updateLearner(trx, learnerId, rowVersion, {
          eligibility_basis: basis,
          eligibility_programme_id: programmeId,
          msc_institution: mscInstitution,
          msc_year: mscYear,
          equivalence_file_id: equivalenceFileId,
        })
        if (!changed) throw staleRecord('basis')
        await recordAudit(trx, viewer, {
          action: 'learner.eligibility_recorded',
          entityType: 'learner',
          entityId: learnerId,
          before: { basis: row.eligibility_basis },
          after: { basis, programmeId, mscInstitution, mscYear, equivalenceFileId },
        })
      })
    },

    async evidence(learnerId, viewer) {
      const row = await repo.findLearner(db, learnerId)
      if (!row?.equivalence_file_id) return null
      if (!isCentreAdmin(viewer) && !viewer.organisationIds.includes(row.organisation_id)) return null
      const file = await repo.findEvidenceFile(db, row.equivalence_file_id)
      if (!file) return null
      return { filename: file.filename, contentType: file.content_type, content: file.content }
    },

    async award(learnerId, awardedOn, viewer) {
      const row = await ownLearner(learnerId, viewer)
      if (!row) throw new ServiceError('Learner not found')
      if (row.award_id) throw new ServiceError(ALREADY_AWARDED_MESSAGE, 'awardedOn')
      const delivery = present(await findDelivery(db, row.delivery_id), 'the delivery of a visible learner')
      const state = delivery.state
      if (state === 'suspended') throw new ServiceError(SUSPENDED_DELIVERY_MESSAGE, 'awardedOn')
      if (!canAward(state)) throw new ServiceError('Only an approved delivery can make awards', 'awardedOn')
      const day = today()
      const programmes = await listProgrammes(db, row.organisation_id)
      const gaps = eligibilityGaps(eligibilityOf(row), {
        awardedOn,
        programmes: await programmeRules(db, programmes),
        thisYear: Number(day.slice(0, 4)),
      })
      const refusal = await approvalRefusal(db, delivery, awardedOn, day)
      if (refusal || gaps.length)
        throw new FieldProblems([
          ...(refusal ? [{ field: 'awardedOn', text: refusal }] : []),
          ...gaps.map((text) => ({ field: 'eligibility', text })),
        ])
      // Read before the transaction: the award and its signed credential are saved together.
      const issuance = await credentials.prepare(delivery.id)
      if (!issuance)
        throw new ServiceError('The delivery’s specification version is not published', 'awardedOn')
      try {
        return await db.transaction().execute(async (trx) => {
          // Again under the delivery's lock: it may have been suspended since the check above.
          const changed = await approvalRefusal(trx, delivery, awardedOn, day)
          if (changed) throw new ServiceError(changed, 'awardedOn')
          const practitionerId = await repo.verifiedAccountWithEmail(trx, row.email)
          const { id } = await repo.insertAward(trx, {
            learner_id: learnerId,
            delivery_id: delivery.id,
            organisation_id: delivery.organisation_id,
            credential_id: delivery.credential_id,
            specification_version_id: delivery.specification_version_id,
            awarded_on: awardedOn,
            status: 'active',
            practitioner_id: practitionerId,
            created_by: viewer.userId,
          })
          await credentials.issue(trx, issuance, [awardToIssue(id, awardedOn, row)])
          await queueStatisticsRefresh(trx)
          await recordAudit(trx, viewer, {
            action: 'award.made',
            entityType: 'award',
            entityId: id,
            after: { learnerId, deliveryId: delivery.id, awardedOn, practitionerId },
          })
          await enqueueMail(trx, {
            to: row.email,
            subject: `You have been awarded ${delivery.credential_title}`,
            text: `${delivery.organisation_name} has awarded you the credential ${delivery.credential_title}, on ${longDate(awardedOn)}.\n\nCreate an account or sign in with this email address to see it: ${config.baseUrl}/my/awards`,
          })
          return id
        })
      } catch (error) {
        if (isUniqueViolation(error, 'award_once_a_learner'))
          throw new ServiceError(ALREADY_AWARDED_MESSAGE, 'awardedOn')
        throw error
      }
    },

    async listAwards(viewer, status) {
      const rows = await repo.listAwards(db, {
        organisationIds: isCentreAdmin(viewer) ? 'all' : viewer.organisationIds,
        ...(status ? { status } : {}),
      })
      return rows.map(toAward)
    },

    async getAward(id, viewer) {
      const row = await repo.findAward(db, id)
      return row && mayManageAward(row, viewer) ? toAward(row) : null
    },

    async checkAwardStatusChange(id, action, reasonInput, viewer, categoryInput = '') {
      await checkStatusChange(id, action, reasonInput, viewer, categoryInput)
    },

    async changeAwardStatus(id, rowVersion, action, reasonInput, viewer, categoryInput = '') {
      const { row, reason, reasonCategory, next } = await checkStatusChange(
        id,
        action,
        reasonInput,
        viewer,
        categoryInput,
      )
      const words = AWARD_ACTION_WORDS[action]
      await db.transaction().execute(async (trx) => {
        const changed = await repo.updateAwardStatus(trx, id, rowVersion, {
          status: next.status,
          reason,
          reasonCategory,
          changedBy: viewer.userId,
          changedAt: clock.now(),
        })
        if (!changed) throw staleRecord('reason')
        await queueStatisticsRefresh(trx)
        await recordAudit(trx, viewer, {
          action: words.audit,
          entityType: 'award',
          entityId: id,
          before: { status: row.status, reasonCategory: row.status_reason_category },
          after: { status: next.status, reason, reasonCategory },
        })
        const shown = reasonCategory
          ? `\n\nAnyone who checks the award is told it was ${words.past} on that date: "${AWARD_STATUS_REASON_LABELS[reasonCategory]}". The reason below is not shown to them.`
          : ''
        await enqueueMail(trx, {
          to: row.email,
          subject: `Your award of ${row.credential_title} has been ${words.past}`,
          text: `Your award of the credential ${row.credential_title} from ${row.organisation_name} has been ${words.past}.${shown}\n\nReason: ${reason}\n\nIf you have questions, contact ${row.organisation_name}.`,
        })
      })
      return next.status
    },

    async myAwards(userId) {
      return (await repo.listAwards(db, { organisationIds: 'all', practitionerId: userId })).map(toAward)
    },
  }
}
