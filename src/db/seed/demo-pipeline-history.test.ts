import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { fixedClock } from '../../domain/clock.ts'
import { isProposalState, type ProposalState } from '../../domain/proposal-lifecycle.ts'
import { createDemoAccounts } from './demo-accounts.ts'
import { HISTORY_PROPOSALS, historyTitle, seedDemoPipelineHistory } from './demo-pipeline-history.ts'

let t: TestApp
const clock = fixedClock('2026-12-07T12:00:00Z')

before(async () => {
  t = await createTestApp({}, { clock })
  await createDemoAccounts(t.database.db, t.services)
})

after(async () => {
  await t?.close()
})

const STATE_AFTER: Record<string, ProposalState> = {
  'proposal.submitted': 'submitted',
  'proposal.sent_to_group': 'with_group',
  'proposal.returned': 'returned',
  'proposal.agreed': 'agreed',
  'proposal.declined': 'declined',
  'proposal.deferred': 'deferred',
  'proposal.reconsidered': 'with_group',
}

describe('the demo pipeline history', () => {
  it('writes years of proposals and credentials whose records agree with their timelines, once', async () => {
    const summary = await seedDemoPipelineHistory(t.database.db, t.services)
    assert.equal(summary.proposals, HISTORY_PROPOSALS.length)
    assert.ok(summary.agreed >= 15 && summary.declined >= 8, JSON.stringify(summary))
    assert.equal(summary.credentials, summary.agreed)
    assert.ok(summary.endorsed >= 5, JSON.stringify(summary))

    const db = t.database.db
    const proposals = await db
      .selectFrom('proposal')
      .selectAll()
      .where(
        'title',
        'in',
        HISTORY_PROPOSALS.map((s) => historyTitle(s)),
      )
      .execute()
    for (const p of proposals) {
      const events = await db
        .selectFrom('credential_event')
        .selectAll()
        .where('proposal_id', '=', p.id)
        .orderBy('id')
        .execute()
      const times = events.map((e) => e.occurred_at.getTime())
      assert.deepEqual(
        times,
        [...times].sort((a, b) => a - b),
        `${p.title}: steps in time order`,
      )
      assert.ok(
        times.every((ms) => ms <= clock.now().getTime()),
        `${p.title}: nothing in the future`,
      )
      const steps = events.filter((e) => e.action in STATE_AFTER)
      const last = steps.at(-1)
      assert.ok(last && isProposalState(p.state))
      assert.equal(p.state, STATE_AFTER[last.action], `${p.title}: state after its last step`)
      assert.equal(p.submissions, steps.filter((s) => s.action === 'proposal.submitted').length)
      assert.equal(
        p.submitted_at?.getTime(),
        steps
          .filter((s) => s.action === 'proposal.submitted')
          .at(-1)
          ?.occurred_at.getTime(),
      )
      if (p.state === 'agreed' || p.state === 'declined') {
        assert.equal(p.decided_at?.getTime(), last.occurred_at.getTime())
      } else {
        assert.equal(p.decided_at, null)
      }
      assert.equal(p.credential_id !== null, p.state === 'agreed')
      if (p.credential_id) {
        const credential = await db
          .selectFrom('credential')
          .selectAll()
          .where('id', '=', p.credential_id)
          .executeTakeFirstOrThrow()
        const statuses = await db
          .selectFrom('credential_status_event')
          .selectAll()
          .where('credential_id', '=', credential.id)
          .orderBy('id')
          .execute()
        assert.equal(statuses[0]?.status, 'in_development')
        assert.equal(statuses[0]?.recorded_at.getTime(), p.decided_at?.getTime())
        assert.equal(credential.status, statuses.at(-1)?.status)
        const versions = await db
          .selectFrom('specification_version')
          .select('state')
          .where('credential_id', '=', credential.id)
          .execute()
        assert.deepEqual(
          versions.map((v) => v.state),
          credential.status === 'in_development' ? ['draft'] : [],
        )
        assert.equal(credential.endorsed_on !== null, credential.status === 'endorsed')
      }
    }

    // Running it again writes nothing.
    assert.deepEqual(await seedDemoPipelineHistory(db, t.services), summary)
    assert.equal(
      (await db.selectFrom('proposal').select('id').where('title', '=', historyTitle('Hepatology')).execute())
        .length,
      1,
    )
  })

  it('gives the pipeline dashboard trends: proposals in every year, credentials moving on', async () => {
    const reports = t.services.reports
    const quarters = await reports.dataset(
      'proposals-by-quarter',
      { from: '2024-01', to: '2026-12' },
      { kind: 'centre' },
    )
    const received = (year: string) =>
      (quarters?.rows ?? [])
        .filter((r) => r.outcome === 'Received' && String(r.quarter).startsWith(year))
        .reduce((sum, r) => sum + (typeof r.proposals === 'number' ? r.proposals : 0), 0)
    assert.ok(received('2024') > 0 && received('2025') > 0 && received('2026') > 0)
    assert.ok(received('2026') > received('2024'), 'more proposals as the years go on')

    const over = await reports.dataset('credentials-by-stage-over-time', {}, { kind: 'centre' })
    const endorsedAt = (month: string) =>
      over?.rows.find((r) => r.month === month && r.stage === 'Endorsed')?.credentials
    assert.ok(Number(endorsedAt('2026-12')) > Number(endorsedAt('2025-01')))

    const times = await reports.dataset('time-in-stage', {}, { kind: 'centre' })
    assert.ok(times?.rows.some((r) => r.stage === 'Credential: in development'))
    assert.ok(times?.rows.some((r) => r.stage === 'Proposal: with the Credential Group'))
  })
})
