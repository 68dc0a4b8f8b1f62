import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { DEMO_TITLES, seedDemoProcess } from './demo-process.ts'
import { createDemoAccounts } from './demo-accounts.ts'
import { DEMO_AWAITING_CHECK, seedDemoGatewayCheck } from './demo-gateway.ts'
import { readRecognition } from '../../domain/specification-content.ts'

let t: TestApp

before(async () => {
  t = await createTestApp()
  await createDemoAccounts(t.database.db, t.services)
})

after(async () => {
  await t?.close()
})

const credential = (title: string) =>
  t.database.db
    .selectFrom('credential')
    .select(['id', 'status', 'listed', 'origin', 'owner_name', 'next_review_due'])
    .where('title', '=', title)
    .executeTakeFirstOrThrow()

const versions = (credentialId: string) =>
  t.database.db
    .selectFrom('specification_version')
    .select(['number', 'state'])
    .where('credential_id', '=', credentialId)
    .orderBy('number')
    .execute()

describe('the demo records of the approval process', () => {
  it('puts a record at every stage, through the real use cases, once', async () => {
    const records = await seedDemoProcess(t.database.db, t.services)
    assert.equal(records.length, 5)
    const { db } = t.database

    const waiting = await db
      .selectFrom('proposal')
      .select(['id', 'state', 'credential_id'])
      .where('title', '=', DEMO_TITLES.awaitingGroup)
      .executeTakeFirstOrThrow()
    assert.deepEqual(
      { state: waiting.state, credential: waiting.credential_id },
      { state: 'with_group', credential: null },
    )
    // Every gateway criterion judged by the Centre admin, each with a reason of its own.
    const admin = await db
      .selectFrom('user_account')
      .select('id')
      .where('email', '=', 'centre-admin@demo.invalid')
      .executeTakeFirstOrThrow()
    const view = await t.services.proposals.get(waiting.id, {
      userId: admin.id,
      label: 'centre-admin@demo.invalid',
      ip: null,
      name: 'Demo Centre Admin',
      roles: ['centre_admin'],
    })
    assert.ok(view && view.check.criteria.length >= 3)
    assert.deepEqual(view.check.unjudged, [])
    for (const c of view.check.criteria) {
      assert.equal(c.judgement?.current, true, c.code)
      assert.equal(c.judgement.judgedByName, 'Demo Centre Admin')
      assert.ok(c.judgement.reason.length > 60, `a realistic reason for ${c.code}`)
    }
    assert.equal(
      new Set(view.check.criteria.map((c) => c.judgement?.reason)).size,
      view.check.criteria.length,
      'no two reasons the same',
    )

    const draft = await credential(DEMO_TITLES.draft)
    assert.equal(draft.status, 'in_development')
    assert.deepEqual(await versions(draft.id), [{ number: 1, state: 'draft' }])

    const underReview = await credential(DEMO_TITLES.underReview)
    assert.equal(underReview.status, 'under_review')
    assert.deepEqual(await versions(underReview.id), [{ number: 1, state: 'under_review' }])

    // Its two reviews disagree, and the consolidated report is drafted from them, unsigned.
    const sepsisVersion = await db
      .selectFrom('specification_version')
      .select(['id'])
      .where('credential_id', '=', underReview.id)
      .executeTakeFirstOrThrow()
    const sepsisReviews = await db
      .selectFrom('review_assignment')
      .select(['recommendation'])
      .where('version_id', '=', sepsisVersion.id)
      .orderBy('assigned_at')
      .execute()
    assert.deepEqual(
      sepsisReviews.map((r) => r.recommendation),
      ['endorse', 'revise_and_resubmit'],
    )
    const sepsisReport = await db
      .selectFrom('consolidated_report')
      .select(['content', 'signed_off_at'])
      .where('version_id', '=', sepsisVersion.id)
      .executeTakeFirstOrThrow()
    assert.equal(sepsisReport.signed_off_at, null)
    assert.match(
      sepsisReport.content.items[0]?.agreement ?? '',
      /^Reviewers disagree: Met \(Reviewer 1\), Partly met \(Reviewer 2\)$/,
    )
    assert.match(sepsisReport.content.overall, /minded to endorse/)

    const published = await credential(DEMO_TITLES.published)
    assert.equal(published.status, 'endorsed')
    assert.ok(published.next_review_due, 'a next review date once endorsed')
    assert.deepEqual(await versions(published.id), [
      { number: 1, state: 'superseded' },
      { number: 2, state: 'published' },
    ])

    const recognised = await credential(DEMO_TITLES.recognised)
    assert.deepEqual(
      { status: recognised.status, listed: recognised.listed, origin: recognised.origin },
      { status: 'recognised', listed: true, origin: 'other_body' },
    )
    assert.match(recognised.owner_name ?? '', /Royal College/)
    // Its reviewers judged the crosswalk row by row, and its report was signed off.
    const recognitionReviews = await db
      .selectFrom('review_assignment as r')
      .innerJoin('specification_version as v', 'v.id', 'r.version_id')
      .select(['r.row_judgements', 'v.content', 'v.report'])
      .where('v.credential_id', '=', recognised.id)
      .execute()
    assert.equal(recognitionReviews.length, 2)
    for (const r of recognitionReviews) {
      const rows = readRecognition(r.content).crosswalk.map((row) => row.code)
      assert.deepEqual(Object.keys(r.row_judgements).sort(), [...rows].sort())
      assert.match(
        r.report ?? '',
        /Crosswalk row R4: .*\nReviewers disagree: Meets \(Reviewer 1\), Partly meets \(Reviewer 2\)/,
      )
    }

    // Each step left its timeline entry.
    const events = await db
      .selectFrom('credential_event')
      .select('action')
      .where('credential_id', '=', published.id)
      .execute()
    assert.ok(events.length >= 10, `${events.length} timeline entries`)

    // Running it again changes nothing.
    const count = async () =>
      Number(
        (
          await db
            .selectFrom('specification_version')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirst()
        )?.n,
      )
    const before = await count()
    const again = await seedDemoProcess(t.database.db, t.services)
    assert.equal(again.length, 5)
    assert.equal(await count(), before)
  })

  it('puts a proposal awaiting its check with some of its criteria judged, once', async () => {
    const [record] = await seedDemoGatewayCheck(t.database.db, t.services)
    assert.equal(record?.title, DEMO_AWAITING_CHECK)
    const { db } = t.database
    const proposal = await db
      .selectFrom('proposal')
      .select(['id', 'state'])
      .where('title', '=', DEMO_AWAITING_CHECK)
      .executeTakeFirstOrThrow()
    assert.equal(proposal.state, 'submitted')
    assert.equal(record.href, `/proposals/${proposal.id}`)
    const judged = async () =>
      db
        .selectFrom('proposal_gateway_judgement')
        .select(['criterion_code', 'judgement'])
        .where('proposal_id', '=', proposal.id)
        .orderBy('criterion_code')
        .execute()
    const criteria = (await t.services.proposals.formOptions()).gateway.criteria.length
    const first = await judged()
    assert.ok(first.length > 0 && first.length < criteria, `${first.length} of ${criteria} judged`)

    const again = await seedDemoGatewayCheck(t.database.db, t.services)
    assert.deepEqual(again, [record])
    assert.deepEqual(await judged(), first)
    const proposals = await db
      .selectFrom('proposal')
      .select('id')
      .where('title', '=', DEMO_AWAITING_CHECK)
      .execute()
    assert.equal(proposals.length, 1)
  })
})
