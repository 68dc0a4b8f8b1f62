import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { Agent, createAccount, latestLinkTo, signedIn } from '../../../test/support/agent.ts'

describe('Centre admin pages', () => {
  let t: TestApp
  let admin: Agent
  let adminId: string
  let organisationId: string
  before(async () => {
    t = await createTestApp()
    adminId = await createAccount(t, 'admin@example.org', [{ role: 'centre_admin' }])
    const organisation = await t.database.db
      .insertInto('organisation')
      .values({ name: 'University of Testing', kind: 'provider' })
      .returning('id')
      .executeTakeFirstOrThrow()
    organisationId = organisation.id
    admin = await signedIn(t, 'admin@example.org')
  })
  after(() => t.close())

  it('invites a provider admin for an organisation, who lands with that role', async () => {
    const { posted, page } = await admin.submit('/admin/invitations', '/admin/invitations', {
      email: 'uni-admin@example.org',
      displayName: 'Uni Admin',
      role: 'provider_admin',
      organisation: organisationId,
    })
    assert.equal(posted.headers.location, '/admin/invitations')
    assert.match(page.body, /Invitation sent/)
    assert.match(
      page.body,
      /uni-admin@example.org<\/td>\s*<td[^>]*>.*Provider admin for University of Testing/,
    )

    const link = await latestLinkTo(t, 'uni-admin@example.org', '/invitations/accept')
    const token = new URL(link, 'http://x').searchParams.get('token')!
    const invitee = new Agent(t.app)
    const { page: home } = await invitee.submit(link, '/invitations/accept', {
      token,
      displayName: 'Uni Admin',
      password: 'a long enough password',
      confirmPassword: 'a long enough password',
    })
    assert.match(home.body, /Provider admin: University of Testing/)
    assert.match(home.body, /API tokens/)
  })

  it('checks an invitation field by field', async () => {
    const { page } = await admin.submit('/admin/invitations', '/admin/invitations', {
      email: '',
      role: 'provider_staff',
      organisation: '',
    })
    assert.match(page.body, /href="#email">\s*Enter the email address of the person to invite/)
    assert.match(page.body, /href="#organisation">\s*Select the organisation for the provider staff role/)
    const noRole = await admin.submit('/admin/invitations', '/admin/invitations', {
      email: 'x@example.org',
      role: 'emperor',
    })
    assert.match(noRole.page.body, /href="#role">\s*Select a role/)
  })

  it('grants and removes roles, each change in the audit trail with before and after', async () => {
    const userId = await createAccount(t, 'pat@example.org', [{ role: 'practitioner' }])
    const page = `/admin/accounts/${userId}`
    const granted = await admin.submit(page, `${page}/roles`, {
      role: 'independent_reviewer',
      organisation: '',
    })
    assert.match(granted.page.body, /Independent reviewer role granted/)
    const again = await admin.submit(page, `${page}/roles`, {
      role: 'independent_reviewer',
      organisation: '',
    })
    assert.match(again.page.body, /This person already has that role/)

    const grant = await t.database.db
      .selectFrom('role_grant')
      .select('id')
      .where('user_id', '=', userId)
      .where('role', '=', 'independent_reviewer')
      .executeTakeFirstOrThrow()
    await admin.get(page)
    const removed = await admin.post(`${page}/roles/${grant.id}/remove`)
    assert.equal(removed.statusCode, 303)
    assert.match((await admin.get(page)).body, /Role removed/)

    const audit = await admin.get('/admin/audit?entityType=user_account')
    assert.match(audit.body, /role\.granted/)
    assert.match(audit.body, /role\.removed/)
    const events = await t.database.db
      .selectFrom('audit_event')
      .select(['action', 'actor_label', 'before', 'after'])
      .where('entity_id', '=', userId)
      .where('action', 'in', ['role.granted', 'role.removed'])
      .orderBy('id')
      .execute()
    const byAdmin = events.filter((e) => e.actor_label === 'admin@example.org')
    assert.deepEqual(
      byAdmin.map((e) => e.action),
      ['role.granted', 'role.removed'],
    )
    assert.equal((byAdmin[1]!.before as { role: string }).role, 'independent_reviewer')
  })

  it('will not remove the last Centre admin', async () => {
    const grant = await t.database.db
      .selectFrom('role_grant')
      .select('id')
      .where('user_id', '=', adminId)
      .where('role', '=', 'centre_admin')
      .executeTakeFirstOrThrow()
    await admin.get(`/admin/accounts/${adminId}`)
    await admin.post(`/admin/accounts/${adminId}/roles/${grant.id}/remove`)
    assert.match(
      (await admin.get(`/admin/accounts/${adminId}`)).body,
      /You cannot remove the last Centre admin/,
    )
  })

  it('finds accounts by role and by words', async () => {
    const byRole = await admin.get('/admin/accounts?role=centre_admin')
    assert.match(byRole.body, />1 account </)
    const byWords = await admin.get('/admin/accounts?q=uni-admin')
    assert.match(byWords.body, /uni-admin@example.org/)
    assert.doesNotMatch(byWords.body, /pat@example.org/)
  })

  it('lists sent mail, and filters the audit trail by action and actor', async () => {
    const mail = await admin.get('/admin/mail')
    assert.match(mail.body, /You have been invited to Advancing Practice Credentials/)
    const audit = await admin.get('/admin/audit?action=sign_in&actor=admin%40example')
    assert.match(audit.body, /sign_in/)
    assert.doesNotMatch(audit.body, /invitation\.created<\/td>/)
  })
})
