import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { createAccount, signedIn, type Agent } from '../../../test/support/agent.ts'
import { parse } from 'node-html-parser'
import { attributesOf, errorFor, fieldValue, mainText } from '../../../test/support/html.ts'

/** The endorsement form as the page gives it, with changes. */
function formFrom(html: string, changes: Record<string, string>): Record<string, string> {
  const fields: Record<string, string> = {}
  const page = parse(html)
  for (const input of page.querySelectorAll('input[name][value]'))
    fields[input.getAttribute('name') ?? ''] = input.getAttribute('value') ?? ''
  for (const area of page.querySelectorAll('textarea[name]'))
    fields[area.getAttribute('name') ?? ''] = area.textContent.trim()
  delete fields._csrf
  for (const key of Object.keys(fields)) if (key.startsWith('remove_')) delete fields[key]
  return { ...fields, ...changes }
}

describe('publishing new versions of the criteria', () => {
  let t: TestApp
  let admin: Agent
  before(async () => {
    t = await createTestApp()
    await createAccount(t, 'admin@example.org', [{ role: 'centre_admin' }])
    admin = await signedIn(t, 'admin@example.org')
  })
  after(() => t.close())

  it('adds an endorsement criterion as version 2, shown on the public page and audited', async () => {
    const page = await admin.get('/admin/criteria/endorsement')
    assert.equal(page.statusCode, 200)
    const rows = Number(fieldValue(page.body, 'rows'))
    assert.ok(Number.isInteger(rows) && rows > 0, 'the form says how many rows it has')
    const last = rows - 1
    const res = await admin.post(
      '/admin/criteria/endorsement',
      formFrom(page.body, {
        [`code_${last}`]: 'E5',
        [`title_${last}`]: 'Assessment',
        [`statement_${last}`]: 'The assessment strategy tests the area-specific capabilities at level 7.',
      }),
    )
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, '/admin/criteria')
    assert.match(
      mainText((await admin.get('/admin/criteria')).body),
      /Endorsement criteria: version 2 published/,
    )

    const publicPage = await t.app.inject({ method: 'GET', url: '/criteria' })
    assert.match(mainText(publicPage.body), /Endorsement criteria \(version 2\)/)
    assert.match(mainText(publicPage.body), /E5: Assessment/)
    assert.match(
      mainText(publicPage.body),
      /E4: Advanced-practice capabilities/,
      'the other criteria carry over',
    )

    const version1 = await t.database.db
      .selectFrom('criterion as c')
      .innerJoin('criterion_set as s', 's.id', 'c.criterion_set_id')
      .select('c.code')
      .where('s.kind', '=', 'endorsement')
      .where('s.version', '=', 1)
      .execute()
    assert.ok(
      !version1.some((c) => c.code === 'E5'),
      'version 1 is unchanged, for the reviews judged against it',
    )
    const event = await t.database.db
      .selectFrom('audit_event')
      .select(['actor_label', 'entity_id'])
      .where('action', '=', 'criteria.published')
      .executeTakeFirstOrThrow()
    assert.deepEqual(event, { actor_label: 'admin@example.org', entity_id: 'endorsement:2' })
  })

  it('refuses a version made from an older one: "changed since you opened them"', async () => {
    const stale = await admin.get('/admin/criteria/gateway')
    const fresh = await admin.get('/admin/criteria/gateway')
    assert.equal((await admin.post('/admin/criteria/gateway', formFrom(fresh.body, {}))).statusCode, 303)
    await admin.post('/admin/criteria/gateway', formFrom(stale.body, { title_0: 'Overwritten?' }))
    const page = await admin.get('/admin/criteria/gateway')
    assert.match(
      mainText(page.body),
      /Gateway criteria changed since you opened them: version 2 is now published/,
    )
    assert.ok(attributesOf(page.body, '[value]', 'value').includes('Overwritten?'), 'what was typed is kept')
  })

  it('checks every criterion field by field, keeping what was typed', async () => {
    const page = await admin.get('/admin/criteria/principle')
    await admin.post(
      '/admin/criteria/principle',
      formFrom(page.body, { code_0: 'P2', statement_1: '', parentCode_2: 'P99', code_3: 'lowercase' }),
    )
    const shown = await admin.get('/admin/criteria/principle')
    assert.ok(
      [errorFor(shown.body, 'code_0'), errorFor(shown.body, 'code_1')].includes('Code P2 is used twice'),
    )
    assert.equal(errorFor(shown.body, 'statement_1'), 'Enter the statement of the criterion')
    assert.equal(
      errorFor(shown.body, 'parentCode_2'),
      'Part of must be the code of a main criterion in this version',
    )
    assert.equal(errorFor(shown.body, 'code_3'), 'Code must start with a capital letter, like G1 or E4.1')
    const version = await t.services.criteria.current('principle')
    assert.equal(version.version, 1, 'nothing was published')
  })

  it('removes a criterion when asked', async () => {
    const page = await admin.get('/admin/criteria/principle')
    await admin.post('/admin/criteria/principle', { ...formFrom(page.body, {}), remove_6: 'yes' })
    const version = await t.services.criteria.current('principle')
    assert.equal(version.version, 2)
    assert.deepEqual(
      version.criteria.map((c) => c.code),
      ['P1', 'P2', 'P3', 'P4', 'P5', 'P6'],
    )
  })

  it('answers an unknown kind with 404', async () => {
    assert.equal((await admin.get('/admin/criteria/astrology')).statusCode, 404)
  })
})
