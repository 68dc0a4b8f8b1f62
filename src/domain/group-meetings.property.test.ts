// The Credential Group's rule on random meetings: it never decides without a quorum or while
// someone free to vote has not, conflicted and absent members never count, the order of the
// votes never matters, a unanimous group gets what it voted, and a decision is a majority of
// the votes cast or, without one, a deferral.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { groupOutcome, type GroupOutcomeInput, type Vote } from './group-meetings.ts'

const MEMBERS = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7']
const voteArb = fc.constantFrom<Vote>('agree', 'decline', 'defer')

/** A meeting: who is present, who is conflicted, a vote from any member, and a quorum. */
const meetingArb = fc
  .record({
    present: fc.subarray(MEMBERS),
    conflicted: fc.subarray(MEMBERS),
    voting: fc.subarray(MEMBERS),
    quorum: fc.integer({ min: 1, max: 6 }),
  })
  .chain(({ present, conflicted, voting, quorum }) =>
    fc.tuple(...voting.map(() => voteArb)).map((votes): GroupOutcomeInput => ({
      present,
      conflicted,
      quorum,
      votes: voting.map((memberId, i) => ({ memberId, vote: votes[i] ?? 'defer' })),
    })),
  )

/** A meeting where everyone free to vote has voted, once. */
const fullMeetingArb = fc
  .record({
    present: fc.subarray(MEMBERS, { minLength: 1 }),
    conflicted: fc.subarray(MEMBERS),
    quorum: fc.integer({ min: 1, max: 4 }),
  })
  .chain(({ present, conflicted, quorum }) =>
    fc.tuple(...present.map(() => voteArb)).map((votes): GroupOutcomeInput => ({
      present,
      conflicted,
      quorum,
      votes: present.map((memberId, i) => ({ memberId, vote: votes[i] ?? 'defer' })),
    })),
  )

const eligibleOf = (m: GroupOutcomeInput) => m.present.filter((id) => !m.conflicted.includes(id))

describe('the Credential Group rule (groupOutcome)', () => {
  it('never decides without a quorum of members present and free to vote', () => {
    fc.assert(
      fc.property(meetingArb, (m) => {
        const result = groupOutcome(m)
        if (eligibleOf(m).length < m.quorum) {
          assert.equal(result.decided, false)
          assert.ok(!result.decided && result.reasons.some((r) => r.startsWith('The quorum is not met')))
        }
      }),
    )
  })

  it('never decides while a member present and free to vote has not voted', () => {
    fc.assert(
      fc.property(meetingArb, (m) => {
        const voted = new Set(m.votes.map((v) => v.memberId))
        if (eligibleOf(m).some((id) => !voted.has(id))) assert.equal(groupOutcome(m).decided, false)
      }),
    )
  })

  it("never counts a conflicted or absent member's vote", () => {
    fc.assert(
      fc.property(meetingArb, fc.array(fc.tuple(fc.constantFrom(...MEMBERS), voteArb)), (m, extra) => {
        const eligible = new Set(eligibleOf(m))
        const noise = extra
          .filter(([id]) => !eligible.has(id))
          .map(([memberId, vote]) => ({ memberId, vote }))
        assert.deepEqual(groupOutcome({ ...m, votes: [...m.votes, ...noise] }), groupOutcome(m))
        const cleaned = m.votes.filter((v) => eligible.has(v.memberId))
        assert.deepEqual(groupOutcome({ ...m, votes: cleaned }), groupOutcome(m))
      }),
    )
  })

  it('gives the same result whatever the order of the votes', () => {
    fc.assert(
      fc.property(
        meetingArb.chain((m) =>
          fc.shuffledSubarray([...m.votes], { minLength: m.votes.length }).map((v) => [m, v] as const),
        ),
        ([m, shuffled]) => {
          assert.deepEqual(groupOutcome({ ...m, votes: shuffled }), groupOutcome(m))
        },
      ),
    )
  })

  it('decides what a unanimous quorate group voted', () => {
    fc.assert(
      fc.property(fullMeetingArb, voteArb, (m, vote) => {
        const unanimous = { ...m, votes: m.votes.map((v) => ({ ...v, vote })) }
        const result = groupOutcome(unanimous)
        if (eligibleOf(m).length >= m.quorum) assert.deepEqual(result.decided && result.outcome, vote)
      }),
    )
  })

  it('decides by more than half of the votes cast, and defers without such a majority', () => {
    fc.assert(
      fc.property(fullMeetingArb, (m) => {
        const result = groupOutcome(m)
        if (eligibleOf(m).length < m.quorum) return assert.equal(result.decided, false)
        assert.ok(result.decided)
        const cast = result.tally.agree + result.tally.decline + result.tally.defer
        assert.equal(cast, new Set(eligibleOf(m)).size)
        const winner = (['agree', 'decline', 'defer'] as const).find((o) => result.tally[o] * 2 > cast)
        assert.equal(result.outcome, winner ?? 'defer')
        assert.deepEqual(result.voters, [...new Set(eligibleOf(m))].sort())
      }),
    )
  })

  it('defers on a tie, and refuses a member with two different votes', () => {
    const tie = groupOutcome({
      present: ['a', 'b', 'c', 'd'],
      conflicted: [],
      quorum: 3,
      votes: [
        { memberId: 'a', vote: 'agree' },
        { memberId: 'b', vote: 'agree' },
        { memberId: 'c', vote: 'decline' },
        { memberId: 'd', vote: 'decline' },
      ],
    })
    assert.deepEqual(tie.decided && tie.outcome, 'defer')
    const twice = groupOutcome({
      present: ['a', 'b', 'c'],
      conflicted: [],
      quorum: 3,
      votes: [
        { memberId: 'a', vote: 'agree' },
        { memberId: 'a', vote: 'decline' },
        { memberId: 'b', vote: 'agree' },
        { memberId: 'c', vote: 'agree' },
      ],
    })
    assert.deepEqual(!twice.decided && twice.reasons, ['1 member has more than one vote'])
  })
})
