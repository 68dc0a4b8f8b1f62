// The ePortfolio (supported) route (docs/eportfolio-route.md): a practitioner registers, invites
// a supervisor by e-mail, adds evidence mapped to the framework's capabilities, and submits once
// the supervisor has signed it off; the Centre assigns two assessors, who declare their
// interests and judge each capability; the Centre moderates disagreements and decides. Every
// rule is the domain's (src/domain/eportfolio.ts); this module reads the rows, asks it, and
// writes the change, the timeline entry, the audit event and the e-mails in one transaction.
//
// Privacy: the evidence is shown to the practitioner, their supervisor, the assessors of the
// current submission and Centre admins only, and each time anyone but the practitioner opens
// it, the audit trail records it.
import type { Kysely, Transaction } from 'kysely'
import type { Config } from '../config.ts'
import type { Clock } from '../domain/clock.ts'
import { longDate } from '../domain/dates.ts'
import {
  applyEportfolio,
  assessmentVerdict,
  BUILDING_STATES,
  CAPABILITY_JUDGEMENT_LABELS,
  coverage,
  EPORTFOLIO_OUTCOME_LABELS,
  EPORTFOLIO_STATE_LABELS,
  EXTENSION_STATE_LABELS,
  extensionProblem,
  FINAL_STATES,
  isCapabilityJudgement,
  isEvidenceKind,
  stepDueOn,
  stepReminderDue,
  STEP_DEADLINES,
  type Assessment,
  type AssessmentVerdict,
  type CapabilityJudgement,
  type CapabilityMark,
  type EportfolioAction,
  type EportfolioOutcome,
  type EportfolioRecord,
  type EportfolioState,
  type EvidenceKind,
  type ExtensionState,
  type TestimonialState,
} from '../domain/eportfolio.ts'
import type { AuditAction } from '../domain/audit-sentences.ts'
import type { Database } from '../db/schema.ts'
import * as awardsRepo from '../repositories/awards.ts'
import * as cpdRepo from '../repositories/cpd-activities.ts'
import * as repo from '../repositories/eportfolios.ts'
import * as referenceRepo from '../repositories/reference.ts'
import { listPeopleWithRole } from '../repositories/role-grants.ts'
import { findUserById } from '../repositories/user-accounts.ts'
import { recordAudit } from './audit.ts'
import { FieldProblems, NotFound, ServiceError } from './errors.ts'
import { enqueueMail } from './mail.ts'
import { domainActor, refused, staleRecord, tell, tellRole, type ProcessActor } from './process.ts'
import { hashToken, newToken } from './tokens.ts'

/** How long the links e-mailed to a supervisor or a colleague work. */
export const LINK_DAYS = 28
const MAX_TITLE = 200
const MAX_TEXT = 10_000
const MAX_NOTE = 2_000
export const PAGE_SIZE = 25

/** Who is looking at a portfolio, which decides what they see and may do. */
export type Viewer = 'practitioner' | 'supervisor' | 'assessor' | 'centre_admin'

export interface EvidenceItem {
  id: string
  kind: EvidenceKind
  title: string
  body: string
  colleagueName: string | null
  colleagueEmail: string | null
  testimonialState: TestimonialState | null
  /** The CPD activity's or the credential's name, for those kinds. */
  source: string | null
  addedOn: string
  /** Whether it counts towards coverage (a testimonial counts once the colleague confirms it). */
  counts: boolean
  mappings: Array<{ code: string; label: string; note: string }>
}

export interface CoverageRow {
  code: string
  label: string
  count: number
}

export interface CoveragePillar {
  code: string
  name: string
  covered: number
  total: number
  capabilities: CoverageRow[]
}

export interface AssessmentView {
  assessorId: string
  assessorName: string
  conflict: Assessment['conflict']
  completed: boolean
  judgements: Record<string, CapabilityMark | undefined>
  rowVersion: number
}

export interface EportfolioView {
  id: string
  state: EportfolioState
  stateLabel: { text: string; colour: string }
  practitionerName: string
  supervisorName: string | null
  registeredOn: string
  dueOn: string | null
  attempt: number
  rowVersion: number
  viewer: Viewer
  evidence: EvidenceItem[]
  pillars: CoveragePillar[]
  missing: string[]
  complete: boolean
  invitation: { name: string; email: string; expiresAt: Date } | null
  comments: Array<{ author: string; body: string; at: Date }>
  timeline: Array<{ summary: string; reason: string | null; actor: string; at: Date }>
  assessments: AssessmentView[]
  verdict: AssessmentVerdict
  moderation: Record<string, CapabilityMark | undefined>
  feedback: Record<string, string>
  resubmitBy: string | null
  extensions: ExtensionView[]
  /** The request the Centre has still to decide, if any. */
  openExtension: ExtensionView | null
  /** The capabilities in the framework's order, with their labels. */
  capabilities: Array<{ code: string; label: string; pillarCode: string }>
}

export interface EportfolioSummary {
  id: string
  practitionerName: string
  supervisorName: string | null
  state: EportfolioState
  stateLabel: { text: string; colour: string }
  dueOn: string | null
}

export interface EvidenceInput {
  kind: string
  title: string
  body: string
  colleagueName: string
  colleagueEmail: string
  cpdActivityId: string
  awardId: string
  /** Capability code → the note saying how the item shows it; only ticked capabilities. */
  mappings: ReadonlyArray<{ code: string; note: string }>
}

export interface ExtensionDecision {
  decision: 'granted' | 'refused'
  note: string
}

export interface ExtensionView {
  state: ExtensionState
  stateLabel: { text: string; colour: string }
  dueOn: string
  requestedUntil: string
  reason: string
  requestedOn: string
  decidedBy: string | null
  decidedOn: string | null
  decisionNote: string | null
}

export interface DecisionInput {
  outcome: EportfolioOutcome
  resubmitBy: string | null
  feedback: Record<string, string>
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

type Row = NonNullable<Awaited<ReturnType<typeof repo.findEportfolio>>>
type Trx = Transaction<Database>

function marks(value: unknown): Record<string, CapabilityMark | undefined> {
  const out: Record<string, CapabilityMark | undefined> = {}
  if (typeof value !== 'object' || value === null) return out
  for (const [code, mark] of Object.entries(value)) {
    if (typeof mark !== 'object' || mark === null) continue
    const judgement: unknown = Reflect.get(mark, 'judgement')
    const comment: unknown = Reflect.get(mark, 'comment')
    if (isCapabilityJudgement(judgement)) {
      out[code] = { judgement, comment: typeof comment === 'string' ? comment : '' }
    }
  }
  return out
}

function texts(value: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (typeof value !== 'object' || value === null) return out
  for (const [key, text] of Object.entries(value)) if (typeof text === 'string') out[key] = text
  return out
}

export interface EportfolioService {
  /** The practitioner's own route, or null before they register. */
  mine(actor: ProcessActor): Promise<EportfolioView | null>
  register(actor: ProcessActor): Promise<void>
  /** A portfolio as someone else sees it (supervisor, assessor, Centre admin); audited. */
  view(id: string, actor: ProcessActor): Promise<EportfolioView>
  /** Whether there is an ePortfolio with that id (before a form about it is read). */
  exists(id: string): Promise<boolean>
  inviteSupervisor(
    actor: ProcessActor,
    rowVersion: number,
    input: { name: string; email: string },
  ): Promise<void>
  /** Who invited the holder of the link, or null when the link does not work (used, expired, unknown). */
  invitation(token: string): Promise<{ practitionerName: string } | null>
  acceptSupervision(token: string, actor: ProcessActor): Promise<string>
  /** The CPD activities and credentials the practitioner can add as evidence. */
  evidenceSources(actor: ProcessActor): Promise<{
    activities: Array<{ id: string; title: string }>
    awards: Array<{ id: string; title: string }>
  }>
  addEvidence(actor: ProcessActor, rowVersion: number, input: EvidenceInput): Promise<void>
  removeEvidence(actor: ProcessActor, rowVersion: number, evidenceId: string): Promise<void>
  testimonial(
    token: string,
  ): Promise<{ practitionerName: string; colleagueName: string; title: string; body: string } | null>
  confirmTestimonial(token: string): Promise<void>
  comment(id: string, actor: ProcessActor, body: string): Promise<void>
  signOff(id: string, actor: ProcessActor, rowVersion: number): Promise<void>
  submit(actor: ProcessActor, rowVersion: number): Promise<void>
  withdraw(id: string, actor: ProcessActor, rowVersion: number, reason: string): Promise<void>
  supervised(actor: ProcessActor, page: number): Promise<{ rows: EportfolioSummary[]; total: number }>
  assessing(actor: ProcessActor): Promise<EportfolioSummary[]>
  list(filter: {
    state?: EportfolioState
    words?: string
    page: number
  }): Promise<{ rows: EportfolioSummary[]; total: number }>
  assessors(): Promise<Array<{ id: string; name: string }>>
  assignAssessor(id: string, actor: ProcessActor, rowVersion: number, assessorId: string): Promise<void>
  declareInterests(id: string, actor: ProcessActor, hasConflict: boolean, note: string): Promise<void>
  judge(
    id: string,
    actor: ProcessActor,
    judgements: ReadonlyArray<{ code: string; judgement: string; comment: string }>,
    complete: boolean,
  ): Promise<void>
  moderate(
    id: string,
    actor: ProcessActor,
    rowVersion: number,
    judgements: ReadonlyArray<{ code: string; judgement: string; comment: string }>,
  ): Promise<void>
  /** Checks a decision without recording it, for the confirmation page. */
  checkDecision(
    id: string,
    actor: ProcessActor,
    rowVersion: number,
    input: DecisionInput,
  ): Promise<EportfolioView>
  decide(id: string, actor: ProcessActor, rowVersion: number, input: DecisionInput): Promise<void>
  requestExtension(
    actor: ProcessActor,
    rowVersion: number,
    input: { until: string; reason: string },
  ): Promise<void>
  /** Checks a decision on the open extension request without recording it, for the confirmation page. */
  checkExtension(id: string, actor: ProcessActor, input: ExtensionDecision): Promise<EportfolioView>
  decideExtension(
    id: string,
    actor: ProcessActor,
    rowVersion: number,
    input: ExtensionDecision,
  ): Promise<void>
  /** Sends the reminders of steps' deadlines owed on `today` (the 'reminders' job); returns how many. */
  sendDueReminders(today: string): Promise<number>
}

export function createEportfolioService(
  db: Kysely<Database>,
  config: Config,
  clock: Clock,
): EportfolioService {
  const link = (path: string) => `${config.baseUrl}${path}`

  async function capabilities(trx: Kysely<Database>) {
    const [pillars, caps] = await Promise.all([
      referenceRepo.listPillars(trx),
      referenceRepo.listCapabilities(trx),
    ])
    return { pillars, caps }
  }

  /** The record the domain judges, from the rows. */
  async function recordOf(
    trx: Kysely<Database>,
    row: Row,
  ): Promise<{ record: EportfolioRecord; view: EportfolioView }> {
    const [
      { pillars, caps },
      evidenceRows,
      mappingRows,
      assessmentRows,
      comments,
      events,
      invitation,
      extensionRows,
    ] = await Promise.all([
      capabilities(trx),
      repo.evidenceOf(trx, row.id),
      repo.mappingsOf(trx, row.id),
      repo.assessmentsOf(trx, row.id, row.attempt),
      repo.commentsOf(trx, row.id),
      repo.eventsOf(trx, row.id),
      repo.openInvitation(trx, row.id, clock.now()),
      repo.extensionsOf(trx, row.id),
    ])
    const labelOf = new Map(caps.map((c) => [c.code, c.label]))
    const counts = (kind: EvidenceKind, state: TestimonialState | null) =>
      kind !== 'testimonial' || state === 'confirmed'
    const cover = coverage(
      caps.map((c) => ({ code: c.code, pillarCode: c.pillar_code })),
      mappingRows.map((m) => ({
        capabilityCode: m.capability_code,
        counts: counts(m.kind, m.testimonial_state),
      })),
    )
    const codes = caps.map((c) => c.code)
    const assessments: AssessmentView[] = assessmentRows.map((a) => ({
      assessorId: a.assessor_id,
      assessorName: a.assessor_name,
      conflict: a.conflict,
      completed: a.completed,
      judgements: marks(a.judgements),
      rowVersion: a.row_version,
    }))
    const moderation = marks(row.moderation)
    const record: EportfolioRecord = {
      state: row.state,
      practitionerId: row.practitioner_id,
      supervisorId: row.supervisor_id,
      capabilityCodes: codes,
      uncovered: cover.missing,
      assessments: assessments.map((a) => ({
        assessorId: a.assessorId,
        conflict: a.conflict,
        judgements: a.judgements,
        completed: a.completed,
      })),
      moderation,
      resubmitBy: row.resubmit_by,
    }
    const view: EportfolioView = {
      id: row.id,
      state: row.state,
      stateLabel: EPORTFOLIO_STATE_LABELS[row.state],
      practitionerName: row.practitioner_name,
      supervisorName: row.supervisor_name,
      registeredOn: row.registered_on,
      dueOn: stepDueOn(row.state, row.step_started_on, row.resubmit_by, row.extended_to),
      attempt: row.attempt,
      rowVersion: row.row_version,
      viewer: 'practitioner',
      evidence: evidenceRows.map((e) => ({
        id: e.id,
        kind: e.kind,
        title: e.title,
        body: e.body,
        colleagueName: e.colleague_name,
        colleagueEmail: e.colleague_email,
        testimonialState: e.testimonial_state,
        source: e.activity_title ?? e.credential_title ?? null,
        addedOn: e.added_on,
        counts: counts(e.kind, e.testimonial_state),
        mappings: mappingRows
          .filter((m) => m.evidence_id === e.id)
          .map((m) => ({
            code: m.capability_code,
            label: labelOf.get(m.capability_code) ?? m.capability_code,
            note: m.note,
          }))
          .sort((a, b) => codes.indexOf(a.code) - codes.indexOf(b.code)),
      })),
      pillars: pillars.map((p) => {
        const own = caps.filter((c) => c.pillar_code === p.code)
        const tally = cover.pillars.find((t) => t.pillarCode === p.code)
        return {
          code: p.code,
          name: p.name,
          covered: tally?.covered ?? 0,
          total: tally?.total ?? 0,
          capabilities: own.map((c) => ({ code: c.code, label: c.label, count: cover.counts[c.code] ?? 0 })),
        }
      }),
      missing: cover.missing,
      complete: cover.complete,
      invitation: invitation
        ? { name: invitation.name, email: invitation.email, expiresAt: invitation.expires_at }
        : null,
      comments: comments.map((c) => ({ author: c.author_label, body: c.body, at: c.created_at })),
      timeline: events.map((e) => ({
        summary: e.summary,
        reason: e.reason,
        actor: e.actor_label,
        at: e.occurred_at,
      })),
      assessments,
      verdict: assessmentVerdict(codes, record.assessments, moderation),
      moderation,
      feedback: texts(row.feedback),
      resubmitBy: row.resubmit_by,
      extensions: extensionRows.map((x) => ({
        state: x.state,
        stateLabel: EXTENSION_STATE_LABELS[x.state],
        dueOn: x.due_on,
        requestedUntil: x.requested_until,
        reason: x.reason,
        requestedOn: x.requested_on,
        decidedBy: x.decided_by,
        decidedOn: x.decided_on,
        decisionNote: x.decision_note,
      })),
      openExtension: null,
      capabilities: caps.map((c) => ({ code: c.code, label: c.label, pillarCode: c.pillar_code })),
    }
    view.openExtension = view.extensions.find((x) => x.state === 'requested') ?? null
    return { record, view }
  }

  /** The domain's answer, or the refusal as a problem on `field`. */
  function check(record: EportfolioRecord, actor: ProcessActor, action: EportfolioAction, field?: string) {
    const result = applyEportfolio(record, domainActor(actor), action)
    if (!result.ok) throw refused(result.reason, field)
    return result.record
  }

  /** Timeline entry and audit event for a step, in the transaction. */
  async function step(
    trx: Trx,
    actor: ProcessActor | { userId: null; label: string; ip: null; name: string },
    id: string,
    action: AuditAction,
    summary: string,
    extra: { reason?: string | null; after?: Record<string, unknown> } = {},
  ) {
    await repo.insertEvent(trx, {
      eportfolio_id: id,
      action,
      summary,
      reason: extra.reason ?? null,
      actor_id: actor.userId,
      actor_label: actor.name,
      occurred_at: clock.now(),
    })
    await recordAudit(trx, actor, {
      action,
      entityType: 'eportfolio',
      entityId: id,
      after: { summary, ...(extra.reason ? { reason: extra.reason } : {}), ...extra.after },
    })
  }

  /** Moves the route on (or keeps its state), checking the row version the form carried. */
  async function save(
    trx: Trx,
    row: { id: string; state: EportfolioState },
    rowVersion: number,
    next: EportfolioRecord,
    changes: Parameters<typeof repo.updateEportfolio>[3] = {},
    field?: string,
  ) {
    const moved = next.state !== row.state
    const updated = await repo.updateEportfolio(trx, row.id, rowVersion, {
      state: next.state,
      supervisor_id: next.supervisorId,
      ...(moved ? { step_started_on: clock.today(), extended_to: null } : {}),
      ...changes,
    })
    if (!updated) throw staleRecord(field)
  }

  async function lockedRow(trx: Trx, id: string): Promise<Row> {
    await repo.lockEportfolio(trx, id)
    const row = await repo.findEportfolio(trx, id)
    if (!row) throw new NotFound()
    return row
  }

  async function ownRow(trx: Trx, actor: ProcessActor): Promise<Row> {
    const own = await repo.eportfolioOfPractitioner(trx, actor.userId)
    if (!own) throw new ServiceError('Register for the ePortfolio route first')
    return lockedRow(trx, own.id)
  }

  /** Who the person is to the portfolio, or NotFound when they may not see it at all. */
  async function viewerOf(trx: Kysely<Database>, row: Row, actor: ProcessActor): Promise<Viewer> {
    if (row.practitioner_id === actor.userId) return 'practitioner'
    if (row.supervisor_id === actor.userId) return 'supervisor'
    if (await repo.isAssessorOf(trx, row.id, actor.userId)) return 'assessor'
    if (actor.roles.includes('centre_admin')) return 'centre_admin'
    throw new NotFound()
  }

  const summaryOf = (r: Row): EportfolioSummary => ({
    id: r.id,
    practitionerName: r.practitioner_name,
    supervisorName: r.supervisor_name,
    state: r.state,
    stateLabel: EPORTFOLIO_STATE_LABELS[r.state],
    dueOn: stepDueOn(r.state, r.step_started_on, r.resubmit_by, r.extended_to),
  })

  function readMarks(
    codes: readonly string[],
    input: ReadonlyArray<{ code: string; judgement: string; comment: string }>,
  ): Array<{ code: string; judgement: CapabilityJudgement; comment: string }> {
    const out: Array<{ code: string; judgement: CapabilityJudgement; comment: string }> = []
    for (const j of input) {
      if (!codes.includes(j.code) || j.judgement === '') continue
      if (!isCapabilityJudgement(j.judgement))
        throw new ServiceError('Select a judgement', `judgement_${j.code}`)
      if (j.comment.length > MAX_NOTE) {
        throw new ServiceError(`Comment must be ${MAX_NOTE} characters or fewer`, `comment_${j.code}`)
      }
      out.push({ code: j.code, judgement: j.judgement, comment: j.comment })
    }
    return out
  }

  function decisionAction(input: DecisionInput): EportfolioAction {
    return {
      type: 'decide',
      outcome: input.outcome,
      today: clock.today(),
      resubmitBy: input.resubmitBy,
      feedback: input.feedback,
    }
  }

  return {
    async mine(actor) {
      const row = await repo.eportfolioOfPractitioner(db, actor.userId)
      if (!row) return null
      return (await recordOf(db, row)).view
    },

    async register(actor) {
      await db.transaction().execute(async (trx) => {
        if (await repo.eportfolioOfPractitioner(trx, actor.userId)) {
          throw new ServiceError('You have already registered for the ePortfolio route')
        }
        const today = clock.today()
        const { id } = await repo.insertEportfolio(trx, {
          practitioner_id: actor.userId,
          state: 'registered',
          supervisor_id: null,
          registered_on: today,
          step_started_on: today,
          resubmit_by: null,
          extended_to: null,
          decided_on: null,
        })
        await step(trx, actor, id, 'eportfolio.registered', 'Registered for the ePortfolio route')
        await tellRole(trx, 'centre_admin', 'A practitioner registered for the ePortfolio route', [
          `${actor.name} registered for the ePortfolio (supported) route on ${longDate(today)}.`,
          '',
          link(`/admin/eportfolios/${id}`),
        ])
      })
    },

    async view(id, actor) {
      return db.transaction().execute(async (trx) => {
        const row = await repo.findEportfolio(trx, id)
        if (!row) throw new NotFound()
        const viewer = await viewerOf(trx, row, actor)
        const { view } = await recordOf(trx, row)
        if (viewer !== 'practitioner') {
          await recordAudit(trx, actor, {
            action: 'eportfolio.evidence_viewed',
            entityType: 'eportfolio',
            entityId: id,
            after: { as: viewer, practitioner: row.practitioner_name, evidenceItems: view.evidence.length },
          })
        }
        return { ...view, viewer }
      })
    },

    async inviteSupervisor(actor, rowVersion, input) {
      const name = input.name.trim()
      const email = input.email.trim().toLowerCase()
      const problems = []
      if (!name) problems.push({ field: 'name', text: 'Enter the supervisor’s name' })
      else if (name.length > MAX_TITLE)
        problems.push({ field: 'name', text: `Name must be ${MAX_TITLE} characters or fewer` })
      if (!EMAIL.test(email) || email.length > 320) {
        problems.push({
          field: 'email',
          text: 'Enter an email address in the correct format, like name@example.com',
        })
      }
      if (problems.length) throw new FieldProblems(problems)
      await db.transaction().execute(async (trx) => {
        const row = await ownRow(trx, actor)
        if (row.row_version !== rowVersion) throw staleRecord('name')
        if (!BUILDING_STATES.includes(row.state)) throw refused('Your portfolio has been submitted', 'name')
        const self = await findUserById(trx, actor.userId)
        if (self?.email.toLowerCase() === email)
          throw new ServiceError('You cannot supervise your own portfolio', 'email')
        const now = clock.now()
        await repo.endInvitations(trx, row.id, now)
        const token = newToken()
        const expires = new Date(now.getTime() + LINK_DAYS * 86_400_000)
        await repo.insertToken(trx, {
          eportfolio_id: row.id,
          purpose: 'supervisor_invitation',
          evidence_id: null,
          name,
          email,
          token_hash: hashToken(token),
          created_at: now,
          expires_at: expires,
        })
        if (!(await repo.updateEportfolio(trx, row.id, rowVersion, {}))) throw staleRecord('name')
        await step(trx, actor, row.id, 'eportfolio.supervisor_invited', `Invited ${name} to supervise`, {
          after: { name },
        })
        await enqueueMail(trx, {
          to: email,
          subject: `${actor.name} asks you to supervise their ePortfolio`,
          text: [
            `Dear ${name},`,
            '',
            `${actor.name} is building an ePortfolio to be recognised as an advanced practitioner through the Centre's supported route, and asks you to be their supervisor.`,
            'As supervisor you read their evidence, comment on it, and sign the portfolio off when it is ready to be assessed.',
            '',
            `Sign in (or create an account) and accept the invitation by ${longDate(expires)}:`,
            link(`/eportfolio/supervision/accept?token=${token}`),
          ].join('\n'),
        })
      })
    },

    async invitation(token) {
      const found = await repo.usableToken(db, 'supervisor_invitation', hashToken(token), clock.now())
      if (!found) return null
      const row = await repo.findEportfolio(db, found.eportfolio_id)
      return row ? { practitionerName: row.practitioner_name } : null
    },

    async acceptSupervision(token, actor) {
      return db.transaction().execute(async (trx) => {
        const now = clock.now()
        const found = await repo.usableToken(trx, 'supervisor_invitation', hashToken(token), now)
        if (!found)
          throw new ServiceError('This invitation link has expired or has already been used', 'accept')
        const row = await lockedRow(trx, found.eportfolio_id)
        const { record } = await recordOf(trx, row)
        const next = check(record, actor, { type: 'accept_supervision' }, 'accept')
        if (!(await repo.useToken(trx, found.id, now)))
          throw new ServiceError('This invitation has already been used', 'accept')
        await repo.endInvitations(trx, row.id, now)
        await save(trx, row, row.row_version, next)
        await step(
          trx,
          actor,
          row.id,
          'eportfolio.supervision_accepted',
          `${actor.name} became the supervisor`,
        )
        await tell(trx, row.practitioner_id, 'Your supervisor accepted', [
          `${actor.name} accepted your invitation and is now the supervisor of your ePortfolio.`,
          '',
          link('/my/eportfolio'),
        ])
        return row.id
      })
    },

    async evidenceSources(actor) {
      const [activities, awards] = await Promise.all([
        cpdRepo.activitiesOf(db, actor.userId),
        awardsRepo.awardsOfPractitioner(db, actor.userId),
      ])
      return {
        activities: activities.map((a) => ({ id: a.id, title: `${a.title} (${longDate(a.activity_date)})` })),
        awards: awards
          .filter((a) => a.status === 'active')
          .map((a) => ({ id: a.id, title: `${a.credential_title} (${longDate(a.awarded_on)})` })),
      }
    },

    async addEvidence(actor, rowVersion, input) {
      const problems: Array<{ field: string; text: string }> = []
      const kind = input.kind
      if (!isEvidenceKind(kind)) {
        throw new FieldProblems([{ field: 'kind', text: 'Select what kind of evidence this is' }])
      }
      const title = input.title.trim()
      const body = input.body.trim()
      if (!title) problems.push({ field: 'title', text: 'Enter a title for the evidence' })
      else if (title.length > MAX_TITLE)
        problems.push({ field: 'title', text: `Title must be ${MAX_TITLE} characters or fewer` })
      if (body.length > MAX_TEXT)
        problems.push({ field: 'body', text: `Text must be ${MAX_TEXT} characters or fewer` })
      if ((kind === 'document' || kind === 'reflection' || kind === 'testimonial') && !body) {
        problems.push({
          field: 'body',
          text:
            kind === 'document'
              ? 'Describe the document and where it is kept'
              : kind === 'reflection'
                ? 'Enter your reflection'
                : 'Enter what the colleague says',
        })
      }
      const colleagueName = input.colleagueName.trim()
      const colleagueEmail = input.colleagueEmail.trim().toLowerCase()
      if (kind === 'testimonial') {
        if (!colleagueName) problems.push({ field: 'colleagueName', text: 'Enter the colleague’s name' })
        if (!EMAIL.test(colleagueEmail) || colleagueEmail.length > 320) {
          problems.push({
            field: 'colleagueEmail',
            text: 'Enter the colleague’s email address in the correct format, like name@example.com',
          })
        }
      }
      if (kind === 'cpd_activity' && !input.cpdActivityId) {
        problems.push({ field: 'cpdActivityId', text: 'Select the CPD activity' })
      }
      if (kind === 'credential' && !input.awardId)
        problems.push({ field: 'awardId', text: 'Select the credential' })
      if (!input.mappings.length) {
        problems.push({ field: 'capabilities', text: 'Select at least one capability this evidence shows' })
      }
      for (const m of input.mappings) {
        if (!m.note.trim())
          problems.push({ field: `note_${m.code}`, text: `Say how this shows capability ${m.code}` })
        else if (m.note.length > MAX_NOTE) {
          problems.push({ field: `note_${m.code}`, text: `The note must be ${MAX_NOTE} characters or fewer` })
        }
      }
      if (problems.length) throw new FieldProblems(problems)

      await db.transaction().execute(async (trx) => {
        const row = await ownRow(trx, actor)
        if (row.row_version !== rowVersion) throw staleRecord('title')
        const { record } = await recordOf(trx, row)
        const next = check(record, actor, { type: 'change_evidence' }, 'title')
        const known = new Set(record.capabilityCodes)
        const unknown = input.mappings.find((m) => !known.has(m.code))
        if (unknown) throw new ServiceError(`There is no capability ${unknown.code}`, 'capabilities')
        let cpdActivityId: string | null = null
        let awardId: string | null = null
        if (kind === 'cpd_activity') {
          const activity = await cpdRepo.activityOf(trx, actor.userId, input.cpdActivityId)
          if (!activity) throw new ServiceError('Select one of your CPD activities', 'cpdActivityId')
          cpdActivityId = activity.id
        }
        if (kind === 'credential') {
          const award = (await awardsRepo.awardsOfPractitioner(trx, actor.userId)).find(
            (a) => a.id === input.awardId && a.status === 'active',
          )
          if (!award) throw new ServiceError('Select one of your credentials', 'awardId')
          awardId = award.id
        }
        const { id: evidenceId } = await repo.insertEvidence(trx, {
          eportfolio_id: row.id,
          kind,
          title,
          body,
          colleague_name: kind === 'testimonial' ? colleagueName : null,
          colleague_email: kind === 'testimonial' ? colleagueEmail : null,
          testimonial_state: kind === 'testimonial' ? 'awaiting_confirmation' : null,
          cpd_activity_id: cpdActivityId,
          award_id: awardId,
          added_on: clock.today(),
        })
        await repo.insertMappings(
          trx,
          evidenceId,
          input.mappings.map((m) => ({ code: m.code, note: m.note.trim() })),
        )
        await save(trx, row, rowVersion, next, {}, 'title')
        const lapsed = row.state === 'signed_off' && next.state === 'building'
        await step(trx, actor, row.id, 'eportfolio.evidence_added', `Added evidence: ${title}`, {
          reason: lapsed ? 'The supervisor’s sign-off lapsed because the evidence changed' : null,
        })
        if (kind === 'testimonial') {
          const now = clock.now()
          const token = newToken()
          const expires = new Date(now.getTime() + LINK_DAYS * 86_400_000)
          await repo.insertToken(trx, {
            eportfolio_id: row.id,
            purpose: 'testimonial',
            evidence_id: evidenceId,
            name: colleagueName,
            email: colleagueEmail,
            token_hash: hashToken(token),
            created_at: now,
            expires_at: expires,
          })
          await enqueueMail(trx, {
            to: colleagueEmail,
            subject: `Please confirm your testimonial for ${actor.name}`,
            text: [
              `Dear ${colleagueName},`,
              '',
              `${actor.name} has added a testimonial from you to their advanced practice ePortfolio. It counts only once you confirm that it is yours and says what you meant.`,
              '',
              `Read it and confirm it by ${longDate(expires)}:`,
              link(`/eportfolio/testimonials/confirm?token=${token}`),
              '',
              'If you did not give this testimonial, do nothing: it will not count.',
            ].join('\n'),
          })
        }
        if (lapsed && row.supervisor_id) {
          await tell(trx, row.supervisor_id, 'An ePortfolio you signed off has changed', [
            `${actor.name} added evidence to their ePortfolio after you signed it off, so it needs your sign-off again.`,
            '',
            link(`/eportfolio/${row.id}`),
          ])
        }
      })
    },

    async removeEvidence(actor, rowVersion, evidenceId) {
      await db.transaction().execute(async (trx) => {
        const row = await ownRow(trx, actor)
        if (row.row_version !== rowVersion) throw staleRecord('remove')
        const item = await repo.findEvidence(trx, row.id, evidenceId)
        if (!item) throw new NotFound()
        const { record } = await recordOf(trx, row)
        const next = check(record, actor, { type: 'change_evidence' }, 'remove')
        await repo.deleteEvidence(trx, row.id, evidenceId)
        await save(trx, row, rowVersion, next, {}, 'remove')
        await step(trx, actor, row.id, 'eportfolio.evidence_removed', `Removed evidence: ${item.title}`)
      })
    },

    async testimonial(token) {
      const found = await repo.usableToken(db, 'testimonial', hashToken(token), clock.now())
      if (!found?.evidence_id) return null
      const [row, item] = await Promise.all([
        repo.findEportfolio(db, found.eportfolio_id),
        repo.findEvidence(db, found.eportfolio_id, found.evidence_id),
      ])
      if (!row || !item) return null
      return {
        practitionerName: row.practitioner_name,
        colleagueName: found.name,
        title: item.title,
        body: item.body,
      }
    },

    async confirmTestimonial(token) {
      await db.transaction().execute(async (trx) => {
        const now = clock.now()
        const found = await repo.usableToken(trx, 'testimonial', hashToken(token), now)
        if (!found?.evidence_id)
          throw new ServiceError('This link has expired or has already been used', 'confirm')
        if (!(await repo.useToken(trx, found.id, now)))
          throw new ServiceError('This link has already been used', 'confirm')
        await repo.confirmTestimonial(trx, found.evidence_id)
        const colleague = { userId: null, label: found.email, ip: null, name: found.name }
        await step(
          trx,
          colleague,
          found.eportfolio_id,
          'eportfolio.testimonial_confirmed',
          `${found.name} confirmed their testimonial`,
        )
        const row = await repo.findEportfolio(trx, found.eportfolio_id)
        if (row) {
          await tell(trx, row.practitioner_id, 'A colleague confirmed their testimonial', [
            `${found.name} confirmed their testimonial, so it now counts towards your ePortfolio.`,
            '',
            link('/my/eportfolio'),
          ])
        }
      })
    },

    async comment(id, actor, body) {
      const text = body.trim()
      if (!text) throw new ServiceError('Enter your comment', 'comment')
      if (text.length > MAX_TEXT)
        throw new ServiceError(`Comment must be ${MAX_TEXT} characters or fewer`, 'comment')
      await db.transaction().execute(async (trx) => {
        const row = await lockedRow(trx, id)
        if (row.supervisor_id !== actor.userId) throw new NotFound()
        if (!BUILDING_STATES.includes(row.state)) throw refused('The portfolio has been submitted', 'comment')
        await repo.insertComment(trx, {
          eportfolio_id: id,
          author_id: actor.userId,
          author_label: actor.name,
          body: text,
          created_at: clock.now(),
        })
        await step(trx, actor, id, 'eportfolio.commented', `${actor.name} commented`)
        await tell(trx, row.practitioner_id, 'Your supervisor commented on your ePortfolio', [
          `${actor.name} commented on your ePortfolio:`,
          '',
          text,
          '',
          link('/my/eportfolio'),
        ])
      })
    },

    async signOff(id, actor, rowVersion) {
      await db.transaction().execute(async (trx) => {
        const row = await lockedRow(trx, id)
        if (row.supervisor_id !== actor.userId) throw new NotFound()
        if (row.row_version !== rowVersion) throw staleRecord('signOff')
        const { record } = await recordOf(trx, row)
        const next = check(record, actor, { type: 'sign_off' }, 'signOff')
        await save(trx, row, rowVersion, next, {}, 'signOff')
        await step(trx, actor, id, 'eportfolio.signed_off', `${actor.name} signed off the portfolio as ready`)
        await tell(trx, row.practitioner_id, 'Your supervisor signed off your ePortfolio', [
          `${actor.name} signed off your ePortfolio as ready to be assessed. You can now submit it.`,
          '',
          link('/my/eportfolio'),
        ])
      })
    },

    async submit(actor, rowVersion) {
      await db.transaction().execute(async (trx) => {
        const row = await ownRow(trx, actor)
        if (row.row_version !== rowVersion) throw staleRecord('submit')
        const { record } = await recordOf(trx, row)
        const next = check(record, actor, { type: 'submit', today: clock.today() }, 'submit')
        const attempt = row.state === 'signed_off' && row.decided_on !== null ? row.attempt + 1 : row.attempt
        await save(trx, row, rowVersion, next, { attempt, moderation: '{}', feedback: '{}' }, 'submit')
        await step(
          trx,
          actor,
          row.id,
          'eportfolio.submitted',
          attempt > 1 ? `Resubmitted the portfolio` : 'Submitted the portfolio',
        )
        await tell(trx, actor.userId, 'Your ePortfolio has been submitted', [
          `You submitted your ePortfolio on ${longDate(clock.today())}. The Centre will assign two assessors, who judge each capability.`,
          '',
          link('/my/eportfolio'),
        ])
        await tellRole(trx, 'centre_admin', 'An ePortfolio was submitted', [
          `${actor.name} submitted their ePortfolio. Assign two assessors.`,
          '',
          link(`/admin/eportfolios/${row.id}`),
        ])
      })
    },

    async withdraw(id, actor, rowVersion, reason) {
      await db.transaction().execute(async (trx) => {
        const row = await lockedRow(trx, id)
        if (row.practitioner_id !== actor.userId && !actor.roles.includes('centre_admin'))
          throw new NotFound()
        if (row.row_version !== rowVersion) throw staleRecord('reason')
        const { record } = await recordOf(trx, row)
        const next = check(record, actor, { type: 'withdraw', reason }, 'reason')
        await save(trx, row, rowVersion, next, {}, 'reason')
        await step(trx, actor, id, 'eportfolio.withdrawn', 'Withdrew the portfolio', {
          reason: reason.trim(),
        })
      })
    },

    async supervised(actor, page) {
      const { rows, total } = await repo.supervisedBy(db, actor.userId, PAGE_SIZE, (page - 1) * PAGE_SIZE)
      return { rows: rows.map(summaryOf), total }
    },

    async assessing(actor) {
      const rows = await repo.assessedBy(db, actor.userId)
      return rows.filter((r) => r.conflict !== 'declared').map(summaryOf)
    },

    async list(filter) {
      const { rows, total } = await repo.listEportfolios(db, {
        state: filter.state,
        words: filter.words,
        limit: PAGE_SIZE,
        offset: (filter.page - 1) * PAGE_SIZE,
      })
      return { rows: rows.map(summaryOf), total }
    },

    async assessors() {
      const people = await listPeopleWithRole(db, 'independent_reviewer')
      return people.map((p) => ({ id: p.id, name: p.display_name }))
    },

    async assignAssessor(id, actor, rowVersion, assessorId) {
      await db.transaction().execute(async (trx) => {
        const row = await lockedRow(trx, id)
        if (row.row_version !== rowVersion) throw staleRecord('assessor')
        const assessor = (await listPeopleWithRole(trx, 'independent_reviewer')).find(
          (p) => p.id === assessorId,
        )
        if (!assessor) throw new ServiceError('Select an assessor', 'assessor')
        const { record } = await recordOf(trx, row)
        const next = check(record, actor, { type: 'assign_assessor', assessorId }, 'assessor')
        await repo.insertAssessment(trx, {
          eportfolio_id: id,
          attempt: row.attempt,
          assessor_id: assessorId,
          conflict_note: null,
          judgements: '{}',
          assigned_on: clock.today(),
        })
        await save(trx, row, rowVersion, next, {}, 'assessor')
        await step(
          trx,
          actor,
          id,
          'eportfolio.assessor_assigned',
          `Assigned ${assessor.display_name} to assess`,
          {
            after: { assessor: assessor.display_name },
          },
        )
        await tell(trx, assessorId, 'You have been asked to assess an ePortfolio', [
          `The Centre asks you to assess the ePortfolio of ${row.practitioner_name}.`,
          'First declare any conflict of interest. Then judge each capability as demonstrated or not yet demonstrated.',
          '',
          link(`/eportfolio/${id}/assessment`),
        ])
      })
    },

    async declareInterests(id, actor, hasConflict, note) {
      const text = note.trim()
      if (hasConflict && !text) throw new ServiceError('Describe the conflict of interest', 'conflictNote')
      await db.transaction().execute(async (trx) => {
        const row = await lockedRow(trx, id)
        const { record } = await recordOf(trx, row)
        if (!record.assessments.some((a) => a.assessorId === actor.userId)) throw new NotFound()
        const next = check(record, actor, { type: 'declare_conflict', hasConflict }, 'conflict')
        await repo.updateAssessment(
          trx,
          { eportfolioId: id, attempt: row.attempt, assessorId: actor.userId },
          { conflict: hasConflict ? 'declared' : 'none', conflict_note: text || null },
        )
        await save(trx, row, row.row_version, next, {}, 'conflict')
        await step(
          trx,
          actor,
          id,
          'eportfolio.conflict_declared',
          hasConflict
            ? `${actor.name} declared a conflict of interest and cannot assess`
            : `${actor.name} declared no conflict of interest`,
        )
        if (hasConflict) {
          await tellRole(trx, 'centre_admin', 'An assessor declared a conflict of interest', [
            `${actor.name} declared a conflict of interest in the ePortfolio of ${row.practitioner_name}. Assign another assessor.`,
            '',
            link(`/admin/eportfolios/${id}`),
          ])
        }
      })
    },

    async judge(id, actor, input, complete) {
      await db.transaction().execute(async (trx) => {
        const row = await lockedRow(trx, id)
        let { record } = await recordOf(trx, row)
        if (!record.assessments.some((a) => a.assessorId === actor.userId)) throw new NotFound()
        for (const j of readMarks(record.capabilityCodes, input)) {
          record = check(record, actor, { type: 'judge', ...j }, `judgement_${j.code}`)
        }
        if (complete) record = check(record, actor, { type: 'complete_assessment' }, 'complete')
        const mine = record.assessments.find((a) => a.assessorId === actor.userId)
        await repo.updateAssessment(
          trx,
          { eportfolioId: id, attempt: row.attempt, assessorId: actor.userId },
          { judgements: JSON.stringify(mine?.judgements ?? {}), completed: mine?.completed ?? false },
        )
        await save(trx, row, row.row_version, record, {}, 'complete')
        if (complete) {
          await step(
            trx,
            actor,
            id,
            'eportfolio.assessment_completed',
            `${actor.name} completed their assessment`,
          )
          if (record.state === 'moderation') {
            await step(
              trx,
              actor,
              id,
              'eportfolio.assessment_completed',
              'The assessors disagree: the portfolio goes to moderation',
            )
          }
          const verdict = assessmentVerdict(record.capabilityCodes, record.assessments, record.moderation)
          if (verdict.status !== 'assessing') {
            await tellRole(trx, 'centre_admin', 'An ePortfolio has been assessed', [
              verdict.status === 'moderation'
                ? `Both assessors have judged the ePortfolio of ${row.practitioner_name} and disagree on ${verdict.disputed.length} capabilities. Moderate them.`
                : `Both assessors have judged the ePortfolio of ${row.practitioner_name} and agree. Decide the outcome.`,
              '',
              link(`/admin/eportfolios/${id}`),
            ])
          }
        } else {
          await recordAudit(trx, actor, {
            action: 'eportfolio.judged',
            entityType: 'eportfolio',
            entityId: id,
          })
        }
      })
    },

    async moderate(id, actor, rowVersion, input) {
      await db.transaction().execute(async (trx) => {
        const row = await lockedRow(trx, id)
        if (row.row_version !== rowVersion) throw staleRecord('moderation')
        let { record } = await recordOf(trx, row)
        const given = readMarks(record.capabilityCodes, input)
        if (!given.length) throw new ServiceError('Judge at least one capability in dispute', 'moderation')
        for (const j of given)
          record = check(record, actor, { type: 'moderate', ...j }, `judgement_${j.code}`)
        await save(
          trx,
          row,
          rowVersion,
          record,
          { moderation: JSON.stringify(record.moderation) },
          'moderation',
        )
        await step(
          trx,
          actor,
          id,
          'eportfolio.moderated',
          `Moderated ${given.map((j) => `${j.code} (${CAPABILITY_JUDGEMENT_LABELS[j.judgement].toLowerCase()})`).join(', ')}`,
        )
      })
    },

    async exists(id) {
      return (await repo.findEportfolio(db, id)) !== undefined
    },

    async checkDecision(id, actor, rowVersion, input) {
      const row = await repo.findEportfolio(db, id)
      if (!row) throw new NotFound()
      if (row.row_version !== rowVersion) throw staleRecord('outcome')
      const { record, view } = await recordOf(db, row)
      check(record, actor, decisionAction(input), 'outcome')
      return { ...view, viewer: 'centre_admin' }
    },

    async requestExtension(actor, rowVersion, input) {
      const reason = input.reason.trim()
      const problems: Array<{ field: string; text: string }> = []
      if (!reason) problems.push({ field: 'reason', text: 'Say why you need more time' })
      else if (reason.length > MAX_NOTE)
        problems.push({ field: 'reason', text: `Reason must be ${MAX_NOTE} characters or fewer` })
      if (problems.length) throw new FieldProblems(problems)
      await db.transaction().execute(async (trx) => {
        const row = await ownRow(trx, actor)
        if (row.row_version !== rowVersion) throw staleRecord('until-day')
        const dueOn = stepDueOn(row.state, row.step_started_on, row.resubmit_by, row.extended_to)
        const problem = extensionProblem(row.state, dueOn, input.until, clock.today())
        if (problem !== null || dueOn === null)
          throw new ServiceError(problem ?? 'There is no deadline to extend', 'until-day')
        if ((await repo.extensionsOf(trx, row.id)).some((x) => x.state === 'requested')) {
          throw new ServiceError('You have already asked for more time: the Centre will decide', 'until-day')
        }
        await repo.insertExtension(trx, {
          eportfolio_id: row.id,
          step: row.state,
          due_on: dueOn,
          requested_until: input.until,
          reason,
          requested_on: clock.today(),
        })
        if (!(await repo.updateEportfolio(trx, row.id, rowVersion, {}))) throw staleRecord('until-day')
        await step(
          trx,
          actor,
          row.id,
          'eportfolio.extension_requested',
          `Asked for more time, until ${longDate(input.until)}`,
          {
            reason,
          },
        )
        await tellRole(trx, 'centre_admin', 'An ePortfolio extension was requested', [
          `${actor.name} asks for more time on their ePortfolio: until ${longDate(input.until)} instead of ${longDate(dueOn)}.`,
          '',
          link(`/admin/eportfolios/${row.id}#extension`),
        ])
      })
    },

    async checkExtension(id, actor, input) {
      const row = await repo.findEportfolio(db, id)
      if (!row) throw new NotFound()
      if (!actor.roles.includes('centre_admin')) throw new NotFound()
      const { view } = await recordOf(db, row)
      if (!view.openExtension)
        throw new ServiceError('There is no request for more time to decide', 'decision')
      if (input.decision === 'refused' && !input.note.trim()) {
        throw new ServiceError('Say why the extension is refused', 'note')
      }
      return { ...view, viewer: 'centre_admin' }
    },

    async decideExtension(id, actor, rowVersion, input) {
      const note = input.note.trim()
      if (input.decision === 'refused' && !note)
        throw new ServiceError('Say why the extension is refused', 'note')
      await db.transaction().execute(async (trx) => {
        const row = await lockedRow(trx, id)
        if (!actor.roles.includes('centre_admin')) throw new NotFound()
        if (row.row_version !== rowVersion) throw staleRecord('decision')
        if (FINAL_STATES.includes(row.state)) throw refused('This portfolio’s route has ended', 'decision')
        const open = (await repo.extensionsOf(trx, id)).find((x) => x.state === 'requested')
        if (!open) throw new ServiceError('There is no request for more time to decide', 'decision')
        if (open.step !== row.state) throw refused('The step this request was for has ended', 'decision')
        const granted = input.decision === 'granted'
        if (
          !(await repo.decideExtension(trx, id, {
            state: input.decision,
            decided_by: actor.name,
            decided_on: clock.today(),
            decision_note: note,
          }))
        )
          throw staleRecord('decision')
        const changes = granted ? { extended_to: open.requested_until } : {}
        if (!(await repo.updateEportfolio(trx, id, rowVersion, changes))) throw staleRecord('decision')
        const words = granted
          ? `Granted more time, until ${longDate(open.requested_until)}`
          : 'Refused the request for more time'
        await step(trx, actor, id, 'eportfolio.extension_decided', words, { reason: note || null })
        await tell(
          trx,
          row.practitioner_id,
          granted ? 'More time for your ePortfolio' : 'Your request for more time',
          [
            granted
              ? `The Centre has given you until ${longDate(open.requested_until)}.`
              : `The Centre has not given you more time: the deadline stays ${longDate(open.due_on)}.`,
            ...(note ? ['', note] : []),
            '',
            link('/my/eportfolio'),
          ],
        )
      })
    },

    async sendDueReminders(today) {
      let sent = 0
      for (const row of await repo.reminderCandidates(db)) {
        const dueOn = stepDueOn(row.state, row.step_started_on, row.resubmit_by, row.extended_to)
        if (dueOn === null) continue
        const daysBefore = stepReminderDue(dueOn, today)
        if (daysBefore === null) continue
        const what =
          row.state === 'resubmit'
            ? 'The practitioner to resubmit the portfolio'
            : (STEP_DEADLINES[row.state]?.what ?? 'The next step')
        const when =
          daysBefore === 0 ? `today, ${longDate(dueOn)}` : `on ${longDate(dueOn)}, in ${daysBefore} days`
        const subject = `ePortfolio deadline ${daysBefore === 0 ? 'today' : longDate(dueOn)}: ${row.practitioner_name}`
        const lines = [`${what} is due ${when}, for the ePortfolio of ${row.practitioner_name}.`, '']
        // One transaction per reminder: its record and its e-mails are kept together.
        const claimed = await db.transaction().execute(async (trx) => {
          const first = await repo.claimReminder(trx, {
            eportfolio_id: row.id,
            state: row.state,
            due_on: dueOn,
            days_before: daysBefore,
          })
          if (!first) return false
          if (row.state === 'registered' || row.state === 'signed_off' || row.state === 'resubmit') {
            await tell(trx, row.practitioner_id, subject, [...lines, link('/my/eportfolio')])
          } else if (row.state === 'building') {
            await tell(trx, row.practitioner_id, subject, [...lines, link('/my/eportfolio')])
            if (row.supervisor_id)
              await tell(trx, row.supervisor_id, subject, [...lines, link(`/eportfolio/${row.id}`)])
          } else if (row.state === 'assessing') {
            for (const a of await repo.assessmentsOf(trx, row.id, row.attempt)) {
              if (a.conflict !== 'declared' && !a.completed) {
                await tell(trx, a.assessor_id, subject, [...lines, link(`/eportfolio/${row.id}/assessment`)])
              }
            }
          } else {
            await tellRole(trx, 'centre_admin', subject, [...lines, link(`/admin/eportfolios/${row.id}`)])
          }
          const system = { userId: null, label: 'system', ip: null, name: 'The service' }
          await step(
            trx,
            system,
            row.id,
            'eportfolio.reminder_sent',
            `Reminder sent: ${what.toLowerCase()} due ${when}`,
          )
          return true
        })
        if (claimed) sent++
      }
      return sent
    },

    async decide(id, actor, rowVersion, input) {
      await db.transaction().execute(async (trx) => {
        const row = await lockedRow(trx, id)
        if (row.row_version !== rowVersion) throw staleRecord('outcome')
        const { record } = await recordOf(trx, row)
        const next = check(record, actor, decisionAction(input), 'outcome')
        const verdict = assessmentVerdict(record.capabilityCodes, record.assessments, record.moderation)
        const feedback =
          input.outcome === 'resubmit' && verdict.status === 'ready'
            ? Object.fromEntries(verdict.notYet.map((c) => [c, (input.feedback[c] ?? '').trim()]))
            : {}
        await save(trx, row, rowVersion, next, {
          decided_on: clock.today(),
          feedback: JSON.stringify(feedback),
          resubmit_by: next.resubmitBy,
        })
        const words = EPORTFOLIO_OUTCOME_LABELS[input.outcome].decided
        await step(trx, actor, id, 'eportfolio.decided', `Decided: ${words}`, {
          after: { outcome: input.outcome },
        })
        const lines =
          input.outcome === 'recognised'
            ? [
                'The Centre has recognised you as an advanced practitioner through the ePortfolio route: every capability of the framework was judged demonstrated.',
              ]
            : input.outcome === 'resubmit'
              ? [
                  `The assessors found that some capabilities are not yet demonstrated. You can add evidence and resubmit your portfolio by ${longDate(input.resubmitBy ?? '')}.`,
                  '',
                  ...Object.entries(feedback).map(([code, text]) => `${code}: ${text}`),
                ]
              : ['The Centre has decided not to recognise your portfolio this time.']
        await tell(trx, row.practitioner_id, `The outcome of your ePortfolio: ${words.toLowerCase()}`, [
          ...lines,
          '',
          link('/my/eportfolio'),
        ])
      })
    },
  }
}
