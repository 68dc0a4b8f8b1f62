import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import type { Role } from './accounts.ts'
import {
  activeReviews,
  apply,
  MIN_REVIEWERS,
  newDraft,
  TRANSITIONS,
  type Action,
  type Actor,
  type VersionRecord,
} from './specification-lifecycle.ts'

const AUTHOR: Actor = { id: 'author', roles: ['specification_author'] }
const ADMIN: Actor = { id: 'admin', roles: ['centre_admin'] }
const reviewer = (id: string): Actor => ({ id, roles: ['independent_reviewer'] })

function run(record: VersionRecord, steps: Array<[Actor, Action]>): VersionRecord {
  for (const [actor, action] of steps) {
    const outcome = apply(record, actor, action)
    if (!outcome.ok) throw new Error(`${action.type} refused: ${outcome.reason}`)
    record = outcome.record
  }
  return record
}

const reviewAll = (id: string, criteria: number): Array<[Actor, Action]> => [
  [reviewer(id), { type: 'declare_conflict', hasConflict: false }],
  ...Array.from({ length: criteria }, (_, i): [Actor, Action] => [
    reviewer(id),
    { type: 'judge', criterion: i, judgement: 'met' },
  ]),
  [reviewer(id), { type: 'recommend', recommendation: 'endorse' }],
]

describe('the specification version lifecycle', () => {
  it('goes from draft to published with two completed independent reviews', () => {
    const record = run(newDraft('author', 2, []), [
      [AUTHOR, { type: 'submit' }],
      [ADMIN, { type: 'assign_reviewer', reviewerId: 'r1' }],
      [ADMIN, { type: 'assign_reviewer', reviewerId: 'r2' }],
      ...reviewAll('r1', 2),
      ...reviewAll('r2', 2),
      [ADMIN, { type: 'decide', outcome: 'endorse' }],
    ])
    assert.equal(record.state, 'published')
  })

  it('refuses illegal moves with a reason, changing nothing', () => {
    const draft = newDraft('author', 1, ['Add the learning outcomes'])
    const cases: Array<[VersionRecord, Actor, Action, RegExp]> = [
      [draft, AUTHOR, { type: 'submit' }, /not complete: Add the learning outcomes/],
      [newDraft('author', 1, []), ADMIN, { type: 'submit' }, /Only the author/],
      [
        run(newDraft('author', 1, []), [[AUTHOR, { type: 'submit' }]]),
        ADMIN,
        { type: 'assign_reviewer', reviewerId: 'author' },
        /cannot review their own/,
      ],
      [
        run(newDraft('author', 1, []), [
          [AUTHOR, { type: 'submit' }],
          [ADMIN, { type: 'assign_reviewer', reviewerId: 'r1' }],
        ]),
        ADMIN,
        { type: 'decide', outcome: 'endorse' },
        /at least 2 completed reviews \(0 so far\)/,
      ],
      [
        run(newDraft('author', 1, []), [
          [AUTHOR, { type: 'submit' }],
          [ADMIN, { type: 'assign_reviewer', reviewerId: 'r1' }],
          [reviewer('r1'), { type: 'declare_conflict', hasConflict: true }],
        ]),
        reviewer('r1'),
        { type: 'judge', criterion: 0, judgement: 'met' },
        /declared a conflict of interest/,
      ],
      [
        run(newDraft('author', 2, []), [
          [AUTHOR, { type: 'submit' }],
          [ADMIN, { type: 'assign_reviewer', reviewerId: 'r1' }],
        ]),
        reviewer('r1'),
        { type: 'judge', criterion: 0, judgement: 'met' },
        /Declare any conflicts of interest before you review/,
      ],
      [
        run(newDraft('author', 2, []), [
          [AUTHOR, { type: 'submit' }],
          [ADMIN, { type: 'assign_reviewer', reviewerId: 'r1' }],
          [reviewer('r1'), { type: 'declare_conflict', hasConflict: false }],
          [reviewer('r1'), { type: 'judge', criterion: 0, judgement: 'met' }],
        ]),
        reviewer('r1'),
        { type: 'recommend', recommendation: 'endorse' },
        /Judge every criterion before you recommend \(1 left\)/,
      ],
      [
        run(newDraft('author', 1, []), [
          [AUTHOR, { type: 'submit' }],
          [ADMIN, { type: 'assign_reviewer', reviewerId: 'r1' }],
          ...reviewAll('r1', 1),
        ]),
        reviewer('r1'),
        { type: 'judge', criterion: 0, judgement: 'not_met' },
        /already made your recommendation/,
      ],
      [
        run(newDraft('author', 1, []), [
          [AUTHOR, { type: 'submit' }],
          [ADMIN, { type: 'assign_reviewer', reviewerId: 'r1' }],
        ]),
        reviewer('r2'),
        { type: 'declare_conflict', hasConflict: false },
        /not a reviewer of this version/,
      ],
      [
        run(newDraft('author', 1, []), [
          [AUTHOR, { type: 'submit' }],
          [ADMIN, { type: 'assign_reviewer', reviewerId: 'r1' }],
          [ADMIN, { type: 'assign_reviewer', reviewerId: 'r2' }],
          ...reviewAll('r1', 1),
          ...reviewAll('r2', 1),
        ]),
        ADMIN,
        { type: 'decide', outcome: 'endorse_with_conditions', conditions: ' ' },
        /Enter the conditions of endorsement/,
      ],
      [
        run(newDraft('author', 1, []), [
          [AUTHOR, { type: 'submit' }],
          [ADMIN, { type: 'assign_reviewer', reviewerId: 'r1' }],
          [ADMIN, { type: 'assign_reviewer', reviewerId: 'r2' }],
          [ADMIN, { type: 'assign_reviewer', reviewerId: 'r3' }],
          ...reviewAll('r1', 1),
          [reviewer('r2'), { type: 'declare_conflict', hasConflict: true }],
        ]),
        ADMIN,
        { type: 'decide', outcome: 'endorse' },
        /at least 2 completed reviews \(1 so far\)/,
      ],
      [
        run(newDraft('author', 1, []), [
          [AUTHOR, { type: 'submit' }],
          [ADMIN, { type: 'assign_reviewer', reviewerId: 'r1' }],
          [ADMIN, { type: 'assign_reviewer', reviewerId: 'r2' }],
          ...reviewAll('r1', 1),
          ...reviewAll('r2', 1),
          [ADMIN, { type: 'decide', outcome: 'revise_and_resubmit' }],
        ]),
        ADMIN,
        { type: 'decide', outcome: 'endorse' },
        /Only a version under review can be decided/,
      ],
    ]
    for (const [record, actor, action, reason] of cases) {
      const before = structuredClone(record)
      const outcome = apply(record, actor, action)
      assert.equal(outcome.ok, false, action.type)
      assert.match((outcome as { reason: string }).reason, reason)
      assert.deepEqual(record, before, 'the record is unchanged')
    }
  })

  it('cannot reach an illegal state by any sequence of actions (property)', () => {
    const reviewerIds = ['r1', 'r2', 'r3'] as const
    const anyone: Actor[] = [
      AUTHOR,
      ADMIN,
      ...reviewerIds.map(reviewer),
      { id: 'author', roles: ['specification_author', 'centre_admin'] as Role[] },
      { id: 'stranger', roles: ['practitioner'] },
    ]
    const someReviewer = fc.constantFrom(...reviewerIds).map(reviewer)
    const judgement = fc.constantFrom('met' as const, 'partly_met' as const, 'not_met' as const)
    const outcome = fc.constantFrom(
      'endorse' as const,
      'endorse_with_conditions' as const,
      'revise_and_resubmit' as const,
      'not_endorsed' as const,
    )
    const action: fc.Arbitrary<Action> = fc.oneof(
      fc.constant<Action>({ type: 'submit' }),
      fc
        .constantFrom('r1', 'r2', 'r3', 'author', 'stranger')
        .map((id): Action => ({ type: 'assign_reviewer', reviewerId: id })),
      fc.boolean().map((b): Action => ({ type: 'declare_conflict', hasConflict: b })),
      fc
        .record({ criterion: fc.integer({ min: -1, max: 3 }), judgement })
        .map((j): Action => ({ type: 'judge', ...j })),
      outcome.map((r): Action => ({ type: 'recommend', recommendation: r })),
      fc
        .record({ outcome, conditions: fc.constantFrom('', ' ', 'Add an assessment of prescribing') })
        .map((d): Action => ({ type: 'decide', ...d })),
      fc
        .constantFrom('', 'Replaced by a national curriculum')
        .map((reason): Action => ({ type: 'withdraw', reason })),
      fc.constant<Action>({ type: 'supersede' }),
    )
    // Mostly the person the step is for, so that runs get deep into the process; sometimes
    // anyone at all, so that every refusal is tried too.
    const natural: fc.Arbitrary<[Actor, Action]> = fc.oneof(
      fc.constant<[Actor, Action]>([AUTHOR, { type: 'submit' }]),
      fc
        .constantFrom(...reviewerIds)
        .map((id): [Actor, Action] => [ADMIN, { type: 'assign_reviewer', reviewerId: id }]),
      fc
        .tuple(
          someReviewer,
          fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
        )
        .map(([who, conflict]): [Actor, Action] => [
          who,
          { type: 'declare_conflict', hasConflict: conflict },
        ]),
      fc
        .tuple(someReviewer, fc.integer({ min: 0, max: 2 }), judgement)
        .map(([who, criterion, j]): [Actor, Action] => [who, { type: 'judge', criterion, judgement: j }]),
      fc
        .tuple(someReviewer, outcome)
        .map(([who, r]): [Actor, Action] => [who, { type: 'recommend', recommendation: r }]),
      fc
        .tuple(outcome, fc.constantFrom('', 'Add an assessment of prescribing'))
        .map(([o, conditions]): [Actor, Action] => [ADMIN, { type: 'decide', outcome: o, conditions }]),
      fc
        .constantFrom<Action>({ type: 'supersede' }, { type: 'withdraw', reason: 'Replaced' })
        .map((a): [Actor, Action] => [ADMIN, a]),
    )
    const step = fc.oneof(
      { weight: 5, arbitrary: natural },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...anyone), action) },
    )
    const allowed = new Set(TRANSITIONS.map(([from, to]) => `${from}>${to}`))
    const reached = new Map<string, number>()

    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 }),
        fc.boolean(),
        fc.array(step, { minLength: 100, maxLength: 200 }),
        (criteria, complete, steps) => {
          let record = newDraft('author', criteria, complete ? [] : ['Add the assessment strategy'])
          for (const [actor, act] of steps) {
            const before = structuredClone(record)
            const result = apply(record, actor, act)
            if (!result.ok) {
              assert.deepEqual(record, before, 'a refused action changes nothing')
              assert.ok(result.reason.length > 0)
              continue
            }
            const next = result.record
            // What a step may never undo: a declaration, a finished review, a decision.
            for (const was of record.reviews) {
              const now = next.reviews.find((r) => r.reviewerId === was.reviewerId)
              assert.ok(now, 'an assignment is never dropped')
              if (was.conflict !== 'undeclared')
                assert.equal(now.conflict, was.conflict, 'a declaration stands')
              if (was.recommendation !== null) assert.deepEqual(now, was, 'a finished review is final')
              if (record.decision) assert.deepEqual(now, was, 'no review changes after the decision')
            }
            if (record.decision) assert.deepEqual(next.decision, record.decision, 'a decision is final')
            assert.ok(
              next.reviews.every((r) => r.recommendation === null || r.judgements.every((j) => j !== null)),
              'no recommendation before every criterion is judged',
            )
            assert.ok(
              next.reviews.every((r) => r.judgements.length === next.criteriaCount),
              'each review judges the criteria version the record was made with',
            )
            if (next.state !== record.state)
              assert.ok(allowed.has(`${record.state}>${next.state}`), `${record.state}>${next.state}`)
            record = next
            reached.set(record.state, (reached.get(record.state) ?? 0) + 1)

            // What must always be true.
            assert.ok(
              record.reviews.every((r) => r.reviewerId !== record.authorId),
              'no one reviews their own work',
            )
            assert.ok(
              record.reviews.every(
                (r) =>
                  r.conflict === 'none' ||
                  (r.judgements.every((j) => j === null) && r.recommendation === null),
              ),
              'no judgement from a reviewer who has not declared no conflict',
            )
            if (record.state !== 'draft')
              assert.deepEqual(record.missing, [], 'only a complete draft leaves draft')
            if (record.decision) {
              const done = activeReviews(record).filter(
                (r) => r.recommendation !== null && r.judgements.every((j) => j !== null),
              )
              assert.ok(done.length >= MIN_REVIEWERS, 'no decision without enough completed reviews')
              if (record.decision.outcome === 'endorse_with_conditions') assert.ok(record.decision.conditions)
            }
            if (['published', 'superseded', 'withdrawn'].includes(record.state)) {
              assert.ok(
                record.decision?.outcome === 'endorse' ||
                  record.decision?.outcome === 'endorse_with_conditions',
                'only an endorsed version is ever published',
              )
            }
          }
        },
      ),
      { numRuns: 400 },
    )
    // The runs must have explored the whole machine, or the property proves little.
    for (const state of [
      'submitted',
      'under_review',
      'published',
      'revise_and_resubmit',
      'not_endorsed',
      'superseded',
      'withdrawn',
    ]) {
      assert.ok(reached.has(state), `some run reached ${state}`)
    }
  })
})
