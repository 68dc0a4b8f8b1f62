import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { type Agent, createAccount, signedIn } from '../../../test/support/agent.ts'
import { html, mainText, words } from '../../../test/support/html.ts'

describe('Centre admin pages: sent mail and the audit trail', () => {
  let t: TestApp
  let admin: Agent
  before(async () => {
    t = await createTestApp()
    await createAccount(t, 'admin@example.org', [{ role: 'centre_admin' }])
    admin = await signedIn(t, 'admin@example.org')
    await admin.submit('/admin/invitations', '/admin/invitations', {
      email: 'reviewer@example.org',
      displayName: 'Rev Iewer',
      role: 'independent_reviewer',
    })
  })
  after(() => t.close())

  it('lists sent mail, and filters the audit trail by action and actor', async () => {
    const mail = await admin.get('/admin/mail')
    assert.match(mainText(mail.body), /You have been invited to Advancing Practice Credentials/)
    const audit = await admin.get('/admin/audit?action=sign_in&actor=admin%40example')
    assert.match(mainText(audit.body), /sign_in/)
    const actions = html(audit.body)
      .querySelectorAll('tbody tr')
      .map((row) => row.querySelector('details code')?.text)
    assert.ok(actions.length > 0)
    assert.ok(
      actions.every((action) => action === 'sign_in'),
      actions.join(),
    )
  })

  it("names each action in the trail's Action filter in words, the code only as the value", async () => {
    const page = html((await admin.get('/admin/audit?action=invitation.created')).body)
    const options = page.querySelectorAll('select#action option')
    const named = (value: string) => options.find((o) => o.getAttribute('value') === value)
    assert.equal(words(named('sign_in')?.text), 'Signed in')
    assert.equal(words(named('invitation.created')?.text), 'Invitation sent')
    assert.equal(named('invitation.created')?.getAttribute('selected'), '')
    assert.equal(words(options[0]?.text), 'All actions')
    const shown = options.slice(1).map((o) => words(o.text))
    assert.ok(shown.length >= 2)
    for (const text of shown) assert.doesNotMatch(text, /[a-z]+[._][a-z_.]+/, text)
    assert.deepEqual(
      shown,
      [...shown].sort((a, b) => a.localeCompare(b, 'en-GB')),
      'in alphabetical order',
    )
  })

  it('tells each event in words, names looked up, with the raw record one click away', async () => {
    const adaId = await createAccount(t, 'ada@example.org', [{ role: 'centre_admin' }])
    const priyaId = await createAccount(t, 'priya@example.org', [{ role: 'practitioner' }])
    const db = t.database.db
    await db
      .updateTable('user_account')
      .set({ display_name: 'Ada Lovelace' })
      .where('id', '=', adaId)
      .execute()
    await db
      .updateTable('user_account')
      .set({ display_name: 'Priya Shah' })
      .where('id', '=', priyaId)
      .execute()
    const ada = await signedIn(t, 'ada@example.org')
    await t.services.accountAdministration.grantRole(priyaId, 'independent_reviewer', null, {
      userId: adaId,
      label: 'ada@example.org',
      ip: '192.0.2.1',
    })
    const page = html((await ada.get('/admin/audit?action=role.granted')).body)
    const rows = page.querySelectorAll('tbody tr')
    const row = rows.find((r) =>
      r.querySelector('.app-audit-sentence')?.text.includes('Priya Shah the role Independent reviewer'),
    )
    assert.ok(row, rows.map((r) => r.text).join(' | '))
    assert.equal(
      row.querySelector('.app-audit-sentence')?.text.trim(),
      'Ada Lovelace gave Priya Shah the role Independent reviewer.',
    )
    // The raw record: behind the details component, not in the sentence.
    const raw = row.querySelector('details.nhsuk-details')
    assert.ok(raw)
    assert.equal(words(raw.querySelector('summary')?.text), 'The record as stored')
    const stored = words(raw.querySelector('.nhsuk-details__text')?.text)
    for (const value of ['role.granted', priyaId, '192.0.2.1', '"role":"independent_reviewer"'])
      assert.ok(stored.includes(value), `${value} in ${stored}`)
    // No action code, record type or id in any sentence on the page, whatever the events are
    // (the test accounts' own names, "Test centre_admin", have an underscore of their own).
    const all = await ada.get('/admin/audit')
    const sentences = html(all.body)
      .querySelectorAll('.app-audit-sentence')
      .map((p) => p.text)
    assert.ok(sentences.length >= 5)
    for (const sentence of sentences)
      assert.doesNotMatch(
        sentence,
        /\b[a-z]+\.[a-z_]+\b|user_account|sign_in|[0-9a-f]{8}-[0-9a-f]{4}/,
        sentence,
      )
  })
})
