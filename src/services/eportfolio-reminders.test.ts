// Reminders of the ePortfolio route's deadlines: 14 and 3 days before a step falls due and on
// the day, each sent once, to whoever must act, with the date in words.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { fixedClock } from '../domain/clock.ts'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { createAccount } from '../../test/support/agent.ts'
import type { ProcessActor } from './process.ts'

const clock = fixedClock('2027-01-04T10:00:00Z')
let t: TestApp
let practitioner: ProcessActor

before(async () => {
  t = await createTestApp({}, { clock })
  const userId = await createAccount(t, 'rhian@example.org', [{ role: 'practitioner' }])
  practitioner = { userId, label: 'rhian@example.org', ip: null, name: 'Rhian', roles: ['practitioner'] }
  await t.services.eportfolio.register(practitioner)
})
after(() => t.close())

const remindersTo = async (email: string) =>
  (
    await t.database.db
      .selectFrom('email_outbox')
      .select(['subject', 'body_text as body'])
      .where('to_address', '=', email)
      .orderBy('created_at')
      .execute()
  ).filter((m) => m.subject.startsWith('ePortfolio deadline'))

describe('reminders of the ePortfolio route’s deadlines', () => {
  it('reminds the practitioner 14 and 3 days before the step is due and on the day, once each', async () => {
    const e = t.services.eportfolio
    // Registered on 4 January 2027: a supervisor is due to accept within 28 days, by 1 February.
    assert.equal(await e.sendDueReminders(clock.today()), 0, 'nothing owed yet')
    clock.set('2027-01-18T08:00:00Z')
    assert.equal(await e.sendDueReminders(clock.today()), 1)
    assert.equal(await e.sendDueReminders(clock.today()), 0, 'sent once')
    clock.set('2027-01-29T08:00:00Z')
    assert.equal(await e.sendDueReminders(clock.today()), 1)
    clock.set('2027-02-01T08:00:00Z')
    assert.equal(await e.sendDueReminders(clock.today()), 1)
    clock.set('2027-02-02T08:00:00Z')
    assert.equal(await e.sendDueReminders(clock.today()), 0, 'none after the day')
    const mails = await remindersTo('rhian@example.org')
    assert.deepEqual(
      mails.map((m) => m.subject),
      [
        'ePortfolio deadline 1 February 2027: Test practitioner',
        'ePortfolio deadline 1 February 2027: Test practitioner',
        'ePortfolio deadline today: Test practitioner',
      ],
    )
    assert.match(
      mails[0]?.body ?? '',
      /A supervisor to accept the invitation is due on 1 February 2027, in 14 days/,
    )
    const timeline = (await e.mine(practitioner))?.timeline.map((entry) => entry.summary) ?? []
    assert.ok(
      timeline.includes('Reminder sent: a supervisor to accept the invitation due today, 1 February 2027'),
      timeline.join('; '),
    )
  })
})
