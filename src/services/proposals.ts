// Proposals: a specification author proposes a credential and answers the gateway criteria;
// Centre admins check the proposal and put it to the Credential Group, whose one recorded
// decision either starts a credential "in development" or tells the author why not.
// Each use case is one transaction: the change, its timeline step and audit event, and the
// e-mails it sends are saved together or not at all.
import type { AuditAction } from '../domain/audit-sentences.ts'
import type { Kysely, Transaction } from 'kysely'
import type { Config } from '../config.ts'
import type { Clock } from '../domain/clock.ts'
import { checkStatusDue, formatDue, slugify, type Due, type Season } from '../domain/catalogue.ts'
import {
  applyToProposal,
  isProposalState,
  proposalMissing,
  proposalStateLabel,
  type GroupOutcome,
  type ProposalAction,
  type ProposalAnswer,
  type ProposalState,
} from '../domain/proposal-lifecycle.ts'
import { draftOf, proposalSections, sectionGaps, type ProposalAnswers } from '../domain/proposal-sections.ts'
import { emptySpecification } from '../domain/specification-content.ts'
import {
  judgementCounts,
  judgementLine,
  JUDGEMENT_WORDS,
  MAX_REASON,
  unjudgedCriteria,
  type GatewayJudgement,
  type Judgement,
} from '../domain/gateway-check.ts'
import type { StateWord } from '../domain/tag-colours.ts'
import { recordAudit } from './audit.ts'
import type { Database, Participant } from '../db/schema.ts'
import { listPeopleWithRole } from '../repositories/role-grants.ts'
import * as credentialEvents from '../repositories/credential-events.ts'
import * as repo from '../repositories/proposals.ts'
import * as specifications from '../repositories/specifications.ts'
import { inBatches } from './batches.ts'
import { type FieldProblem, FieldProblems, NotFound, ServiceError } from './errors.ts'
import {
  changeStatus,
  domainActor,
  recordStep,
  refused,
  staleRecord,
  tell,
  tellRole,
  toTimeline,
  type ProcessActor,
  type TimelineEntry,
} from './process.ts'
import * as areasRepo from '../repositories/clinical-areas.ts'
import { listProfessionNames } from '../repositories/professions.ts'
import * as credentialsRepo from '../repositories/credentials.ts'

export const MAX_TITLE = 200
export const MAX_TEXT = 10_000

/** What the author types; blank fields are allowed in a draft. */
export type ProposalInput = ProposalAnswers

export interface GatewayCriterion {
  code: string
  parentCode: string | null
  title: string | null
  statement: string
  /** The form field that holds the answer. */
  field: string
}

export interface GroupDecision {
  outcome: GroupOutcome
  reason: string
  participantIds: string[]
  expected: Due | null
}

export type CheckDecision = 'send' | 'return'

/** Records the group's decision inside the caller's transaction (a meeting's item being closed). */
export interface GroupDecisionRecorder {
  /** Checks the decision without recording it: the names of those who took part. */
  check(
    trx: Transaction<Database>,
    id: string,
    rowVersion: number,
    decision: GroupDecision,
    actor: ProcessActor,
  ): Promise<{ participants: string[] }>
  /** Records it: the proposal's state, the credential in development, timeline, audit and e-mail. */
  record(
    trx: Transaction<Database>,
    id: string,
    rowVersion: number,
    decision: GroupDecision,
    actor: ProcessActor,
  ): Promise<number>
}

/** A Centre admin's judgement of a gateway criterion, as the proposal's record shows it. */
export interface CriterionJudgementView {
  judgement: Judgement
  /** Its words and tag colour: "Met", "Partly met", "Not met". */
  words: StateWord
  reason: string
  judgedByName: string
  judgedAt: Date
  /** Made on the submission being checked; false when made on an earlier one (judge again). */
  current: boolean
}

/** The Centre's check of the proposal: each gateway criterion with its answer and judgement. */
export interface GatewayCheckView {
  criteria: Array<GatewayCriterion & { answer: string; judgement: CriterionJudgementView | null }>
  /** Codes of the criteria not yet judged on this submission, in the version's order. */
  unjudged: string[]
  /** How many criteria are judged on this submission. */
  judgedCount: number
}

export interface ProposalSummary {
  id: string
  number: number
  title: string
  /** Null until the author chooses it (a draft may be saved without). */
  areaName: string | null
  authorName: string
  state: ProposalState
  stateLabel: string
  updatedAt: Date
}

export interface CentreProposalFilter {
  state?: ProposalState | undefined
  clinicalAreaId?: number | undefined
  /** Words in the title or the author's name. */
  words?: string | undefined
}

function proposalSummary(r: {
  id: string
  number: number
  title: string
  area_name: string | null
  author_name: string
  state: string
  updated_at: Date
}): ProposalSummary {
  const state = isProposalState(r.state) ? r.state : 'draft'
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    areaName: r.area_name,
    authorName: r.author_name,
    state,
    stateLabel: proposalStateLabel(state),
    updatedAt: r.updated_at,
  }
}

export interface ProposalView extends ProposalSummary {
  authorId: string
  clinicalAreaId: number | null
  need: string
  targetProfessions: string[]
  evidence: string
  gateway: { version: number; criteria: GatewayCriterion[]; answers: Record<string, string> }
  checkNote: string | null
  /** The Centre's judgements of the gateway criteria (empty until the proposal is submitted). */
  check: GatewayCheckView
  decisionReason: string | null
  participants: Participant[]
  decidedAt: Date | null
  submittedAt: Date | null
  credential: { slug: string; status: string; due: Due | null } | null
  rowVersion: number
  /** What submission still needs, for the author. */
  missing: string[]
  timeline: TimelineEntry[]
  /** What this person may do now; the page offers only these. */
  can: {
    edit: boolean
    submit: boolean
    /** Check the proposal: judge its criteria and return it (or, once all are judged, send it). */
    check: boolean
    /** Put it to the Credential Group now: every criterion is judged. */
    send: boolean
    reconsider: boolean
  }
}

export interface ProposalCounts {
  /** Submitted proposals awaiting a Centre admin's check (admins only). */
  toCheck: number
  /** Proposals with the Credential Group (group members and admins). */
  awaitingGroup: number
  /** The author's own open proposals. */
  mine: number
}

export interface ProposalFormOptions {
  areas: Array<{ id: number; name: string }>
  professions: string[]
  gateway: { version: number; criteria: GatewayCriterion[] }
}

export interface ExpectedDateView {
  slug: string
  title: string
  status: string
  due: Due | null
  rowVersion: number
}

/** Submission refused because the proposal is incomplete: each gap, on its field. */
export class ProposalIncomplete extends FieldProblems {
  constructor(problems: FieldProblem[]) {
    super(problems, 'The proposal is not complete')
  }
}

export interface ProposalsService {
  formOptions(): Promise<ProposalFormOptions>
  /** Saves a new draft; returns its id. */
  create(input: ProposalInput, actor: ProcessActor): Promise<string>
  /** Saves changes to a draft or returned proposal; returns the new row version. */
  update(id: string, rowVersion: number, input: ProposalInput, actor: ProcessActor): Promise<number>
  submit(id: string, rowVersion: number, actor: ProcessActor): Promise<number>
  /**
   * Records a Centre admin's judgement of one gateway criterion of a proposal awaiting its check,
   * with the reason; returns the new row version.
   */
  judge(
    id: string,
    rowVersion: number,
    criterion: string,
    judgement: Judgement,
    reason: string,
    actor: ProcessActor,
  ): Promise<number>
  check(
    id: string,
    rowVersion: number,
    decision: CheckDecision,
    note: string,
    actor: ProcessActor,
  ): Promise<number>
  /**
   * The Credential Group's decision, which only the group's meetings and written procedures
   * record (src/services/group-meetings.ts), in their own transaction, with the outcome their
   * members' votes gave: no route records a decision on its own.
   */
  groupDecision: GroupDecisionRecorder
  reconsider(id: string, rowVersion: number, actor: ProcessActor): Promise<number>
  /** The proposal as this person may see it, or null. */
  get(id: string, actor: ProcessActor): Promise<ProposalView | null>
  list(
    actor: ProcessActor,
    filter: { mine?: boolean; states?: readonly ProposalState[] },
  ): Promise<ProposalSummary[]>
  /** The Centre's list of every proposal, filtered and paged; empty for anyone but a Centre admin. */
  listForCentre(
    actor: ProcessActor,
    filter: CentreProposalFilter,
    page: number,
    pageSize: number,
  ): Promise<{ proposals: ProposalSummary[]; total: number }>
  /** Every proposal the Centre's filter picks out, a batch at a time, for a download. */
  exportForCentre(actor: ProcessActor, filter: CentreProposalFilter): AsyncGenerator<ProposalSummary[]>
  /**
   * The Credential Group's list: the proposals put to it and what it decided, filtered (a state
   * the group does not see matches none) and paged; empty for anyone but a group member.
   */
  listForGroup(
    actor: ProcessActor,
    filter: CentreProposalFilter,
    page: number,
    pageSize: number,
  ): Promise<{ proposals: ProposalSummary[]; total: number }>
  /** Every proposal of the group's list its filter picks out, a batch at a time, for a download. */
  exportForGroup(actor: ProcessActor, filter: CentreProposalFilter): AsyncGenerator<ProposalSummary[]>
  counts(actor: ProcessActor): Promise<ProposalCounts>
  /** Credential Group members who may be recorded as taking part. */
  groupMembers(): Promise<Participant[]>
  expectedDate(slug: string): Promise<ExpectedDateView | null>
  changeExpectedDate(
    slug: string,
    rowVersion: number,
    expected: Due | null,
    reason: string,
    actor: ProcessActor,
  ): Promise<void>
}

/** The form field of a gateway criterion's answer: "G1.1" answers in "gateway_G1-1". */
export const gatewayField = (code: string) => `gateway_${code.replace(/[^A-Za-z0-9]/g, '-')}`

/** The states of the proposals the Credential Group sees: put to it, and its decisions. */
export const GROUP_STATES: readonly ProposalState[] = ['with_group', 'agreed', 'declined', 'deferred']
export const OPEN_STATES: readonly ProposalState[] = [
  'draft',
  'returned',
  'submitted',
  'with_group',
  'deferred',
]

const isAdmin = (actor: ProcessActor) => actor.roles.includes('centre_admin')
const isGroupMember = (actor: ProcessActor) => actor.roles.includes('credential_group_member')
const isAuthor = (actor: ProcessActor) => actor.roles.includes('specification_author')

type ProposalRow = NonNullable<Awaited<ReturnType<typeof repo.lockProposal>>>

function mayView(row: { author_id: string; state: ProposalState }, actor: ProcessActor): boolean {
  if (row.author_id === actor.userId) return true
  if (isAdmin(actor)) return true
  return isGroupMember(actor) && GROUP_STATES.includes(row.state)
}

const toCriterion = (c: {
  code: string
  parent_code: string | null
  title: string | null
  statement: string
}) => ({
  code: c.code,
  parentCode: c.parent_code,
  title: c.title,
  statement: c.statement,
  field: gatewayField(c.code),
})

/** The form field of an answer of the proposal. */
const fieldOfAnswer = (answer: ProposalAnswer) =>
  'criterion' in answer ? gatewayField(answer.criterion) : answer.field

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1)

/**
 * What submission still needs, a problem for each section not yet completed, naming the section
 * and what it lacks, on the section's first missing field.
 */
function incompleteSections(row: ProposalRow, criteria: readonly GatewayCriterion[]): FieldProblem[] {
  const answers = answersOfRow(row)
  return proposalSections(criteria).flatMap((section) => {
    const gaps = sectionGaps(answers, section)
    const first = gaps[0]
    if (!first) return []
    const what = gaps.map((g) => lowerFirst(g.text)).join('; ')
    return [{ field: fieldOfAnswer(first.answer), text: `Complete ${section.title}: ${what}` }]
  })
}

function answersOfRow(
  row: Pick<
    ProposalRow,
    'title' | 'clinical_area_id' | 'need' | 'target_professions' | 'evidence' | 'gateway_answers'
  >,
): ProposalAnswers {
  return {
    title: row.title,
    clinicalAreaId: row.clinical_area_id,
    need: row.need,
    targetProfessions: row.target_professions,
    evidence: row.evidence,
    gatewayAnswers: row.gateway_answers,
  }
}

const draftOfRow = (row: Parameters<typeof answersOfRow>[0]) => draftOf(answersOfRow(row))

const toDue = (season: Season | null, year: number | null): Due | null =>
  season && year ? { season, year } : null

type JudgementRow = Awaited<ReturnType<typeof repo.listGatewayJudgements>>[number]

const toJudgement = (j: JudgementRow): GatewayJudgement => ({
  code: j.criterion_code,
  judgement: j.judgement,
  reason: j.reason,
  submission: j.submission,
})

/** The gateway criteria of the proposal with its answers and the Centre's judgements. */
function gatewayCheck(
  criteria: readonly GatewayCriterion[],
  answers: Record<string, string>,
  rows: readonly JudgementRow[],
  submission: number,
): GatewayCheckView {
  const items = criteria.map((c) => {
    const row = rows.find((j) => j.criterion_code === c.code)
    return {
      ...c,
      answer: answers[c.code] ?? '',
      judgement: row
        ? {
            judgement: row.judgement,
            words: JUDGEMENT_WORDS[row.judgement],
            reason: row.reason,
            judgedByName: row.judged_by_name,
            judgedAt: row.judged_at,
            current: judgementCounts(toJudgement(row), submission),
          }
        : null,
    }
  })
  const unjudged = unjudgedCriteria(
    criteria.map((c) => c.code),
    rows.map(toJudgement),
    submission,
  )
  return { criteria: items, unjudged, judgedCount: criteria.length - unjudged.length }
}

/** Each criterion's judgement on this submission, as lines of an e-mail. */
function judgementLines(
  criteria: readonly GatewayCriterion[],
  judgements: readonly GatewayJudgement[],
  submission: number,
) {
  return criteria.map((c) =>
    judgementLine(
      c.code,
      judgements.find((j) => j.code === c.code),
      submission,
    ),
  )
}

/** The audit action of each decision of the group, named after the state it leaves the proposal in. */
const DECISION_ACTIONS: Record<GroupOutcome, AuditAction> = {
  agree: 'proposal.agreed',
  decline: 'proposal.declined',
  defer: 'proposal.deferred',
}

export function createProposalsService(db: Kysely<Database>, config: Config, clock: Clock): ProposalsService {
  const link = (id: string) => `${config.baseUrl}/proposals/${id}`

  async function currentGateway(trx: Kysely<Database> | Transaction<Database>) {
    const set = await repo.currentCriterionSet(trx, 'gateway')
    if (!set) throw new ServiceError('There are no gateway criteria yet. Ask a Centre admin to publish them')
    return { id: set.id, version: set.version, criteria: set.criteria.map(toCriterion) }
  }

  /** Checks the input against the reference data; blank is allowed, wrong is not. */
  async function cleanInput(
    trx: Transaction<Database>,
    input: ProposalInput,
    criteria: readonly GatewayCriterion[],
  ): Promise<ProposalInput> {
    if (input.clinicalAreaId !== null && !(await areasRepo.findAreaById(trx, input.clinicalAreaId))) {
      throw new ServiceError('Select a clinical area from the list', 'clinicalArea')
    }
    if (input.title.trim().length > MAX_TITLE) {
      throw new ServiceError(`Title must be ${MAX_TITLE} characters or fewer`, 'title')
    }
    for (const [field, text] of [
      ['need', input.need],
      ['evidence', input.evidence],
    ] as const) {
      if (text.length > MAX_TEXT) throw new ServiceError(`Enter no more than ${MAX_TEXT} characters`, field)
    }
    const known = new Set(await listProfessionNames(trx))
    if (input.targetProfessions.some((p) => !known.has(p))) {
      throw new ServiceError('Select target professions from the list', 'targetProfessions')
    }
    const answers: Record<string, string> = {}
    for (const criterion of criteria) {
      const answer = (input.gatewayAnswers[criterion.code] ?? '').trim()
      if (answer.length > MAX_TEXT) {
        throw new ServiceError(`Enter no more than ${MAX_TEXT} characters`, criterion.field)
      }
      if (answer) answers[criterion.code] = answer
    }
    return {
      clinicalAreaId: input.clinicalAreaId,
      title: input.title.trim(),
      need: input.need.trim(),
      targetProfessions: [...new Set(input.targetProfessions)],
      evidence: input.evidence.trim(),
      gatewayAnswers: answers,
    }
  }

  /** The proposal, locked, if this person may see it and has the version they saw. */
  async function open(trx: Transaction<Database>, id: string, rowVersion: number, actor: ProcessActor) {
    const row = await repo.lockProposal(trx, id)
    if (!row || !mayView(row, actor)) throw new NotFound('No such proposal')
    if (row.row_version !== rowVersion) throw staleRecord()
    return row
  }

  async function domainRecord(trx: Transaction<Database>, row: ProposalRow) {
    const criteria = (await repo.listCriteriaOfSet(trx, row.gateway_set_id)).map(toCriterion)
    const codes = criteria.map((c) => c.code)
    const missing = proposalMissing(draftOfRow(row), codes)
    const judgements = (await repo.listGatewayJudgements(trx, row.id)).map(toJudgement)
    const unjudged = unjudgedCriteria(codes, judgements, row.submissions)
    return { record: { state: row.state, authorId: row.author_id, missing, unjudged }, criteria, judgements }
  }

  /** Asks the machine; a refusal changes nothing. */
  async function transition(
    trx: Transaction<Database>,
    row: ProposalRow,
    actor: ProcessActor,
    action: ProposalAction,
  ) {
    const { record, criteria } = await domainRecord(trx, row)
    const outcome = applyToProposal(record, domainActor(actor), action)
    if (!outcome.ok) {
      if (action.type === 'submit' && outcome.reason.startsWith('The proposal is not complete')) {
        throw new ProposalIncomplete(incompleteSections(row, criteria))
      }
      throw refused(outcome.reason, action.type === 'judge' && !action.reason.trim() ? 'reason' : undefined)
    }
    return outcome.record.state
  }

  async function save(
    trx: Transaction<Database>,
    row: ProposalRow,
    changes: Parameters<typeof repo.updateProposal>[3],
  ) {
    const updated = await repo.updateProposal(trx, row.id, row.row_version, changes)
    if (!updated) throw staleRecord()
    return updated
  }

  /** Everything the group's decision needs, checked with the proposal locked, changing nothing. */
  async function judgeDecision(
    trx: Transaction<Database>,
    id: string,
    rowVersion: number,
    decision: GroupDecision,
    actor: ProcessActor,
  ) {
    const row = await open(trx, id, rowVersion, actor)
    const members = await listPeopleWithRole(trx, 'credential_group_member')
    const participantIds = [...new Set(decision.participantIds)]
    const participants: Participant[] = []
    for (const pid of participantIds) {
      const member = members.find((m) => m.id === pid)
      if (!member)
        throw new ServiceError('Select who took part from the list of group members', 'participants')
      participants.push({ id: member.id, name: member.display_name })
    }
    if (decision.expected) {
      const problem = checkStatusDue('in_development', decision.expected)
      if (problem) throw new ServiceError(problem, 'expectedYear')
    }
    const expected = decision.outcome === 'agree' ? decision.expected : null
    const reason = decision.reason.trim()
    const state = await transition(trx, row, actor, {
      type: 'decide',
      outcome: decision.outcome,
      reason,
      participants: participantIds,
      expected,
    })
    return { row, participants, expected, reason, state }
  }

  const stepOf = (row: ProposalRow) => ({
    proposalId: row.id,
    credentialId: row.credential_id,
    entityType: 'proposal',
    entityId: row.id,
  })

  async function uniqueSlug(trx: Transaction<Database>, title: string) {
    const base = slugify(title).slice(0, 80).replace(/-+$/, '') || 'credential'
    const taken = await credentialsRepo.slugsLike(trx, base)
    if (!taken.has(base)) return base
    for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`
  }

  return {
    async formOptions() {
      const [areas, professions, gateway] = await Promise.all([
        areasRepo.listAreas(db),
        listProfessionNames(db),
        currentGateway(db),
      ])
      return {
        areas,
        professions,
        gateway: { version: gateway.version, criteria: gateway.criteria },
      }
    },

    async create(input, actor) {
      if (!isAuthor(actor)) throw refused('Only specification authors propose credentials')
      return db.transaction().execute(async (trx) => {
        const gateway = await currentGateway(trx)
        const clean = await cleanInput(trx, input, gateway.criteria)
        const row = await repo.insertProposal(trx, {
          author_id: actor.userId,
          clinical_area_id: clean.clinicalAreaId,
          title: clean.title,
          need: clean.need,
          target_professions: JSON.stringify(clean.targetProfessions),
          evidence: clean.evidence,
          gateway_set_id: gateway.id,
          gateway_answers: JSON.stringify(clean.gatewayAnswers),
          state: 'draft',
        })
        await recordStep(trx, actor, {
          at: clock.now(),
          proposalId: row.id,
          action: 'proposal.created',
          summary: `Started proposal ${row.number}${clean.title ? `: ${clean.title}` : ''}`,
          entityType: 'proposal',
          entityId: row.id,
          after: clean,
        })
        return row.id
      })
    },

    async update(id, rowVersion, input, actor) {
      return db.transaction().execute(async (trx) => {
        const row = await open(trx, id, rowVersion, actor)
        await transition(trx, row, actor, { type: 'edit' })
        // A proposal being written answers the gateway criteria in force now.
        const gateway = await currentGateway(trx)
        const clean = await cleanInput(trx, input, gateway.criteria)
        const updated = await save(trx, row, {
          clinical_area_id: clean.clinicalAreaId,
          title: clean.title,
          need: clean.need,
          target_professions: JSON.stringify(clean.targetProfessions),
          evidence: clean.evidence,
          gateway_set_id: gateway.id,
          gateway_answers: JSON.stringify(clean.gatewayAnswers),
        })
        await recordStep(trx, actor, {
          at: clock.now(),
          ...stepOf(row),
          action: 'proposal.edited',
          summary: 'Changed the proposal',
          before: draftOfRow(row),
          after: clean,
        })
        return updated.row_version
      })
    },

    async submit(id, rowVersion, actor) {
      return db.transaction().execute(async (trx) => {
        const row = await open(trx, id, rowVersion, actor)
        const state = await transition(trx, row, actor, { type: 'submit' })
        // A new submission: judgements made on the earlier one stay, but must be made again.
        const updated = await save(trx, row, {
          state,
          submitted_at: clock.now(),
          submissions: row.submissions + 1,
        })
        const again = row.state === 'returned'
        await recordStep(trx, actor, {
          at: clock.now(),
          ...stepOf(row),
          action: 'proposal.submitted',
          summary: again ? 'Submitted the proposal again' : 'Submitted the proposal',
        })
        await tellRole(trx, 'centre_admin', `Proposal to check: ${row.title}`, [
          `${actor.name} has ${again ? 'resubmitted' : 'submitted'} a proposal for a new credential, "${row.title}".`,
          '',
          'Check it and put it to the Credential Group, or return it to the author:',
          link(row.id),
        ])
        return updated.row_version
      })
    },

    async judge(id, rowVersion, criterion, judgement, reason, actor) {
      return db.transaction().execute(async (trx) => {
        const row = await open(trx, id, rowVersion, actor)
        const criteria = (await repo.listCriteriaOfSet(trx, row.gateway_set_id)).map(toCriterion)
        if (!criteria.some((c) => c.code === criterion)) throw new NotFound('No such gateway criterion')
        const clean = reason.trim()
        await transition(trx, row, actor, { type: 'judge', criterion, judgement, reason: clean })
        if (clean.length > MAX_REASON)
          throw new ServiceError(
            `Reason must be ${MAX_REASON.toLocaleString('en-GB')} characters or fewer`,
            'reason',
          )
        const before = (await repo.listGatewayJudgements(trx, row.id)).find(
          (j) => j.criterion_code === criterion,
        )
        // The proposal's row version moves too, so a form opened before this judgement is stale.
        const updated = await save(trx, row, {})
        await repo.saveGatewayJudgement(trx, {
          proposal_id: row.id,
          criterion_code: criterion,
          judgement,
          reason: clean,
          submission: row.submissions,
          judged_by: actor.userId,
          judged_at: clock.now(),
        })
        await recordAudit(trx, actor, {
          action: 'proposal.criterion_judged',
          entityType: 'proposal',
          entityId: row.id,
          before: before
            ? { criterion, judgement: before.judgement, reason: before.reason, submission: before.submission }
            : null,
          after: { criterion, judgement, reason: clean, submission: row.submissions },
        })
        return updated.row_version
      })
    },

    async check(id, rowVersion, decision, note, actor) {
      return db.transaction().execute(async (trx) => {
        const row = await open(trx, id, rowVersion, actor)
        const action: ProposalAction =
          decision === 'send' ? { type: 'send_to_group' } : { type: 'return', note: note.trim() }
        const state = await transition(trx, row, actor, action)
        const { criteria, judgements } = await domainRecord(trx, row)
        const rubric = [
          "The Centre's judgement of each gateway criterion:",
          ...judgementLines(criteria, judgements, row.submissions),
        ]
        const checkNote = note.trim() || null
        const updated = await save(trx, row, { state, check_note: checkNote })
        if (decision === 'send') {
          await recordStep(trx, actor, {
            at: clock.now(),
            ...stepOf(row),
            action: 'proposal.sent_to_group',
            summary: 'Checked the proposal and put it to the Credential Group',
            reason: checkNote,
          })
          await tellRole(trx, 'credential_group_member', `For the Credential Group: ${row.title}`, [
            `A proposal for a new credential, "${row.title}", is ready for the Credential Group's decision.`,
            '',
            'Read it before the meeting where the group votes on it, or the written procedure if the Centre calls one:',
            link(row.id),
          ])
          await tell(trx, row.author_id, `Your proposal is with the Credential Group: ${row.title}`, [
            `A Centre admin checked your proposal "${row.title}" and put it to the Credential Group for its decision.`,
            '',
            ...rubric,
            ...(checkNote ? ['', 'A note from the Centre:', checkNote] : []),
            '',
            'Your proposal:',
            link(row.id),
          ])
        } else {
          await recordStep(trx, actor, {
            at: clock.now(),
            ...stepOf(row),
            action: 'proposal.returned',
            summary: 'Returned the proposal to the author',
            reason: checkNote,
          })
          await tell(trx, row.author_id, `Your proposal needs changes: ${row.title}`, [
            `A Centre admin checked your proposal "${row.title}" and returned it to you.`,
            '',
            'What needs to change:',
            checkNote ?? '',
            '',
            ...rubric,
            '',
            'Change it and submit it again:',
            link(row.id),
          ])
        }
        return updated.row_version
      })
    },

    groupDecision: {
      async check(trx, id, rowVersion, decision, actor) {
        const { participants } = await judgeDecision(trx, id, rowVersion, decision, actor)
        return { participants: participants.map((p) => p.name) }
      },
      record: async (trx, id, rowVersion, decision, actor) => {
        const { row, participants, expected, reason, state } = await judgeDecision(
          trx,
          id,
          rowVersion,
          decision,
          actor,
        )
        let credentialId: string | null = null
        let slug: string | null = null
        if (decision.outcome === 'agree' && expected) {
          // Submission needed the area, so only a damaged row could lack one here.
          if (row.clinical_area_id === null)
            throw new Error(`Proposal ${row.id} reached the group without an area`)
          slug = await uniqueSlug(trx, row.title)
          const credential = await credentialsRepo.insertCredential(trx, {
            slug,
            title: row.title,
            clinical_area_id: row.clinical_area_id,
            type: 'credential_specification',
            status: 'in_development',
            origin: 'centre',
            summary: row.need || null,
            lead_author_id: row.author_id,
            listed: true,
          })
          credentialId = credential.id
          await changeStatus(
            trx,
            actor,
            credential.id,
            'in_development',
            `Agreed for development by the Credential Group: ${reason}`,
            clock.now(),
            expected,
          )
          await specifications.insertVersion(trx, {
            credential_id: credential.id,
            number: 1,
            kind: 'specification',
            author_id: row.author_id,
            state: 'draft',
            content: JSON.stringify({ ...emptySpecification(), targetProfessions: row.target_professions }),
          })
        }
        const updated = await save(trx, row, {
          state,
          decision_reason: reason,
          decision_participants: JSON.stringify(participants),
          decided_by: actor.userId,
          decided_at: clock.now(),
          ...(credentialId ? { credential_id: credentialId } : {}),
        })
        const who = participants.map((p) => p.name).join(', ')
        const summaries: Record<GroupOutcome, string> = {
          agree: `The Credential Group agreed the proposal for development, expected ${expected ? formatDue(expected) : ''}`,
          decline: 'The Credential Group declined the proposal',
          defer: 'The Credential Group deferred the proposal',
        }
        await recordStep(trx, actor, {
          at: clock.now(),
          ...stepOf(row),
          credentialId,
          action: DECISION_ACTIONS[decision.outcome],
          summary: `${summaries[decision.outcome]} (taking part: ${who})`,
          reason,
          after: { state, reason, participants, expected, credentialId },
        })
        const words: Record<GroupOutcome, string[]> = {
          agree: [
            `The Credential Group agreed your proposal "${row.title}" for development.`,
            `It is in the catalogue as in development, expected ${expected ? formatDue(expected) : ''}, and version 1 of its specification is ready for you to write:`,
            `${config.baseUrl}/credentials/${slug ?? ''}`,
          ],
          decline: [`The Credential Group declined your proposal "${row.title}".`],
          defer: [
            `The Credential Group deferred its decision on your proposal "${row.title}". A Centre admin will put it to the group again.`,
          ],
        }
        await tell(trx, row.author_id, `The Credential Group's decision: ${row.title}`, [
          ...words[decision.outcome],
          '',
          'The reasons:',
          reason,
          '',
          'Your proposal:',
          link(row.id),
        ])
        return updated.row_version
      },
    },

    async reconsider(id, rowVersion, actor) {
      return db.transaction().execute(async (trx) => {
        const row = await open(trx, id, rowVersion, actor)
        const state = await transition(trx, row, actor, { type: 'reconsider' })
        const updated = await save(trx, row, { state })
        await recordStep(trx, actor, {
          at: clock.now(),
          ...stepOf(row),
          action: 'proposal.reconsidered',
          summary: 'Put the deferred proposal back to the Credential Group',
        })
        await tellRole(trx, 'credential_group_member', `For the Credential Group again: ${row.title}`, [
          `The proposal "${row.title}", which the group deferred, is back for its decision.`,
          '',
          link(row.id),
        ])
        return updated.row_version
      })
    },

    async get(id, actor) {
      const row = await repo.findProposal(db, id)
      if (!row || !mayView(row, actor)) return null
      const set = await repo.findCriterionSet(db, row.gateway_set_id)
      const criteria = (await repo.listCriteriaOfSet(db, row.gateway_set_id)).map(toCriterion)
      const judgementRows = await repo.listGatewayJudgements(db, row.id)
      const check = gatewayCheck(criteria, row.gateway_answers, judgementRows, row.submissions)
      const state = row.state
      const record = {
        state,
        authorId: row.author_id,
        missing: proposalMissing(
          draftOfRow(row),
          criteria.map((c) => c.code),
        ),
        unjudged: check.unjudged,
      }
      const me = domainActor(actor)
      const allowed = (action: ProposalAction) => applyToProposal(record, me, action).ok
      return {
        id: row.id,
        number: row.number,
        title: row.title,
        areaName: row.area_name,
        authorName: row.author_name,
        state,
        stateLabel: proposalStateLabel(state),
        updatedAt: row.updated_at,
        authorId: row.author_id,
        clinicalAreaId: row.clinical_area_id,
        need: row.need,
        targetProfessions: row.target_professions,
        evidence: row.evidence,
        gateway: { version: set?.version ?? 0, criteria, answers: row.gateway_answers },
        checkNote: row.check_note,
        check,
        decisionReason: row.decision_reason,
        participants: row.decision_participants,
        decidedAt: row.decided_at,
        submittedAt: row.submitted_at,
        credential: row.credential_slug
          ? {
              slug: row.credential_slug,
              status: row.credential_status ?? '',
              due: toDue(row.credential_due_season, row.credential_due_year),
            }
          : null,
        rowVersion: row.row_version,
        missing: record.missing,
        timeline: toTimeline(await credentialEvents.listProposalEvents(db, row.id)),
        can: {
          edit: allowed({ type: 'edit' }),
          // Offered while incomplete too: submitting says what is missing.
          submit: applyToProposal({ ...record, missing: [] }, me, { type: 'submit' }).ok,
          check: allowed({ type: 'return', note: 'x' }),
          send: allowed({ type: 'send_to_group' }),
          reconsider: allowed({ type: 'reconsider' }),
        },
      }
    },

    async list(actor, filter) {
      const rows = await repo.listProposals(db, {
        ...(filter.mine ? { authorId: actor.userId } : {}),
        ...(filter.states ? { states: filter.states } : {}),
      })
      return rows
        .filter((r) => mayView(r, actor))
        .map((r) => {
          const state = isProposalState(r.state) ? r.state : 'draft'
          return {
            id: r.id,
            number: r.number,
            title: r.title,
            areaName: r.area_name,
            authorName: r.author_name,
            state,
            stateLabel: proposalStateLabel(state),
            updatedAt: r.updated_at,
          }
        })
    },

    async listForCentre(actor, filter, page, pageSize) {
      if (!isAdmin(actor)) return { proposals: [], total: 0 }
      const { rows, total } = await repo.listProposalPage(db, {
        ...filter,
        limit: pageSize,
        offset: (page - 1) * pageSize,
      })
      return { proposals: rows.map(proposalSummary), total }
    },

    async *exportForCentre(actor, filter) {
      if (!isAdmin(actor)) return
      for await (const rows of inBatches(
        (after: { at: string; number: number } | undefined, limit: number) =>
          repo.listProposalsAfter(db, filter, after, limit),
        (last) => ({ at: last.cursor_at, number: last.number }),
      ))
        yield rows.map(proposalSummary)
    },

    async listForGroup(actor, filter, page, pageSize) {
      if (!isGroupMember(actor)) return { proposals: [], total: 0 }
      const { rows, total } = await repo.listProposalPage(db, {
        ...filter,
        states: GROUP_STATES,
        limit: pageSize,
        offset: (page - 1) * pageSize,
      })
      return { proposals: rows.map(proposalSummary), total }
    },

    async *exportForGroup(actor, filter) {
      if (!isGroupMember(actor)) return
      const groupFilter = { ...filter, states: GROUP_STATES }
      for await (const rows of inBatches(
        (after: { at: string; number: number } | undefined, limit: number) =>
          repo.listProposalsAfter(db, groupFilter, after, limit),
        (last) => ({ at: last.cursor_at, number: last.number }),
      ))
        yield rows.map(proposalSummary)
    },

    async counts(actor) {
      const [toCheck, awaitingGroup, mine] = await Promise.all([
        isAdmin(actor) ? repo.countProposals(db, { states: ['submitted'] }) : 0,
        isAdmin(actor) || isGroupMember(actor) ? repo.countProposals(db, { states: ['with_group'] }) : 0,
        isAuthor(actor) ? repo.countProposals(db, { authorId: actor.userId, states: OPEN_STATES }) : 0,
      ])
      return { toCheck, awaitingGroup, mine }
    },

    async groupMembers() {
      const people = await listPeopleWithRole(db, 'credential_group_member')
      return people.map((p) => ({ id: p.id, name: p.display_name }))
    },

    async expectedDate(slug) {
      const row = await credentialsRepo.findCredentialBySlug(db, slug)
      if (!row) return null
      return {
        slug: row.slug,
        title: row.title,
        status: row.status,
        due: toDue(row.due_season, row.due_year),
        rowVersion: row.row_version,
      }
    },

    async changeExpectedDate(slug, rowVersion, expected, reason, actor) {
      if (!isAdmin(actor)) throw refused("Only Centre admins change a credential's expected date")
      await db.transaction().execute(async (trx) => {
        const found = await credentialsRepo.findCredentialBySlug(trx, slug)
        const row = found && (await credentialsRepo.lockCredential(trx, found.id))
        if (!row) throw new NotFound('No such credential')
        if (row.row_version !== rowVersion) throw staleRecord()
        if (row.status !== 'in_development') {
          throw refused('Only a credential in development has an expected date')
        }
        if (!expected)
          throw new ServiceError('Enter the season and year the specification is expected', 'season')
        const problem = checkStatusDue('in_development', expected)
        if (problem) throw new ServiceError(problem, 'year')
        if (!reason.trim()) throw new ServiceError('Enter why the expected date is changing', 'reason')
        const before = toDue(row.due_season, row.due_year)
        await changeStatus(trx, actor, row.id, 'in_development', reason.trim(), clock.now(), expected)
        await recordStep(trx, actor, {
          at: clock.now(),
          credentialId: row.id,
          action: 'credential.expected_date_changed',
          summary: `Changed the expected date from ${before ? formatDue(before) : 'none'} to ${formatDue(expected)}`,
          reason: reason.trim(),
          entityType: 'credential',
          entityId: row.id,
          before: { due: before },
          after: { due: expected },
        })
        if (row.lead_author_id) {
          await tell(trx, row.lead_author_id, `New expected date: ${row.title}`, [
            `The expected date of "${row.title}" is now ${formatDue(expected)}.`,
            '',
            'The reason:',
            reason.trim(),
            '',
            `${config.baseUrl}/credentials/${row.slug}`,
          ])
        }
      })
    },
  }
}
