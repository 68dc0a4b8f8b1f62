// Credential Group meetings and written procedures. A Centre admin (the chair) sets a meeting
// with an agenda of proposals with the group, records who is present, the members' declared
// interests and the minutes; members present and free of any interest vote on each item; the
// chair closes an item, and the outcome the group's rule (groupOutcome) gives is recorded
// through the proposal's own decision, so its timeline, e-mails and catalogue status follow.
// A written procedure is the same for one urgent proposal between meetings: every member is
// e-mailed a link to vote until its closing date.
// Each use case is one transaction, audited.
import type { Kysely, Transaction } from 'kysely'
import type { Config } from '../config.ts'
import type { Database, Participant } from '../db/schema.ts'
import type { Due } from '../domain/catalogue.ts'
import type { Clock } from '../domain/clock.ts'
import { longDate } from '../domain/dates.ts'
import { isUuid } from '../domain/identifiers.ts'
import {
  groupOutcome,
  isTimeOfDay,
  ITEM_OUTCOME_LABELS,
  MEETING_KIND_LABELS,
  MEETING_STATE_LABELS,
  tallyInWords,
  VOTE_LABELS,
  voteRefusal,
  type GroupResult,
  type MeetingKind,
  type MeetingState,
  type Vote,
} from '../domain/group-meetings.ts'
import { proposalStateLabel, type GroupOutcome, type ProposalState } from '../domain/proposal-lifecycle.ts'
import * as attendanceRepo from '../repositories/group-attendance.ts'
import * as interestsRepo from '../repositories/group-interests.ts'
import * as itemsRepo from '../repositories/group-meeting-items.ts'
import * as meetingsRepo from '../repositories/group-meetings.ts'
import * as votesRepo from '../repositories/group-votes.ts'
import * as proposalsRepo from '../repositories/proposals.ts'
import { listPeopleWithRole } from '../repositories/role-grants.ts'
import { recordAudit } from './audit.ts'
import { NotFound, ServiceError, FieldProblems, type FieldProblem } from './errors.ts'
import { refused, staleRecord, tellRole, type ProcessActor } from './process.ts'
import type { GroupDecisionRecorder } from './proposals.ts'

export const MAX_MINUTES = 20_000
export const MAX_REASON = 5_000

export interface MeetingSummary {
  id: string
  number: number
  kind: MeetingKind
  kindLabel: string
  meetsOn: string
  startsAt: string
  closesOn: string | null
  state: MeetingState
  stateLabel: string
  itemCount: number
  closedItems: number
}

export interface ItemVote {
  memberId: string
  name: string
  vote: Vote
  voteLabel: string
  reason: string
  votedAt: Date
}

export interface ItemInterest {
  memberId: string
  name: string
  interest: string
}

export interface ItemView {
  id: string
  proposalId: string
  proposalNumber: number
  proposalTitle: string
  proposalStateLabel: string
  authorId: string
  rowVersion: number
  outcome: GroupOutcome | null
  outcomeLabel: string | null
  closedAt: Date | null
  closedByName: string | null
  interests: ItemInterest[]
  votes: ItemVote[]
  /** What the group's rule says of the votes now. */
  result: GroupResult
  tallyText: string
  /** This person's part: whether they may vote, and if not why. */
  me: {
    mayVote: boolean
    whyNot: string | null
    vote: Vote | null
    voteLabel: string | null
    conflicted: boolean
  }
  /** Members who may still declare an interest (the chair's list). */
  mayDeclare: Participant[]
  /** Whether this person (the chair) may close it now, and if not why. */
  close: { may: boolean; whyNot: string | null }
}

export interface MeetingView extends MeetingSummary {
  minutes: string
  chairName: string
  rowVersion: number
  members: Participant[]
  present: Participant[]
  items: ItemView[]
  /** The chair's: attendance, minutes, interests, closing. */
  manage: boolean
  quorum: number
}

export interface ProposalVotes {
  meetingId: string
  meetingNumber: number
  kindLabel: string
  meetsOn: string
  startsAt: string
  outcomeLabel: string | null
  votes: ItemVote[]
  interests: ItemInterest[]
}

export interface MeetingInput {
  /** YYYY-MM-DD, a day in London. */
  meetsOn: string
  /** "14:30", in London. */
  startsAt: string
  proposalIds: string[]
}

export interface CloseInput {
  reason: string
  expected: Due | null
}

export interface CloseCheck {
  outcome: GroupOutcome
  outcomeLabel: string
  tallyText: string
  participants: string[]
  proposalTitle: string
  proposalNumber: number
  authorName: string
}

export interface GroupMeetingsService {
  list(
    actor: ProcessActor,
    page: number,
    pageSize: number,
  ): Promise<{ meetings: MeetingSummary[]; total: number }>
  /** Proposals with the group and on no open agenda: what a new meeting or procedure may take. */
  agendaChoices(actor: ProcessActor): Promise<Array<{ id: string; number: number; title: string }>>
  create(input: MeetingInput, actor: ProcessActor): Promise<string>
  startWrittenProcedure(proposalId: string, closesOn: string, actor: ProcessActor): Promise<string>
  get(id: string, actor: ProcessActor): Promise<MeetingView | null>
  recordAttendance(id: string, rowVersion: number, memberIds: string[], actor: ProcessActor): Promise<number>
  saveMinutes(id: string, rowVersion: number, minutes: string, actor: ProcessActor): Promise<number>
  /** Declares a member's interest in an item: the chair for any member, a member for themselves. */
  declareInterest(
    id: string,
    itemId: string,
    memberId: string,
    interest: string,
    actor: ProcessActor,
  ): Promise<void>
  vote(id: string, itemId: string, vote: Vote, reason: string, actor: ProcessActor): Promise<void>
  /** Checks closing the item without recording: what the rule decides, for the confirmation page. */
  checkClose(
    id: string,
    itemId: string,
    rowVersion: number,
    input: CloseInput,
    actor: ProcessActor,
  ): Promise<CloseCheck>
  /** Closes the item with the rule's outcome, recorded as the proposal's decision. */
  closeItem(
    id: string,
    itemId: string,
    rowVersion: number,
    input: CloseInput,
    actor: ProcessActor,
  ): Promise<GroupOutcome>
  /** Closes the meeting: its minutes no longer change; items not closed stay with the group. */
  close(id: string, rowVersion: number, actor: ProcessActor): Promise<void>
  /** The votes and interests on a proposal at every meeting that closed its item. */
  forProposal(proposalId: string): Promise<ProposalVotes[]>
}

const isAdmin = (actor: ProcessActor) => actor.roles.includes('centre_admin')
const isMember = (actor: ProcessActor) => actor.roles.includes('credential_group_member')
const mayView = (actor: ProcessActor) => isAdmin(actor) || isMember(actor)

type MeetingRow = NonNullable<Awaited<ReturnType<typeof meetingsRepo.findMeeting>>>

function summaryOf(
  row: Pick<MeetingRow, 'id' | 'number' | 'kind' | 'meets_on' | 'starts_at' | 'closes_on' | 'state'>,
  items: number,
  closedItems: number,
): MeetingSummary {
  return {
    id: row.id,
    number: row.number,
    kind: row.kind,
    kindLabel: MEETING_KIND_LABELS[row.kind],
    meetsOn: row.meets_on,
    startsAt: row.starts_at,
    closesOn: row.closes_on,
    state: row.state,
    stateLabel: MEETING_STATE_LABELS[row.state],
    itemCount: items,
    closedItems,
  }
}

/** "6 January 2027 at 14:30" */
export const meetingWhen = (m: {
  kind: MeetingKind
  meetsOn: string
  startsAt: string
  closesOn: string | null
}) =>
  m.kind === 'written' && m.closesOn
    ? `voting until ${longDate(m.closesOn)}`
    : `${longDate(m.meetsOn)} at ${m.startsAt}`

export function createGroupMeetingsService(
  db: Kysely<Database>,
  config: Config,
  clock: Clock,
  decisions: GroupDecisionRecorder,
): GroupMeetingsService {
  const link = (id: string) => `${config.baseUrl}/group-meetings/${id}`
  const quorum = config.groupQuorum

  function chairOnly(actor: ProcessActor) {
    if (!isAdmin(actor)) throw refused('Only Centre admins chair the Credential Group')
  }

  async function members(trx: Kysely<Database> | Transaction<Database>): Promise<Participant[]> {
    const people = await listPeopleWithRole(trx, 'credential_group_member')
    return people.map((p) => ({ id: p.id, name: p.display_name }))
  }

  async function audit(
    trx: Transaction<Database>,
    actor: ProcessActor,
    action: Parameters<typeof recordAudit>[2]['action'],
    meetingId: string,
    after: unknown,
  ) {
    await recordAudit(trx, actor, { action, entityType: 'group_meeting', entityId: meetingId, after })
  }

  /** The meeting, locked, open, and at the version the person saw. */
  async function openMeeting(trx: Transaction<Database>, id: string, rowVersion: number | null) {
    const row = await meetingsRepo.lockMeeting(trx, id)
    if (!row) throw new NotFound('No such meeting')
    if (rowVersion !== null && row.row_version !== rowVersion) throw staleRecord()
    if (row.state !== 'open') throw refused('This meeting is closed')
    return row
  }

  /** Proposals a new agenda may take: with the group, and on no open agenda already. */
  async function checkAgenda(trx: Transaction<Database>, proposalIds: readonly string[], field: string) {
    const proposals = []
    for (const pid of new Set(proposalIds)) {
      const p = isUuid(pid) ? await proposalsRepo.findProposal(trx, pid) : undefined
      if (!p || p.state !== 'with_group')
        throw new ServiceError('Select proposals that are with the Credential Group', field)
      const open = await itemsRepo.findOpenItemOfProposal(trx, pid)
      if (open)
        throw new ServiceError(
          `Proposal ${p.number} is already on the agenda of ${MEETING_KIND_LABELS[open.kind].toLowerCase()} ${open.meeting_number}`,
          field,
        )
      proposals.push(p)
    }
    return proposals
  }

  /** Everything about one meeting's items that the rule and the pages need. */
  async function itemsOf(
    dbOrTrx: Kysely<Database> | Transaction<Database>,
    meeting: Pick<MeetingRow, 'id' | 'kind' | 'state' | 'meets_on' | 'closes_on'>,
    actor: ProcessActor,
  ) {
    const [rows, present, everyone] = await Promise.all([
      itemsRepo.listItemsOfMeeting(dbOrTrx, meeting.id),
      attendanceRepo.listPresent(dbOrTrx, meeting.id),
      members(dbOrTrx),
    ])
    const ids = rows.map((r) => r.id)
    const [interests, votes] = await Promise.all([
      interestsRepo.listInterests(dbOrTrx, ids),
      votesRepo.listVotes(dbOrTrx, ids),
    ])
    const presentIds = present.map((p) => p.member_id)
    const today = clock.today()
    const items: ItemView[] = rows.map((r) => {
      const itemInterests = interests.filter((i) => i.item_id === r.id)
      const itemVotes = votes.filter((v) => v.item_id === r.id)
      // The author never votes on their own proposal: they count as having an interest.
      const conflicted = [...itemInterests.map((i) => i.member_id), r.proposal_author_id]
      const voters = itemVotes.map((v) => v.member_id)
      // At a meeting, those present take part; by written procedure, those who answered.
      const takingPart = meeting.kind === 'meeting' ? presentIds : voters
      const result = groupOutcome({
        present: takingPart,
        conflicted,
        votes: itemVotes.map((v) => ({ memberId: v.member_id, vote: v.vote })),
        quorum,
      })
      const mine = itemVotes.find((v) => v.member_id === actor.userId)
      const iConflicted = conflicted.includes(actor.userId)
      const whyNot = voteRefusal({
        kind: meeting.kind,
        meetingOpen: meeting.state === 'open',
        itemOpen: r.closed_at === null,
        meetsOn: meeting.meets_on,
        closesOn: meeting.closes_on,
        today,
        isMember: isMember(actor),
        isAuthor: r.proposal_author_id === actor.userId,
        present: presentIds.includes(actor.userId),
        conflicted: iConflicted,
        voted: mine !== undefined,
      })
      const closeWhyNot = (() => {
        if (!isAdmin(actor)) return 'Only Centre admins chair the Credential Group'
        if (meeting.state !== 'open' || r.closed_at !== null) return 'This item is closed'
        if (r.proposal_state !== 'with_group') return 'The proposal is no longer with the Credential Group'
        if (meeting.kind === 'written' && meeting.closes_on !== null && today <= meeting.closes_on) {
          const waiting = everyone.filter((m) => !conflicted.includes(m.id) && !voters.includes(m.id))
          if (waiting.length)
            return `The written procedure is open until ${longDate(meeting.closes_on)} and ${waiting.length} of the members free to vote ${waiting.length === 1 ? 'has' : 'have'} not voted`
        }
        if (!result.decided) return result.reasons.join('. ')
        return null
      })()
      const state: ProposalState = r.proposal_state
      return {
        id: r.id,
        proposalId: r.proposal_id,
        proposalNumber: r.proposal_number,
        proposalTitle: r.proposal_title,
        proposalStateLabel: proposalStateLabel(state),
        authorId: r.proposal_author_id,
        rowVersion: r.row_version,
        outcome: r.outcome,
        outcomeLabel: r.outcome ? ITEM_OUTCOME_LABELS[r.outcome] : null,
        closedAt: r.closed_at,
        closedByName: r.closed_by_name,
        interests: itemInterests.map((i) => ({
          memberId: i.member_id,
          name: i.display_name,
          interest: i.interest,
        })),
        votes: itemVotes.map((v) => ({
          memberId: v.member_id,
          name: v.display_name,
          vote: v.vote,
          voteLabel: VOTE_LABELS[v.vote],
          reason: v.reason,
          votedAt: v.voted_at,
        })),
        result,
        tallyText: tallyInWords(result.tally),
        me: {
          mayVote: whyNot === null,
          whyNot,
          vote: mine?.vote ?? null,
          voteLabel: mine ? VOTE_LABELS[mine.vote] : null,
          conflicted: iConflicted,
        },
        // The chair records an interest for any member, present yet or not (before the meeting too).
        mayDeclare: everyone.filter((m) => !conflicted.includes(m.id)),
        close: { may: closeWhyNot === null, whyNot: closeWhyNot },
      }
    })
    return { items, present, everyone }
  }

  /** The item, its meeting and what the rule decides, checked with both locked, changing nothing. */
  async function judgeClose(
    trx: Transaction<Database>,
    id: string,
    itemId: string,
    rowVersion: number,
    input: CloseInput,
    actor: ProcessActor,
  ) {
    chairOnly(actor)
    const meeting = await openMeeting(trx, id, null)
    const item = await itemsRepo.lockItem(trx, id, itemId)
    if (!item) throw new NotFound('No such item')
    if (item.row_version !== rowVersion) throw staleRecord()
    const { items } = await itemsOf(trx, meeting, actor)
    const view = items.find((i) => i.id === itemId)
    if (!view) throw new NotFound('No such item')
    if (!view.close.may || !view.result.decided)
      throw refused(view.close.whyNot ?? 'This item cannot be closed yet')
    const { outcome, voters } = view.result
    const problems: FieldProblem[] = []
    const reason = input.reason.trim()
    if (!reason) problems.push({ field: 'reason', text: 'Enter the reasons for the decision' })
    if (reason.length > MAX_REASON)
      problems.push({ field: 'reason', text: `Enter no more than ${MAX_REASON} characters` })
    if (outcome === 'agree' && !input.expected)
      problems.push({
        field: 'expectedSeason',
        text: 'Enter the season and year the specification is expected',
      })
    if (problems.length) throw new FieldProblems(problems)
    const proposal = await proposalsRepo.findProposal(trx, item.proposal_id)
    if (!proposal) throw new NotFound('No such proposal')
    const decision = {
      outcome,
      reason,
      // Those whose votes counted, by name as the votes are listed.
      participantIds: view.votes.map((v) => v.memberId).filter((m) => voters.includes(m)),
      expected: outcome === 'agree' ? input.expected : null,
    }
    return { meeting, item, view, outcome, decision, proposal }
  }

  return {
    async list(actor, page, pageSize) {
      if (!mayView(actor)) return { meetings: [], total: 0 }
      const { rows, total } = await meetingsRepo.listMeetingPage(db, pageSize, (page - 1) * pageSize)
      return { meetings: rows.map((r) => summaryOf(r, r.items, r.closed_items)), total }
    },

    async agendaChoices(actor) {
      if (!isAdmin(actor)) return []
      const rows = await proposalsRepo.listProposals(db, { states: ['with_group'] })
      const choices = []
      for (const r of rows) {
        if (!(await itemsRepo.findOpenItemOfProposal(db, r.id)))
          choices.push({ id: r.id, number: r.number, title: r.title })
      }
      return choices.sort((a, b) => a.number - b.number)
    },

    async create(input, actor) {
      chairOnly(actor)
      if (!isTimeOfDay(input.startsAt))
        throw new ServiceError('Enter the time the meeting starts, such as 14:30', 'startsAt')
      if (!input.proposalIds.length)
        throw new ServiceError('Select at least one proposal for the agenda', 'proposals')
      return db.transaction().execute(async (trx) => {
        const agenda = await checkAgenda(trx, input.proposalIds, 'proposals')
        const meeting = await meetingsRepo.insertMeeting(trx, {
          kind: 'meeting',
          meets_on: input.meetsOn,
          starts_at: input.startsAt,
          closes_on: null,
          created_by: actor.userId,
        })
        await itemsRepo.insertItems(
          trx,
          meeting.id,
          agenda.map((p) => p.id),
        )
        await audit(trx, actor, 'group_meeting.created', meeting.id, {
          meetsOn: input.meetsOn,
          startsAt: input.startsAt,
          agenda: agenda.map((p) => ({ id: p.id, number: p.number, title: p.title })),
        })
        await tellRole(
          trx,
          'credential_group_member',
          `Credential Group meeting on ${longDate(input.meetsOn)}`,
          [
            `The Credential Group meets on ${longDate(input.meetsOn)} at ${input.startsAt} (UK time).`,
            '',
            'On the agenda:',
            ...agenda.map((p) => `- Proposal ${p.number}: ${p.title}`),
            '',
            'If you have an interest in a proposal, declare it on the meeting page before the meeting:',
            link(meeting.id),
          ],
        )
        return meeting.id
      })
    },

    async startWrittenProcedure(proposalId, closesOn, actor) {
      chairOnly(actor)
      const today = clock.today()
      if (closesOn <= today) throw new ServiceError('The closing date must be after today', 'closesOn-day')
      return db.transaction().execute(async (trx) => {
        const [proposal] = await checkAgenda(trx, [proposalId], 'proposal')
        if (!proposal)
          throw new ServiceError('Select a proposal that is with the Credential Group', 'proposal')
        const meeting = await meetingsRepo.insertMeeting(trx, {
          kind: 'written',
          meets_on: today,
          starts_at: '00:00',
          closes_on: closesOn,
          created_by: actor.userId,
        })
        await itemsRepo.insertItems(trx, meeting.id, [proposal.id])
        await audit(trx, actor, 'group_meeting.written_procedure_started', meeting.id, {
          closesOn,
          proposal: { id: proposal.id, number: proposal.number, title: proposal.title },
        })
        await tellRole(
          trx,
          'credential_group_member',
          `Your vote, by ${longDate(closesOn)}: ${proposal.title}`,
          [
            `The Centre has put proposal ${proposal.number}, "${proposal.title}", to the Credential Group by written procedure, without waiting for the next meeting.`,
            '',
            `Read it, then vote (agree, decline or defer, with your reasons) or declare an interest, by ${longDate(closesOn)}:`,
            link(meeting.id),
          ],
        )
        return meeting.id
      })
    },

    async get(id, actor) {
      if (!mayView(actor)) return null
      const row = await meetingsRepo.findMeeting(db, id)
      if (!row) return null
      const { items, present, everyone } = await itemsOf(db, row, actor)
      return {
        ...summaryOf(row, items.length, items.filter((i) => i.closedAt !== null).length),
        minutes: row.minutes,
        chairName: row.created_by_name,
        rowVersion: row.row_version,
        members: everyone,
        present: present.map((p) => ({ id: p.member_id, name: p.display_name })),
        items,
        manage: isAdmin(actor) && row.state === 'open',
        quorum,
      }
    },

    async recordAttendance(id, rowVersion, memberIds, actor) {
      chairOnly(actor)
      return db.transaction().execute(async (trx) => {
        const meeting = await openMeeting(trx, id, rowVersion)
        if (meeting.kind !== 'meeting') throw refused('A written procedure has no attendance')
        const known = await members(trx)
        const chosen = [...new Set(memberIds)]
        if (chosen.some((m) => !known.some((k) => k.id === m)))
          throw new ServiceError('Select who is present from the list of members', 'present')
        const voted = (
          await votesRepo.listVotes(
            trx,
            (await itemsRepo.listItemsOfMeeting(trx, id)).map((i) => i.id),
          )
        ).map((v) => v.member_id)
        const leaving = voted.find((m) => !chosen.includes(m))
        if (leaving)
          throw new ServiceError(
            `${known.find((k) => k.id === leaving)?.name ?? 'A member'} has voted, so stays recorded as present`,
            'present',
          )
        await attendanceRepo.replacePresent(trx, id, chosen)
        const updated = await meetingsRepo.updateMeeting(trx, id, rowVersion, {})
        if (!updated) throw staleRecord()
        await itemsRepo.touchItems(trx, id)
        await audit(trx, actor, 'group_meeting.attendance_recorded', id, {
          present: known.filter((k) => chosen.includes(k.id)),
        })
        return updated.row_version
      })
    },

    async saveMinutes(id, rowVersion, minutes, actor) {
      chairOnly(actor)
      const text = minutes.trim()
      if (text.length > MAX_MINUTES)
        throw new ServiceError(
          `Enter no more than ${MAX_MINUTES.toLocaleString('en-GB')} characters`,
          'minutes',
        )
      return db.transaction().execute(async (trx) => {
        const meeting = await openMeeting(trx, id, rowVersion)
        const updated = await meetingsRepo.updateMeeting(trx, id, rowVersion, { minutes: text })
        if (!updated) throw staleRecord()
        await recordAudit(trx, actor, {
          action: 'group_meeting.minutes_saved',
          entityType: 'group_meeting',
          entityId: id,
          before: { minutes: meeting.minutes },
          after: { minutes: text },
        })
        return updated.row_version
      })
    },

    async declareInterest(id, itemId, memberId, interest, actor) {
      const forSelf = memberId === actor.userId
      if (!isAdmin(actor) && !(isMember(actor) && forSelf))
        throw refused('Members declare their own interests; the chair records anyone’s')
      const text = interest.trim()
      if (!text) throw new ServiceError('Enter the interest', 'interest')
      if (text.length > MAX_REASON)
        throw new ServiceError(`Enter no more than ${MAX_REASON} characters`, 'interest')
      await db.transaction().execute(async (trx) => {
        const meeting = await openMeeting(trx, id, null)
        const item = await itemsRepo.lockItem(trx, id, itemId)
        if (!item) throw new NotFound('No such item')
        if (item.closed_at) throw refused('This item is closed')
        const member = (await members(trx)).find((m) => m.id === memberId)
        if (!member) throw new ServiceError('Select the member who has the interest', 'member')
        const inserted = await interestsRepo.insertInterest(trx, {
          item_id: itemId,
          member_id: memberId,
          interest: text,
          declared_by: actor.userId,
          declared_at: clock.now(),
        })
        if (!inserted)
          throw new ServiceError(`${member.name} has already declared an interest in this item`, 'interest')
        await itemsRepo.touchItems(trx, id, itemId)
        await audit(trx, actor, 'group_meeting.interest_declared', meeting.id, {
          item: itemId,
          proposal: item.proposal_id,
          member,
          interest: text,
        })
      })
    },

    async vote(id, itemId, vote, reason, actor) {
      const text = reason.trim()
      if (!text) throw new ServiceError('Enter the reason for your vote', 'reason')
      if (text.length > MAX_REASON)
        throw new ServiceError(`Enter no more than ${MAX_REASON} characters`, 'reason')
      await db.transaction().execute(async (trx) => {
        const meeting = await meetingsRepo.lockMeeting(trx, id)
        if (!meeting || !mayView(actor)) throw new NotFound('No such meeting')
        const item = await itemsRepo.lockItem(trx, id, itemId)
        if (!item) throw new NotFound('No such item')
        const { items } = await itemsOf(trx, meeting, actor)
        const view = items.find((i) => i.id === itemId)
        if (!view) throw new NotFound('No such item')
        if (view.me.whyNot) throw refused(view.me.whyNot)
        const inserted = await votesRepo.insertVote(trx, {
          item_id: itemId,
          member_id: actor.userId,
          vote,
          reason: text,
          voted_at: clock.now(),
        })
        if (!inserted) throw refused('You have already voted on this item')
        await itemsRepo.touchItems(trx, id, itemId)
        await audit(trx, actor, 'group_meeting.vote_cast', id, {
          item: itemId,
          proposal: item.proposal_id,
          vote,
          reason: text,
        })
      })
    },

    async checkClose(id, itemId, rowVersion, input, actor) {
      return db.transaction().execute(async (trx) => {
        const { view, outcome, decision, proposal } = await judgeClose(
          trx,
          id,
          itemId,
          rowVersion,
          input,
          actor,
        )
        const { participants } = await decisions.check(
          trx,
          proposal.id,
          proposal.row_version,
          decision,
          actor,
        )
        return {
          outcome,
          outcomeLabel: ITEM_OUTCOME_LABELS[outcome],
          tallyText: view.tallyText,
          participants,
          proposalTitle: proposal.title,
          proposalNumber: proposal.number,
          authorName: proposal.author_name,
        }
      })
    },

    async closeItem(id, itemId, rowVersion, input, actor) {
      return db.transaction().execute(async (trx) => {
        const { view, outcome, decision, proposal } = await judgeClose(
          trx,
          id,
          itemId,
          rowVersion,
          input,
          actor,
        )
        await decisions.record(trx, proposal.id, proposal.row_version, decision, actor)
        const closed = await itemsRepo.closeItem(trx, itemId, rowVersion, {
          outcome,
          closed_by: actor.userId,
          closed_at: clock.now(),
        })
        if (!closed) throw staleRecord()
        await audit(trx, actor, 'group_meeting.item_closed', id, {
          item: itemId,
          proposal: { id: proposal.id, number: proposal.number, title: proposal.title },
          outcome,
          tally: view.result.tally,
          voters: view.votes.map((v) => ({ id: v.memberId, name: v.name, vote: v.vote })),
        })
        return outcome
      })
    },

    async close(id, rowVersion, actor) {
      chairOnly(actor)
      await db.transaction().execute(async (trx) => {
        await openMeeting(trx, id, rowVersion)
        const updated = await meetingsRepo.updateMeeting(trx, id, rowVersion, {
          state: 'closed',
          closed_at: clock.now(),
        })
        if (!updated) throw staleRecord()
        await audit(trx, actor, 'group_meeting.closed', id, { state: 'closed' })
      })
    },

    async forProposal(proposalId) {
      const rows = await itemsRepo.listItemsOfProposal(db, proposalId)
      const ids = rows.map((r) => r.id)
      const [votes, interests] = await Promise.all([
        votesRepo.listVotes(db, ids),
        interestsRepo.listInterests(db, ids),
      ])
      return rows.map((r) => ({
        meetingId: r.meeting_id,
        meetingNumber: r.meeting_number,
        kindLabel: MEETING_KIND_LABELS[r.kind],
        meetsOn: r.meets_on,
        startsAt: r.starts_at,
        outcomeLabel: r.outcome ? ITEM_OUTCOME_LABELS[r.outcome] : null,
        votes: votes
          .filter((v) => v.item_id === r.id)
          .map((v) => ({
            memberId: v.member_id,
            name: v.display_name,
            vote: v.vote,
            voteLabel: VOTE_LABELS[v.vote],
            reason: v.reason,
            votedAt: v.voted_at,
          })),
        interests: interests
          .filter((i) => i.item_id === r.id)
          .map((i) => ({ memberId: i.member_id, name: i.display_name, interest: i.interest })),
      }))
    },
  }
}
