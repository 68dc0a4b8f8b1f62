import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { parse } from 'node-html-parser'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { Agent, createAccount, latestLinkTo, signedIn } from '../../../test/support/agent.ts'
import { errorFor, everything, hasLink, mainText, tableRows, textOf } from '../../../test/support/html.ts'
import { fixedClock } from '../../domain/clock.ts'

describe('Centre admin pages: accounts, roles and invitations', () => {
  let t: TestApp
  let admin: Agent
  let adminId: string
  before(async () => {
    t = await createTestApp()
    adminId = await createAccount(t, 'admin@example.org', [{ role: 'centre_admin' }])
    await t.database.db
      .insertInto('organisation')
      .values({ name: 'University of Testing', kind: 'provider' })
      .execute()
    admin = await signedIn(t, 'admin@example.org')
  })
  after(() => t.close())

  it('invites a provider admin for an organisation, who lands with that role', async () => {
    const { posted, page } = await admin.submit('/admin/invitations', '/admin/invitations', {
      email: 'uni-admin@example.org',
      displayName: 'Uni Admin',
      role: 'provider_admin',
      organisation: 'university of testing',
    })
    assert.equal(posted.headers.location, '/admin/invitations')
    assert.match(mainText(page.body), /Invitation sent/)
    assert.ok(
      tableRows(page.body).some((row) =>
        row[row.indexOf('uni-admin@example.org') + 1]?.includes('Provider admin for University of Testing'),
      ),
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
    assert.match(mainText(home.body), /Provider admin: University of Testing/)
    assert.match(mainText(home.body), /API tokens/)
  })

  it('checks an invitation field by field', async () => {
    const { page } = await admin.submit('/admin/invitations', '/admin/invitations', {
      email: '',
      role: 'provider_staff',
      organisation: '',
    })
    assert.equal(errorFor(page.body, 'email'), 'Enter the email address of the person to invite')
    assert.equal(
      errorFor(page.body, 'organisation'),
      'Enter the name of the organisation for the provider staff role',
    )
    const noRole = await admin.submit('/admin/invitations', '/admin/invitations', {
      email: 'x@example.org',
      role: 'emperor',
    })
    assert.equal(errorFor(noRole.page.body, 'role'), 'Select a role')
  })

  it('grants and removes roles, each change in the audit trail with before and after', async () => {
    const userId = await createAccount(t, 'pat@example.org', [{ role: 'practitioner' }])
    const page = `/admin/accounts/${userId}`
    const granted = await admin.submit(page, `${page}/roles`, {
      role: 'independent_reviewer',
      organisation: '',
    })
    assert.match(mainText(granted.page.body), /Independent reviewer role granted/)
    const again = await admin.submit(page, `${page}/roles`, {
      role: 'independent_reviewer',
      organisation: '',
    })
    assert.match(mainText(again.page.body), /This person already has that role/)

    const grant = await t.database.db
      .selectFrom('role_grant')
      .select('id')
      .where('user_id', '=', userId)
      .where('role', '=', 'independent_reviewer')
      .executeTakeFirstOrThrow()
    const confirm = `${page}/roles/${grant.id}/remove`
    assert.ok(hasLink((await admin.get(page)).body, confirm), 'the account page links to it')
    const form = await admin.get(confirm)
    assert.equal(form.statusCode, 200)
    assert.equal(textOf(form.body, 'h1'), 'Remove the independent reviewer role from Test practitioner?')
    assert.match(
      textOf(form.body, '.nhsuk-card--warning'),
      /can no longer do what the independent reviewer role allows/,
    )
    assert.equal(textOf(form.body, 'button.nhsuk-button--warning'), 'Remove the role')
    assert.ok(hasLink(form.body, `${page}#roles`, 'Cancel'))
    assert.equal(
      (await admin.get(`${page}/roles/${adminId}/remove`)).statusCode,
      404,
      'not a grant of this account',
    )
    const removed = await admin.post(confirm)
    assert.equal(removed.statusCode, 303)
    assert.match(mainText((await admin.get(page)).body), /Role removed/)

    const audit = await admin.get('/admin/audit?entityType=user_account')
    assert.match(mainText(audit.body), /role\.granted/)
    assert.match(mainText(audit.body), /role\.removed/)
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
      mainText((await admin.get(`/admin/accounts/${adminId}`)).body),
      /You cannot remove the last Centre admin/,
    )
  })

  it('finds accounts by role and by words', async () => {
    const byRole = await admin.get('/admin/accounts?role=centre_admin')
    assert.match(mainText(byRole.body), /(^| )1 account /)
    const byWords = await admin.get('/admin/accounts?q=uni-admin')
    assert.match(mainText(byWords.body), /uni-admin@example.org/)
    assert.doesNotMatch(everything(byWords.body), /pat@example.org/)
  })

  describe('choosing an organisation by name, at 20,000 organisations', () => {
    const errorsOf = (body: string) =>
      parse(body)
        .querySelectorAll('.nhsuk-error-summary__list a')
        .map((a) => [a.getAttribute('href'), a.text.trim()])
    const organisationField = (body: string) => parse(body).querySelector('input#organisation')

    before(async () => {
      for (let from = 1; from <= 20_000; from += 5_000)
        await t.database.db
          .insertInto('organisation')
          .values(
            Array.from({ length: 5_000 }, (_, i) => ({
              name: `Provider ${String(from + i).padStart(5, '0')} University`,
              kind: 'provider',
            })),
          )
          .execute()
      await t.database.db
        .insertInto('organisation')
        .values([
          { name: 'University of Leeds', kind: 'provider' },
          { name: 'Leeds Beckett University', kind: 'provider' },
        ])
        .execute()
    })

    it('keeps the invitation and account pages small, with a name field and no list', async () => {
      const userId = await createAccount(t, 'sam@example.org', [{ role: 'practitioner' }])
      for (const path of ['/admin/invitations', `/admin/accounts/${userId}`]) {
        const page = await admin.get(path)
        assert.equal(page.statusCode, 200)
        assert.ok(page.body.length < 300_000, `${path}: ${page.body.length} bytes`)
        assert.ok(page.body.length < 60_000, `${path}: ${page.body.length} bytes`)
        assert.equal(
          parse(page.body).querySelector('label[for=organisation]')?.text.trim(),
          'Organisation name',
        )
        assert.equal(organisationField(page.body)?.getAttribute('type'), 'text')
        assert.equal(parse(page.body).querySelectorAll('select#organisation').length, 0)
      }
    })

    it('invites to the organisation named, whatever the case and spacing, and grants a role in it', async () => {
      const { page } = await admin.submit('/admin/invitations', '/admin/invitations', {
        email: 'leeds-staff@example.org',
        role: 'provider_staff',
        organisation: '  university OF   leeds ',
      })
      assert.deepEqual(errorsOf(page.body), [])
      assert.match(mainText(page.body), /Provider staff for University of Leeds/)

      const userId = await createAccount(t, 'lee@example.org', [{ role: 'practitioner' }])
      const account = `/admin/accounts/${userId}`
      const granted = await admin.submit(account, `${account}/roles`, {
        role: 'provider_admin',
        organisation: 'Provider 12345 University',
      })
      assert.match(mainText(granted.page.body), /Provider admin role granted/)
      assert.ok(tableRows(granted.page.body).some((row) => row.includes('Provider 12345 University')))
    })

    it('refuses a name no organisation has, suggesting close ones, and keeps what was typed', async () => {
      const { posted, page } = await admin.submit('/admin/invitations', '/admin/invitations', {
        email: 'someone@example.org',
        role: 'provider_admin',
        organisation: 'Leeds',
      })
      assert.equal(posted.statusCode, 303)
      assert.deepEqual(errorsOf(page.body), [
        [
          '#organisation',
          'No organisation has that name. Did you mean Leeds Beckett University or University of Leeds?',
        ],
      ])
      assert.match(
        parse(page.body).querySelector('#organisation-error')?.text ?? '',
        /Did you mean Leeds Beckett University or University of Leeds\?/,
      )
      assert.equal(organisationField(page.body)?.getAttribute('value'), 'Leeds')
      assert.equal(
        parse(page.body).querySelector('#role option[selected]')?.getAttribute('value'),
        'provider_admin',
      )

      // Many close matches: the first five, by name.
      const many = await admin.submit('/admin/invitations', '/admin/invitations', {
        email: 'someone@example.org',
        role: 'provider_admin',
        organisation: 'Provider 1234',
      })
      assert.deepEqual(errorsOf(many.page.body), [
        [
          '#organisation',
          'No organisation has that name. Did you mean Provider 01234 University, Provider 11234 University, ' +
            'Provider 12340 University, Provider 12341 University or Provider 12342 University?',
        ],
      ])

      const nothing = await admin.submit('/admin/invitations', '/admin/invitations', {
        email: 'someone@example.org',
        role: 'provider_admin',
        organisation: 'Zzyzx College',
      })
      assert.deepEqual(errorsOf(nothing.page.body), [
        [
          '#organisation',
          'No organisation has that name. Enter its full name, as the list of providers shows it',
        ],
      ])
      const centreRole = await admin.submit('/admin/invitations', '/admin/invitations', {
        email: 'someone@example.org',
        role: 'centre_admin',
        organisation: 'University of Leeds',
      })
      assert.deepEqual(errorsOf(centreRole.page.body), [
        ['#organisation', 'The centre admin role is not for one organisation'],
      ])
    })

    it("opens the invitation page with a provider's name filled in from its page", async () => {
      const leeds = await t.database.db
        .selectFrom('organisation')
        .select('id')
        .where('name', '=', 'University of Leeds')
        .executeTakeFirstOrThrow()
      const page = await admin.get(`/admin/invitations?organisation=${leeds.id}`)
      assert.equal(organisationField(page.body)?.getAttribute('value'), 'University of Leeds')
      const unknown = await admin.get('/admin/invitations?organisation=not-an-id')
      assert.equal(unknown.statusCode, 200)
      assert.equal(organisationField(unknown.body)?.getAttribute('value'), undefined)
    })
  })
})

describe('the list of invitations, as time passes', () => {
  const clock = fixedClock('2031-03-03T09:00:00Z')
  let t: TestApp
  let admin: Agent
  before(async () => {
    t = await createTestApp({}, { clock })
    await createAccount(t, 'admin@example.org', [{ role: 'centre_admin' }])
    admin = await signedIn(t, 'admin@example.org')
  })
  after(() => t.close())

  it('shows an invitation as not yet accepted for 7 days by the clock, then as expired', async () => {
    await admin.submit('/admin/invitations', '/admin/invitations', {
      email: 'late@example.org',
      displayName: 'Late Comer',
      role: 'independent_reviewer',
    })
    const stateOf = async (state: string) =>
      tableRows((await admin.get(`/admin/invitations?state=${state}&q=late`)).body)
        .filter((row) => row.includes('late@example.org'))
        .map((row) => row[2])

    clock.advance({ days: 6, hours: 23, minutes: 59 })
    assert.deepEqual(await stateOf('pending'), ['Not yet accepted, until 10 March 2031'])
    assert.deepEqual(await stateOf('expired'), [])

    clock.advance({ minutes: 1 })
    assert.deepEqual(await stateOf('pending'), [])
    assert.deepEqual(await stateOf('expired'), ['Expired'])
    const csv = (await admin.get('/admin/invitations?q=late&format=csv')).body
    assert.match(csv, /,Expired,2031-03-03T09:00:00\.000Z,2031-03-10T09:00:00\.000Z,/)
  })
})
