// The employer check: what a person holds, by registration number and surname, whether or not
// they are in the directory; audited without the surname, and limited per address.
import assert from 'node:assert/strict'
import { createHash, createHmac } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { parse } from 'node-html-parser'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { ALICE, BOB, escaped, twoPractitioners } from '../../../test/support/practitioners.ts'
import { Agent } from '../../../test/support/agent.ts'
import { fixedClock } from '../../domain/clock.ts'
import { EMPLOYER_CHECKS_PER_HOUR, TooManyChecks } from '../../services/employer-checks.ts'
import { everything, heading, mainText } from '../../../test/support/html.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

let t: TestApp
let visitor: Agent
let awards: Array<{ id: string; row_version: number; credential_title: string }>

// Bob's award is found through its learner record and through his profile, both of which
// carry his registration number.
before(async () => {
  let alice: Agent
  let bob: Agent
  ;({ t, visitor, alice, bob, awards } = await twoPractitioners())
  for (const [agent, profile] of [
    [alice, ALICE],
    [bob, BOB],
  ] as const) {
    const saved = await agent.submit('/my/profile', '/my/profile', profile)
    assert.equal(saved.posted.headers.location, '/my/portfolio')
  }
})
after(() => t.close())

describe('the employer check', () => {
  it('says what a person holds from registration number and surname, even when not listed, and audits it', async () => {
    const { page } = await visitor.submit('/employer-check', '/employer-check', {
      registrationNumber: '2034567',
      surname: 'hiddenfield',
    })
    assert.equal(page.statusCode, 200)
    assert.equal(heading(page.body), 'Credentials held')
    assert.match(mainText(page.body), escaped(awards[1]!.credential_title))
    assert.doesNotMatch(everything(page.body), /bob@example|Robert|Pharmacist|London/)
    // Each credential leads to its verification page, which checks it now.
    const verifyLinks = parse(page.body)
      .querySelectorAll('main table a')
      .map((a) => a.getAttribute('href'))
    assert.deepEqual(verifyLinks, [`/verify/awards/${awards[1]!.id}`])
    assert.equal((await visitor.get(verifyLinks[0]!)).statusCode, 200)

    const wrong = await visitor.submit('/employer-check', '/employer-check', {
      registrationNumber: '2034567',
      surname: 'Hidden',
    })
    assert.equal(heading(wrong.page.body), 'No credentials found')

    const events = await t.database.db
      .selectFrom('audit_event')
      .select(['after'])
      .where('action', '=', 'directory.employer_check')
      .execute()
    assert.equal(events.length, 2)
    assert.doesNotMatch(JSON.stringify(events), /hiddenfield|2034567/i)
  })

  it('records the number checked as an HMAC under the server’s secret, not a hash anyone can recompute', async () => {
    await visitor.submit('/employer-check', '/employer-check', {
      registrationNumber: ' 12a 3456e ',
      surname: 'X',
    })
    const event = await t.database.db
      .selectFrom('audit_event')
      .select(['after'])
      .where('action', '=', 'directory.employer_check')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow()
    const recorded = event.after as Json
    const hmac = createHmac('sha256', t.config.auditHmacKey).update('12A3456E').digest('hex')
    assert.deepEqual(recorded, { registrationNumberHmac: hmac, found: false })
    assert.notEqual(recorded.registrationNumberHmac, createHash('sha256').update('12A3456E').digest('hex'))
  })

  it('is rate-limited per address', async () => {
    const checker = new Agent(t.app)
    let status = 0
    for (let i = 0; i <= EMPLOYER_CHECKS_PER_HOUR && status !== 429; i++) {
      await checker.get('/employer-check')
      status = (await checker.post('/employer-check', { registrationNumber: '2034567', surname: 'X' }))
        .statusCode
    }
    assert.equal(status, 429)
  })

  it('holds the limit when checks from one address arrive at once', async () => {
    const actor = { userId: null, label: 'anonymous', ip: '192.0.2.60' }
    const outcomes = await Promise.allSettled(
      Array.from({ length: EMPLOYER_CHECKS_PER_HOUR + 5 }, () =>
        t.services.employerChecks.employerCheck(actor, { registrationNumber: '2034567', surname: 'X' }),
      ),
    )
    const answered = outcomes.filter((o) => o.status === 'fulfilled').length
    const refused = outcomes.filter((o) => o.status === 'rejected' && o.reason instanceof TooManyChecks)
    assert.equal(answered, EMPLOYER_CHECKS_PER_HOUR)
    assert.equal(refused.length, 5)
  })
})

describe('the employer check’s hour', () => {
  it('counts and forgets checks by the injected clock', async () => {
    const clock = fixedClock('2031-01-15T09:00:00Z')
    const timed = await createTestApp({}, { clock })
    try {
      const actor = { userId: null, label: 'anonymous', ip: '192.0.2.61' }
      const check = () =>
        timed.services.employerChecks.employerCheck(actor, { registrationNumber: '2034567', surname: 'X' })
      for (let i = 0; i < EMPLOYER_CHECKS_PER_HOUR; i++) await check()
      await assert.rejects(check(), TooManyChecks)
      const stamps = await timed.database.db.selectFrom('lookup_attempt').select('attempted_at').execute()
      assert.ok(stamps.every((s) => s.attempted_at.getTime() === clock.now().getTime()))

      clock.advance({ minutes: 59 })
      await assert.rejects(check(), TooManyChecks, 'still within the hour')
      await timed.services.employerChecks.pruneLookupAttempts()
      assert.equal(
        (await timed.database.db.selectFrom('lookup_attempt').select('id').execute()).length,
        EMPLOYER_CHECKS_PER_HOUR,
      )

      clock.advance({ minutes: 2 })
      assert.equal((await check()).found, false, 'an hour later the address may check again')
      await timed.services.employerChecks.pruneLookupAttempts()
      assert.equal((await timed.database.db.selectFrom('lookup_attempt').select('id').execute()).length, 1)
    } finally {
      await timed.close()
    }
  })
})
