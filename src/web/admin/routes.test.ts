import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { type Agent, createAccount, signedIn } from '../../../test/support/agent.ts'
import { mainText, tableRows } from '../../../test/support/html.ts'

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
    assert.ok(!tableRows(audit.body).some((row) => row.some((cell) => cell.endsWith('invitation.created'))))
  })
})
