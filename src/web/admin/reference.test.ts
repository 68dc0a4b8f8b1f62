import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { createAccount, signedIn, type Agent } from '../../../test/support/agent.ts'
import {
  attributesOf,
  errorFor,
  html,
  mainText,
  summaryRows,
  tableRows,
  textsOf,
} from '../../../test/support/html.ts'

/** The fields of the form posting to `action`, as a browser would send them, with changes. */
function formOf(page: string, action: string, changes: Record<string, string> = {}): Record<string, string> {
  const form = html(page).querySelector(`form[action="${action}"]`)
  assert.ok(form, `a form posting to ${action}`)
  const fields: Record<string, string> = {}
  for (const input of form.querySelectorAll('input[name]')) {
    const type = input.getAttribute('type') ?? 'text'
    if ((type === 'checkbox' || type === 'radio') && input.getAttribute('checked') === undefined) continue
    if (type === 'file') continue
    fields[input.getAttribute('name') ?? ''] = input.getAttribute('value') ?? ''
  }
  for (const area of form.querySelectorAll('textarea[name]'))
    fields[area.getAttribute('name') ?? ''] = area.textContent.replace(/^\n/, '')
  for (const select of form.querySelectorAll('select[name]'))
    fields[select.getAttribute('name') ?? ''] =
      select.querySelector('option[selected]')?.getAttribute('value') ?? ''
  delete fields._csrf
  return { ...fields, ...changes }
}

/** The row of the form whose field `name_i` holds `value`. */
function rowWith(fields: Record<string, string>, name: string, value: string): number {
  const key = Object.keys(fields).find((k) => k.startsWith(`${name}_`) && fields[k] === value)
  assert.ok(key, `a row with ${name} ${value}`)
  return Number(key.split('_')[1])
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')

describe('reference content published by Centre admins', () => {
  let t: TestApp
  let admin: Agent
  before(async () => {
    t = await createTestApp()
    await createAccount(t, 'admin@example.org', [{ role: 'centre_admin' }])
    admin = await signedIn(t, 'admin@example.org')
  })
  after(() => t.close())

  it('a reference-content edit is shown on the public history page with its diff', async () => {
    const page = await admin.get('/admin/reference/glossary')
    assert.equal(page.statusCode, 200)
    const fields = formOf(page.body, '/admin/reference/glossary/check')
    const row = rowWith(fields, 'term', 'Credential')
    const definition = fields[`definition_${row}`] ?? ''
    const changed = definition.replace('standardised unit', 'standardised, quality-assured unit')
    assert.notEqual(changed, definition)
    const form = {
      ...fields,
      [`definition_${row}`]: changed,
      changeSummary: 'Says that credentials are quality assured',
    }

    const check = await admin.post('/admin/reference/glossary/check', form)
    assert.equal(check.statusCode, 200)
    const rows = summaryRows(check.body)
    assert.equal(rows['New version'], 'Version 2 of the glossary')
    assert.equal(rows.Changed, 'Credential')
    assert.equal(rows.Added, 'None')
    assert.equal(
      (await t.services.referenceEditing.current('glossary')).version,
      1,
      'the check page writes nothing',
    )

    const published = await admin.post(
      '/admin/reference/glossary',
      formOf(check.body, '/admin/reference/glossary'),
    )
    assert.equal(published.statusCode, 303)
    assert.match(mainText((await admin.get('/admin/reference')).body), /Glossary: version 2 published/)

    const glossary = await t.app.inject({ method: 'GET', url: '/glossary' })
    assert.match(mainText(glossary.body), /Version 2, published/)
    assert.match(mainText(glossary.body), /standardised, quality-assured unit/)
    assert.ok(attributesOf(glossary.body, 'main a', 'href').includes('/glossary/history'))

    const history = await t.app.inject({ method: 'GET', url: '/glossary/history' })
    assert.equal(history.statusCode, 200)
    const versions = tableRows(history.body)
    assert.equal(versions.length, 2)
    assert.equal(versions[0]?.[0], 'Version 2')
    assert.match(versions[0]?.[1] ?? '', /^\d{1,2} [A-Z][a-z]+ \d{4}$/, 'the date in words')
    assert.equal(versions[0]?.[2], 'Centre admin', 'who, by role')
    assert.equal(versions[0]?.[3], 'Says that credentials are quality assured')
    assert.equal(versions[1]?.[2], 'The Centre')

    const diff = await t.app.inject({ method: 'GET', url: '/glossary/history/2' })
    assert.equal(diff.statusCode, 200)
    assert.match(mainText(diff.body), /0 added, 0 removed, 1 changed, 14 unchanged/)
    assert.deepEqual(textsOf(diff.body, '.app-diff-changed dt'), ['Credential'])
    const added = textsOf(diff.body, '.app-diff-changed ins').join(' ')
    const removed = textsOf(diff.body, '.app-diff-changed del').join(' ')
    assert.match(added, /quality-assured/)
    assert.match(removed, /standardised/, 'the word now followed by a comma is replaced')

    const first = await t.app.inject({ method: 'GET', url: '/glossary/history/1' })
    assert.match(mainText(first.body), /This is the first version/)
    assert.equal((await t.app.inject({ method: 'GET', url: '/glossary/history/3' })).statusCode, 404)

    const event = await t.database.db
      .selectFrom('audit_event')
      .select(['entity_id', 'actor_label'])
      .where('action', '=', 'reference.published')
      .executeTakeFirstOrThrow()
    assert.deepEqual(event, { entity_id: 'glossary:2', actor_label: 'admin@example.org' })
  })

  it('refuses a version made from an older one, keeping what was typed', async () => {
    const stale = await admin.get('/admin/reference/intervention-types')
    const staleForm = formOf(stale.body, '/admin/reference/intervention-types/check', {
      introduction: 'Five types, not ranked.',
      changeSummary: 'Shorter introduction',
    })
    const fresh = await admin.get('/admin/reference/intervention-types')
    const freshForm = formOf(fresh.body, '/admin/reference/intervention-types/check')
    const row = rowWith(freshForm, 'name', 'Standards of practice')
    const res = await admin.post('/admin/reference/intervention-types', {
      ...freshForm,
      [`description_${row}`]:
        'What a practitioner in the area is expected to do, without a unit of learning.',
      changeSummary: 'Described standards of practice',
    })
    assert.equal(res.statusCode, 303)
    assert.match(
      mainText((await t.app.inject({ method: 'GET', url: '/intervention-types' })).body),
      /without a unit of learning/,
    )

    await admin.post('/admin/reference/intervention-types/check', staleForm)
    const shown = await admin.get('/admin/reference/intervention-types')
    assert.match(
      mainText(shown.body),
      /Types of intervention changed since you opened them: version 2 is now published/,
    )
    assert.equal(
      formOf(shown.body, '/admin/reference/intervention-types/check').introduction,
      'Five types, not ranked.',
    )
  })

  it("shows the answers behind the check page's Change link against a version published since, and says so", async () => {
    const page = await admin.get('/admin/reference/glossary')
    const fields = formOf(page.body, '/admin/reference/glossary/check')
    const row = rowWith(fields, 'term', 'CPD portfolio')
    const check = await admin.post('/admin/reference/glossary/check', {
      ...fields,
      [`definition_${row}`]: 'A record of learning.',
      changeSummary: 'Shorter CPD portfolio',
    })
    assert.equal(check.statusCode, 200)
    // Meanwhile another admin publishes.
    const current = await t.services.referenceEditing.current('glossary')
    await t.services.referenceEditing.publish(
      'glossary',
      current.version,
      {
        terms: [...current.content.terms, { term: 'Workforce', definition: 'The people who deliver care.' }],
      },
      'Added Workforce',
      { userId: null, label: 'other admin', ip: null },
    )
    const back = await admin.get('/admin/reference/glossary')
    assert.match(
      mainText(back.body),
      new RegExp(`Version ${current.version + 1} was published since you made these changes`),
    )
    const again = formOf(back.body, '/admin/reference/glossary/check')
    assert.equal(again[`definition_${row}`], 'A record of learning.', 'the answers are kept')
    assert.equal(again.rowVersion, String(current.version + 1), 'against the version now')
    const recheck = await admin.post('/admin/reference/glossary/check', again)
    assert.equal(recheck.statusCode, 200)
    assert.equal(summaryRows(recheck.body).Removed, 'Workforce', 'the check page shows what it would undo')
    assert.equal(summaryRows(recheck.body).Changed, 'CPD portfolio')
    // Published as checked; the kept answers go with it.
    await admin.post('/admin/reference/glossary', formOf(recheck.body, '/admin/reference/glossary'))
    const fresh = formOf(
      (await admin.get('/admin/reference/glossary')).body,
      '/admin/reference/glossary/check',
    )
    assert.equal(fresh.changeSummary, '')
    assert.equal(fresh.rowVersion, String(current.version + 2))
  })

  it('needs a summary and a change, and checks every row', async () => {
    const page = await admin.get('/admin/reference/glossary')
    const fields = formOf(page.body, '/admin/reference/glossary/check')
    await admin.post('/admin/reference/glossary/check', { ...fields, changeSummary: '' })
    assert.equal(
      errorFor((await admin.get('/admin/reference/glossary')).body, 'changeSummary'),
      'Enter a summary of what changed',
    )

    await admin.post('/admin/reference/glossary/check', { ...fields, changeSummary: 'Nothing really' })
    assert.equal(
      errorFor((await admin.get('/admin/reference/glossary')).body, 'changeSummary'),
      'Nothing has changed: change something before publishing a new version',
    )

    await admin.post('/admin/reference/glossary/check', {
      ...fields,
      definition_2: '',
      term_3: fields.term_0 ?? '',
      changeSummary: 'x',
    })
    const shown = (await admin.get('/admin/reference/glossary')).body
    assert.equal(errorFor(shown, 'definition_2'), 'Enter the definition')
    assert.match(errorFor(shown, 'term_3') ?? '', /is in the glossary twice/)
  })

  it('retires a framework capability and adds one; a retired number is never reused', async () => {
    const page = await admin.get('/admin/reference/framework')
    const fields = formOf(page.body, '/admin/reference/framework/check')
    const retired = rowWith(fields, 'code', '4.8')
    const last = Number(fields.rows) - 1
    const form = {
      ...fields,
      [`remove_${retired}`]: 'yes',
      [`pillar_${last}`]: '4',
      [`code_${last}`]: '4.9',
      [`label_${last}`]: 'Use data and digital tools to evaluate practice',
      changeSummary: 'Retired 4.8 and added 4.9 on data and digital tools',
    }
    const check = await admin.post('/admin/reference/framework/check', form)
    assert.equal(check.statusCode, 200)
    assert.equal(summaryRows(check.body).Retired, '4.8')
    assert.equal(summaryRows(check.body).Added, '4.9')
    assert.equal(
      (await admin.post('/admin/reference/framework', formOf(check.body, '/admin/reference/framework')))
        .statusCode,
      303,
    )

    const framework = await t.app.inject({ method: 'GET', url: '/framework' })
    assert.match(mainText(framework.body), /Use data and digital tools/)
    const codes = (await t.services.reference.framework()).pillars.flatMap((p) =>
      p.capabilities.map((c) => c.code),
    )
    assert.ok(codes.includes('4.9') && !codes.includes('4.8'))

    const again = await admin.get('/admin/reference/framework')
    const againFields = formOf(again.body, '/admin/reference/framework/check')
    const newRow = Number(againFields.rows) - 1
    await admin.post('/admin/reference/framework/check', {
      ...againFields,
      [`pillar_${newRow}`]: '4',
      [`code_${newRow}`]: '4.8',
      [`label_${newRow}`]: 'Back again',
      changeSummary: 'Reuse',
    })
    assert.equal(
      errorFor((await admin.get('/admin/reference/framework')).body, `code_${newRow}`),
      '4.8 was retired: give the capability a new number',
    )
    const diff = await t.app.inject({ method: 'GET', url: '/framework/history/2' })
    assert.deepEqual(textsOf(diff.body, '.app-diff-removed dt'), ['4.8'])
  })

  it('publishes an uploaded PDF, served as a download with a safe name; other files are refused', async () => {
    await admin.get('/admin/reference/documents/new')
    const refused = await admin.upload(
      '/admin/reference/documents/new/check',
      { field: 'file', filename: 'page.html', content: '<script>alert(1)</script>' },
      { rowVersion: '1', title: 'A page', about: 'Not allowed', changeSummary: 'Try HTML' },
    )
    assert.equal(refused.statusCode, 303)
    assert.equal(
      errorFor((await admin.get('/admin/reference/documents/new')).body, 'file'),
      'The selected file must be a PDF, Word, Excel or PowerPoint file',
    )

    const check = await admin.upload(
      '/admin/reference/documents/new/check',
      { field: 'file', filename: 'Delivery guide 2027.pdf', content: PDF, contentType: 'application/pdf' },
      {
        rowVersion: '1',
        title: 'Delivery guide 2027',
        about: 'How approved providers deliver endorsed credentials.',
        'issuedOn[day]': '6',
        'issuedOn[month]': '1',
        'issuedOn[year]': '2027',
        edition: '1.0',
        changeSummary: 'Added the 2027 delivery guide',
      },
    )
    if (check.statusCode !== 200)
      console.log(mainText((await admin.get('/admin/reference/documents/new')).body))
    assert.equal(check.statusCode, 200)
    assert.equal(summaryRows(check.body).Added, 'Delivery guide 2027')
    const confirm = formOf(check.body, '/admin/reference/documents/new')
    const fileId = confirm.fileId ?? ''
    assert.equal(
      (await t.app.inject({ method: 'GET', url: `/documents/files/${fileId}` })).statusCode,
      404,
      'not served before a version names it',
    )
    assert.equal((await admin.post('/admin/reference/documents/new', confirm)).statusCode, 303)

    const documents = await t.app.inject({ method: 'GET', url: '/documents' })
    assert.ok(attributesOf(documents.body, 'main a', 'href').includes(`/documents/files/${fileId}`))
    assert.match(mainText(documents.body), /Dated 6 January 2027\. Version 1\.0\./)
    const file = await t.app.inject({ method: 'GET', url: `/documents/files/${fileId}` })
    assert.equal(file.statusCode, 200)
    assert.equal(file.headers['content-type'], 'application/pdf')
    assert.equal(file.headers['content-disposition'], 'attachment; filename="Delivery-guide-2027.pdf"')
    assert.equal(file.headers['x-content-type-options'], 'nosniff')
    assert.deepEqual(file.rawPayload, PDF)
    assert.equal((await t.app.inject({ method: 'GET', url: '/documents/files/not-a-uuid' })).statusCode, 404)

    // Removing it is a new version too; the old version's file stays in the history.
    const edit = await admin.get('/admin/reference/documents/delivery-guide-2027')
    assert.equal(edit.statusCode, 200)
    const removeCheck = await admin.upload(
      '/admin/reference/documents/delivery-guide-2027/check',
      { field: 'file', filename: '', content: '' },
      {
        ...formOf(edit.body, '/admin/reference/documents/delivery-guide-2027/check'),
        remove: 'yes',
        changeSummary: 'Withdrew the guide',
      },
    )
    assert.equal(removeCheck.statusCode, 200)
    assert.equal(summaryRows(removeCheck.body).Removed, 'Delivery guide 2027')
  })

  it('shows earlier versions of the criteria, with what changed', async () => {
    await t.services.criteria.publish(
      'principle',
      1,
      (await t.services.criteria.current('principle')).criteria.map((c, i) =>
        i === 0 ? { ...c, statement: `${c.statement} Always.` } : c,
      ),
      { userId: null, label: 'test', ip: null },
    )
    const history = await t.app.inject({ method: 'GET', url: '/criteria/history' })
    assert.equal(history.statusCode, 200)
    assert.ok(attributesOf(history.body, 'main a', 'href').includes('/criteria/principle/versions/2'))
    const v2 = await t.app.inject({ method: 'GET', url: '/criteria/principle/versions/2' })
    assert.equal(v2.statusCode, 200)
    assert.match(mainText(v2.body), /0 added, 0 removed, 1 changed/)
    assert.deepEqual(textsOf(v2.body, '.app-diff-changed ins'), ['[added: Always.]'])
    const v1 = await t.app.inject({ method: 'GET', url: '/criteria/gateway/versions/1' })
    assert.match(mainText(v1.body), /G1: High-priority need/)
    assert.equal((await t.app.inject({ method: 'GET', url: '/criteria/gateway/versions/9' })).statusCode, 404)
    assert.equal(
      (await t.app.inject({ method: 'GET', url: '/criteria/astrology/versions/1' })).statusCode,
      404,
    )
  })
})
