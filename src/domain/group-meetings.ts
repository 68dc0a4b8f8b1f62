// The Credential Group decides a proposal by the votes of its members, at a meeting or by
// written procedure between meetings. One pure rule says whether the votes on an item decide
// it and how: groupOutcome. Who may vote and the words of each state live here too.
import type { GroupOutcome } from './proposal-lifecycle.ts'

/** A meeting of the group, or a written procedure (one proposal, voted on by e-mailed link). */
export const MEETING_KINDS = ['meeting', 'written'] as const
export type MeetingKind = (typeof MEETING_KINDS)[number]

/** Open until the chair closes it; closed, its minutes can no longer change. */
export const MEETING_STATES = ['open', 'closed'] as const
export type MeetingState = (typeof MEETING_STATES)[number]

export const MEETING_KIND_LABELS: Record<MeetingKind, string> = {
  meeting: 'Meeting',
  written: 'Written procedure',
}

export const MEETING_STATE_LABELS: Record<MeetingState, string> = { open: 'Open', closed: 'Closed' }

/** A member's vote: the same three choices as the group's outcome. */
export type Vote = GroupOutcome

export const VOTE_LABELS: Record<Vote, string> = {
  agree: 'Agree',
  decline: 'Decline',
  defer: 'Defer',
}

/** The outcome of an item, as the item's page and the proposal's page say it. */
export const ITEM_OUTCOME_LABELS: Record<GroupOutcome, string> = {
  agree: 'Agreed for development',
  decline: 'Declined',
  defer: 'Deferred',
}

export const isMeetingKind = (value: string): value is MeetingKind => MEETING_KINDS.some((k) => k === value)
export const isMeetingState = (value: string): value is MeetingState =>
  MEETING_STATES.some((k) => k === value)

/** "14:30": a time of day on the 24-hour clock, as the meeting form takes it. */
export const isTimeOfDay = (value: string) => /^([01]\d|2[0-3]):[0-5]\d$/.test(value)

export interface GroupVote {
  memberId: string
  vote: Vote
}

export interface GroupOutcomeInput {
  /** Members taking part: present at the meeting, or (written procedure) those who answered. */
  present: readonly string[]
  /** Members with a declared interest in the item (and its author): they never count. */
  conflicted: readonly string[]
  votes: readonly GroupVote[]
  /** How many members present and not conflicted the group needs to decide. */
  quorum: number
}

export type Tally = Record<Vote, number>

export type GroupResult =
  | { decided: true; outcome: GroupOutcome; tally: Tally; voters: string[] }
  | { decided: false; reasons: string[]; tally: Tally }

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

/**
 * The group's rule. The members who count are those present and not conflicted (eligible);
 * the votes that count are theirs, one each. It decides only when:
 *  - at least `quorum` eligible members are present (the quorum), and
 *  - every eligible member present has voted.
 * Then the outcome with more than half of the votes cast wins; when none has (a tie, or a
 * three-way split), the group defers: the proposal waits and comes back to the group.
 * Otherwise it has not decided yet, and says why. Votes of members not present or
 * conflicted are ignored; the order of the votes never matters.
 */
export function groupOutcome(input: GroupOutcomeInput): GroupResult {
  const conflicted = new Set(input.conflicted)
  const eligible = new Set([...new Set(input.present)].filter((id) => !conflicted.has(id)))
  const byMember = new Map<string, Set<Vote>>()
  for (const v of input.votes) {
    if (!eligible.has(v.memberId)) continue
    const votes = byMember.get(v.memberId) ?? new Set<Vote>()
    votes.add(v.vote)
    byMember.set(v.memberId, votes)
  }
  const tally: Tally = { agree: 0, decline: 0, defer: 0 }
  const reasons: string[] = []
  const twice = [...byMember.values()].filter((votes) => votes.size > 1).length
  if (twice) reasons.push(`${plural(twice, 'member has', 'members have')} more than one vote`)
  const voters = [...byMember.keys()].sort()
  for (const votes of byMember.values()) {
    const [only] = votes
    if (votes.size === 1 && only) tally[only] += 1
  }
  if (eligible.size < input.quorum) {
    reasons.push(
      `The quorum is not met: ${plural(eligible.size, 'member', 'members')} present and free to vote, and the group needs ${input.quorum}`,
    )
  }
  const waiting = eligible.size - byMember.size
  if (waiting > 0) {
    reasons.push(
      `${plural(waiting, 'member', 'members')} present and free to vote ${waiting === 1 ? 'has' : 'have'} not voted yet`,
    )
  }
  if (reasons.length) return { decided: false, reasons, tally }
  const cast = tally.agree + tally.decline + tally.defer
  const majority = (['agree', 'decline', 'defer'] as const).find((o) => tally[o] * 2 > cast)
  return { decided: true, outcome: majority ?? 'defer', tally, voters }
}

/** "3 agree, 1 decline, 0 defer": a tally in words. */
export function tallyInWords(tally: Tally): string {
  return `${tally.agree} agree, ${tally.decline} decline, ${tally.defer} defer`
}

/** What decides whether a member may vote on an item now. */
export interface VoteContext {
  kind: MeetingKind
  meetingOpen: boolean
  itemOpen: boolean
  /** YYYY-MM-DD in London: the meeting's day, and (written procedure) its last day. */
  meetsOn: string
  closesOn: string | null
  today: string
  isMember: boolean
  isAuthor: boolean
  present: boolean
  conflicted: boolean
  voted: boolean
}

/**
 * Why this member may not vote on the item now, or null when they may: a member votes once,
 * only when free of any interest in it (the proposal's author never votes on their own), at a
 * meeting only once it has started and only if present, by written procedure only until its
 * last day.
 */
export function voteRefusal(c: VoteContext): string | null {
  if (!c.isMember) return 'Only members of the Credential Group vote'
  if (!c.meetingOpen || !c.itemOpen) return 'Voting on this item has closed'
  if (c.isAuthor) return 'You proposed this credential, so you do not vote on it'
  if (c.conflicted) return 'You declared an interest in this proposal, so you do not vote on it'
  if (c.voted) return 'You have already voted on this item'
  if (c.kind === 'meeting') {
    if (c.today < c.meetsOn) return 'Voting opens on the day of the meeting'
    if (!c.present) return 'Only members recorded as present vote at a meeting'
  } else if (c.closesOn !== null && c.today > c.closesOn) {
    return 'The written procedure has closed'
  }
  return null
}
