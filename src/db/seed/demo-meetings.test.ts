import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { createDemoAccounts } from './demo-accounts.ts'
import { DEMO_MEETING_TITLES, seedDemoMeetings } from './demo-meetings.ts'
import { DEMO_TITLES, demoActor, seedDemoProcess } from './demo-process.ts'

let t: TestApp

before(async () => {
  t = await createTestApp()
  await createDemoAccounts(t.database.db, t.services)
  await seedDemoProcess(t.database.db, t.services)
})

after(async () => {
  await t?.close()
})

describe('the demo Credential Group meetings', () => {
  it('holds a meeting with votes and minutes and sets an upcoming one, through the real use cases, once', async () => {
    const records = await seedDemoMeetings(t.database.db, t.services)
    assert.deepEqual(
      records.map((r) => r.stage),
      ['Held Credential Group meeting', 'Upcoming Credential Group meeting'],
    )
    const admin = await demoActor(t.database.db, t.services, 'centre-admin')
    const held = await t.services.groupMeetings.get(records[0]!.href.split('/').pop()!, admin)
    assert.equal(held?.state, 'closed')
    assert.match(held?.minutes ?? '', /declined by two votes to one/)
    assert.equal(held?.present.length, 3)
    assert.deepEqual(
      held?.items.map((i) => [i.proposalTitle, i.outcomeLabel, i.votes.length]),
      [
        [DEMO_MEETING_TITLES.agreed, 'Agreed for development', 3],
        [DEMO_MEETING_TITLES.declined, 'Declined', 3],
      ],
    )
    const upcoming = await t.services.groupMeetings.get(records[1]!.href.split('/').pop()!, admin)
    assert.equal(upcoming?.state, 'open')
    assert.ok((upcoming?.meetsOn ?? '') > t.services.clock.today())
    assert.deepEqual(
      upcoming?.items.map((i) => [i.proposalTitle, i.proposalStateLabel]),
      [[DEMO_TITLES.awaitingGroup, 'With the Credential Group']],
    )

    // The agreed proposal is in development, its votes shown with names and reasons.
    const proposal = await t.database.db
      .selectFrom('proposal')
      .select(['id', 'state'])
      .where('title', '=', DEMO_MEETING_TITLES.agreed)
      .executeTakeFirstOrThrow()
    assert.equal(proposal.state, 'agreed')
    const votes = await t.services.groupMeetings.forProposal(proposal.id)
    assert.deepEqual(
      votes[0]?.votes.map((v) => v.name),
      [
        'Demo Credential Group Member',
        'Demo Second Credential Group Member',
        'Demo Third Credential Group Member',
      ],
    )

    // Running it again creates nothing.
    const count = async () =>
      Number(
        (
          await t.database.db
            .selectFrom('group_meeting')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    const before = await count()
    assert.deepEqual(
      (await seedDemoMeetings(t.database.db, t.services)).map((r) => r.title),
      records.map((r) => r.title),
    )
    assert.equal(await count(), before)
  })
})
