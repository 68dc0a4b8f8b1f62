// A practitioner's portfolio: the profile, checking credentials uploaded to it (good, tampered,
// unknown issuer), and CPD activities with their evidence.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { TEST_BASE_URL, type TestApp } from '../../../test/support/app.ts'
import { embeddedFonts, pdfObjects, pdfText } from '../../../test/support/pdf.ts'
import { AWARD_STATUS_LABELS } from '../../domain/providers.ts'
import { ALICE, BOB, escaped, twoPractitioners } from '../../../test/support/practitioners.ts'
import type { Agent } from '../../../test/support/agent.ts'
import {
  banner,
  checkedValues,
  errorSummary,
  fieldValue,
  has,
  hasLink,
  mainText,
  tableRows,
  textOf,
  textsOf,
} from '../../../test/support/html.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

let t: TestApp
let alice: Agent
let bob: Agent
let aliceId: string
let bobId: string
let awards: Array<{ id: string; row_version: number; credential_title: string }>

before(async () => {
  ;({ t, alice, bob, aliceId, bobId, awards } = await twoPractitioners())
})
after(() => t.close())

describe('the practitioner profile', () => {
  it('checks registration numbers in the regulator’s format, then saves', async () => {
    const bad = await alice.submit('/my/profile', '/my/profile', { ...ALICE, registrationNumber: '123456' })
    assert.equal(bad.posted.statusCode, 303)
    assert.ok(has(bad.page.body, '.nhsuk-error-summary'))
    assert.match(mainText(bad.page.body), /NMC PIN must look like 12A3456E/)
    assert.equal(await t.services.portfolio.profile(aliceId), null, 'nothing saved')

    const good = await alice.submit('/my/profile', '/my/profile', ALICE)
    assert.equal(good.posted.headers.location, '/my/portfolio')
    assert.equal((await t.services.portfolio.profile(aliceId))?.registrationNumber, '12A3456E')
    const saved = await bob.submit('/my/profile', '/my/profile', BOB)
    assert.equal(saved.posted.headers.location, '/my/portfolio')
  })

  it('shows awards in the portfolio by themselves, with their live status', async () => {
    const page = await alice.get('/my/portfolio')
    assert.equal(page.statusCode, 200)
    assert.match(mainText(page.body), escaped(awards[0]!.credential_title))
    assert.deepEqual(
      textsOf(page.body, 'main .nhsuk-tag'),
      ['Awarded'],
      'the award’s status in the service’s words',
    )
  })
})

describe('credentials from elsewhere', () => {
  const credentialJson = async (awardId: string) =>
    (await t.app.inject({ method: 'GET', url: `/awards/${awardId}/credential` })).body

  it('verifies a good credential on upload and keeps the result with the date checked', async () => {
    await alice.get('/my/portfolio/credentials/new')
    const res = await alice.upload('/my/portfolio/credentials', {
      field: 'credentialFile',
      filename: 'award.json',
      content: await credentialJson(awards[0]!.id),
      contentType: 'application/json',
    })
    assert.equal(res.statusCode, 303, res.body)
    const [stored] = await t.services.portfolio.externals(aliceId)
    assert.equal(stored?.verified, true, JSON.stringify(stored?.checks))
    assert.ok(stored.checkedAt instanceof Date)
    assert.match(mainText((await alice.get('/my/portfolio')).body), /Verified/)
  })

  it('stores a file under a safe name whatever it was called, so that it downloads and exports safely', async () => {
    await alice.get('/my/portfolio/credentials/new')
    await alice.upload('/my/portfolio/credentials', {
      field: 'credentialFile',
      filename: '../../证书 ✓.json',
      content: await credentialJson(awards[0]!.id),
    })
    const stored = (await t.services.portfolio.externals(aliceId)).find(
      (e) => e.filename === 'credential.json',
    )
    assert.ok(stored)
    const file = await alice.get(`/my/portfolio/credentials/${stored.id}/file`)
    assert.equal(file.statusCode, 200)
    assert.equal(file.headers['content-disposition'], 'attachment; filename="credential.json"')
  })

  it('stores a tampered credential as not verified, saying why', async () => {
    const tampered = JSON.parse(await credentialJson(awards[0]!.id)) as Json
    tampered.name = 'Something grander'
    await alice.get('/my/portfolio/credentials/new')
    await alice.upload('/my/portfolio/credentials', {
      field: 'credentialFile',
      filename: 'tampered.json',
      content: JSON.stringify(tampered),
    })
    const stored = (await t.services.portfolio.externals(aliceId)).find((e) => e.filename === 'tampered.json')
    assert.equal(stored?.verified, false)
    assert.match(stored.summary, /signature|changed/i)
  })

  it('stores a credential from an issuer it cannot resolve as not verified', async () => {
    const unknown = JSON.parse(await credentialJson(awards[0]!.id)) as Json
    unknown.issuer = { ...unknown.issuer, id: 'did:web:college.example' }
    unknown.proof.verificationMethod = 'did:web:college.example#key-1'
    await alice.get('/my/portfolio/credentials/new')
    await alice.upload('/my/portfolio/credentials', {
      field: 'credentialFile',
      filename: 'unknown.json',
      content: JSON.stringify(unknown),
    })
    const stored = (await t.services.portfolio.externals(aliceId)).find((e) => e.filename === 'unknown.json')
    assert.equal(stored?.verified, false)
    assert.match(stored.summary, /college\.example/)
  })

  it('refuses a file that is not a credential, with the error summary, and saves nothing', async () => {
    const before = (await t.services.portfolio.externals(aliceId)).length
    await alice.get('/my/portfolio/credentials/new')
    const res = await alice.upload('/my/portfolio/credentials', {
      field: 'credentialFile',
      filename: 'notes.txt',
      content: 'just some notes',
    })
    assert.equal(res.headers.location, '/my/portfolio/credentials/new')
    const page = await alice.get('/my/portfolio/credentials/new')
    assert.ok(has(page.body, '.nhsuk-error-summary'))
    assert.equal((await t.services.portfolio.externals(aliceId)).length, before)
  })
})

describe('CPD activities', () => {
  it('records an activity with evidence checked by content and maps it to capabilities', async () => {
    await alice.get('/my/cpd/new')
    const fields = {
      title: 'Frailty study day',
      day: '3',
      month: '3',
      year: '2026',
      hours: '6.5',
      type: 'course',
      reflection: 'Learned the Rockwood scale.',
      capabilities: ['1.4', '1.6'],
    }
    const pretend = await alice.upload(
      '/my/cpd',
      { field: 'evidence', filename: 'certificate.pdf', content: 'not really a PDF' },
      fields,
    )
    assert.equal(pretend.headers.location, '/my/cpd/new')
    assert.match(mainText((await alice.get('/my/cpd/new')).body), /must be a PDF, PNG or JPEG/)
    assert.equal((await t.services.portfolio.activities(aliceId)).length, 0)

    const res = await alice.upload(
      '/my/cpd',
      { field: 'evidence', filename: 'certificate.pdf', content: '%PDF-1.4\n%%EOF\n' },
      fields,
    )
    assert.equal(res.statusCode, 303)
    const [activity] = await t.services.portfolio.activities(aliceId)
    assert.deepEqual(activity?.capabilities, ['1.4', '1.6'])
    assert.equal(activity.hours, '6.5')
    assert.equal(activity.evidence.length, 1)
    const coverage = await t.services.portfolio.coverage(aliceId)
    // Her award's credential maps to 1.4, 1.6 and 1.7; her CPD shows 1.4 and 1.6.
    assert.equal(coverage[0]?.coveredByCpd, 2)
    assert.equal(coverage[0]?.covered, 3)
    const page = await alice.get('/my/capabilities')
    assert.ok(has(page.body, 'svg[role="img"]'), 'the coverage chart is an image to assistive technology')
    assert.match(mainText(page.body), /3 of 11 capabilities with evidence \(3 from credentials, 2 from CPD\)/)
    assert.equal((await bob.get(`/my/cpd/evidence/${activity.evidence[0]!.id}`)).statusCode, 404)
  })

  it('attaches more evidence to an activity later, only to the practitioner’s own', async () => {
    const [activity] = await t.services.portfolio.activities(aliceId)
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')
    await bob.get('/my/portfolio')
    const other = await bob.upload(`/my/cpd/${activity!.id}/evidence`, {
      field: 'evidence',
      filename: 'x.png',
      content: png,
    })
    assert.equal(other.statusCode, 404)

    await alice.get(`/my/cpd/${activity!.id}/evidence/new`)
    const empty = await alice.upload(`/my/cpd/${activity!.id}/evidence`, {
      field: 'evidence',
      filename: 'notes.docx',
      content: 'PK not a PDF',
    })
    assert.equal(empty.headers.location, `/my/cpd/${activity!.id}/evidence/new`)
    const added = await alice.upload(`/my/cpd/${activity!.id}/evidence`, {
      field: 'evidence',
      filename: 'Reflection photo.jpeg',
      content: png,
    })
    assert.equal(added.statusCode, 303)
    const [after] = await t.services.portfolio.activities(aliceId)
    assert.deepEqual(
      after!.evidence.map((e) => e.filename),
      ['certificate.pdf', 'Reflection photo.png'],
    )
  })
  it('says a file over 5MB is too large on the form it came from, whichever form that is', async () => {
    const [activity] = await t.services.portfolio.activities(aliceId)
    assert.ok(activity)
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5 * 1024 * 1024)])
    const forms = [
      ['/my/portfolio/credentials/new', '/my/portfolio/credentials', 'credentialFile'],
      ['/my/cpd/new', '/my/cpd', 'evidence'],
      [`/my/cpd/${activity.id}/evidence/new`, `/my/cpd/${activity.id}/evidence`, 'evidence'],
    ] as const
    for (const [form, action, field] of forms) {
      await alice.get(form)
      const res = await alice.upload(action, { field, filename: 'big.pdf', content: big })
      assert.equal(res.statusCode, 303, action)
      assert.equal(res.headers.location, form)
      assert.match(
        mainText((await alice.get(form)).body),
        /The selected file must be smaller than 5MB/,
        action,
      )
    }
    assert.equal((await t.services.portfolio.activities(aliceId))[0]?.evidence.length, 2, 'nothing added')
  })
})

describe('capability coverage', () => {
  const clinical = async (agent: Agent) =>
    tableRows((await agent.get('/my/capabilities')).body).find((row) => row[0]?.startsWith('1.7 '))
  const caption = async (agent: Agent) =>
    textsOf((await agent.get('/my/capabilities')).body, 'caption').find((c) =>
      c.startsWith('Clinical practice'),
    )

  it('counts an awarded credential for every capability its specification maps to, shown apart from CPD', async () => {
    // Bob has recorded no CPD: his award alone covers what it maps to.
    assert.equal((await t.services.portfolio.activities(bobId)).length, 0)
    assert.equal(
      await caption(bob),
      'Clinical practice: 3 of 11 capabilities with evidence (3 from credentials, 0 from CPD)',
    )
    assert.deepEqual(await clinical(bob), [
      '1.7 Initiate, evaluate and modify interventions, including prescribing',
      awards[1]!.credential_title,
      '0',
      '0',
    ])
  })

  it('counts nothing from a suspended or revoked award', async () => {
    const award = awards[1]!
    for (const status of ['suspended', 'revoked'] as const) {
      await t.database.db
        .updateTable('award')
        .set({ status, status_reason: 'A test' })
        .where('id', '=', award.id)
        .execute()
      assert.equal(
        await caption(bob),
        'Clinical practice: 0 of 11 capabilities with evidence (0 from credentials, 0 from CPD)',
        status,
      )
    }
    await t.database.db
      .updateTable('award')
      .set({ status: 'active', status_reason: null })
      .where('id', '=', award.id)
      .execute()
    assert.match((await caption(bob)) ?? '', /^Clinical practice: 3 of 11/)
  })
})

describe('changing a CPD activity', () => {
  const edit = (id: string) => `/my/cpd/${id}/edit`

  it('opens the form filled in with the activity as it is, for its practitioner only', async () => {
    const [activity] = await t.services.portfolio.activities(aliceId)
    assert.ok(activity)
    const page = await alice.get(edit(activity.id))
    assert.equal(page.statusCode, 200)
    assert.equal(textOf(page.body, 'h1'), 'Change Frailty study day')
    assert.equal(fieldValue(page.body, 'title'), 'Frailty study day')
    assert.deepEqual(
      ['day', 'month', 'year', 'hours'].map((name) => fieldValue(page.body, name)),
      ['3', '3', '2026', '6.5'],
    )
    assert.deepEqual(checkedValues(page.body, 'capabilities'), ['1.4', '1.6'])
    assert.equal(checkedValues(page.body, 'type')[0], 'course')
    assert.equal(fieldValue(page.body, 'rowVersion'), String(activity.rowVersion))
    assert.ok(
      hasLink((await alice.get('/my/portfolio')).body, edit(activity.id)),
      'linked from the portfolio',
    )

    assert.equal((await bob.get(edit(activity.id))).statusCode, 404)
    await bob.get('/my/portfolio')
    const other = await bob.post(`/my/cpd/${activity.id}`, {
      rowVersion: String(activity.rowVersion),
      title: 'Not yours',
      day: '3',
      month: '3',
      year: '2026',
      hours: '1',
      type: 'course',
      reflection: 'x',
    })
    assert.equal(other.statusCode, 404)
    assert.equal((await t.services.portfolio.activities(aliceId))[0]?.title, 'Frailty study day')
  })

  it('checks the change as it checks a new activity, then saves it and records it in the audit trail', async () => {
    const [activity] = await t.services.portfolio.activities(aliceId)
    assert.ok(activity)
    const fields = {
      rowVersion: String(activity.rowVersion),
      title: 'Frailty and falls study day',
      day: '3',
      month: '3',
      year: '2026',
      hours: '7',
      type: 'course',
      reflection: 'Learned the Rockwood scale and a falls pathway.',
      capabilities: ['1.4', '3.1'],
    }
    const bad = await alice.submit(edit(activity.id), `/my/cpd/${activity.id}`, { ...fields, hours: '0' })
    assert.equal(bad.posted.headers.location, edit(activity.id))
    assert.deepEqual(errorSummary(bad.page.body), ['Hours must be between 0.1 and 200'])
    assert.equal(fieldValue(bad.page.body, 'title'), 'Frailty and falls study day', 'what was typed is kept')
    assert.equal((await t.services.portfolio.activities(aliceId))[0]?.title, 'Frailty study day')

    const good = await alice.submit(edit(activity.id), `/my/cpd/${activity.id}`, fields)
    assert.equal(good.posted.headers.location, `/my/portfolio#activity-${activity.id}`)
    assert.match(banner(good.page.body), /CPD activity changed/)
    const [changed] = await t.services.portfolio.activities(aliceId)
    assert.equal(changed?.title, 'Frailty and falls study day')
    assert.equal(changed.hours, '7')
    assert.deepEqual(changed.capabilities, ['1.4', '3.1'])
    assert.equal(changed.evidence.length, 2, 'its evidence stays')
    const event = await t.database.db
      .selectFrom('audit_event')
      .select(['actor_user_id', 'before', 'after'])
      .where('action', '=', 'practitioner.cpd_activity_updated')
      .where('entity_id', '=', activity.id)
      .executeTakeFirstOrThrow()
    assert.equal(event.actor_user_id, aliceId)
    assert.deepEqual(event.before, { capabilities: ['1.4', '1.6'] })
    assert.deepEqual(event.after, {
      changed: ['title', 'tenths_of_hours', 'reflection'],
      capabilities: ['1.4', '3.1'],
    })
  })

  it('refuses a form opened before a change made in another window, and changes nothing', async () => {
    const [activity] = await t.services.portfolio.activities(aliceId)
    assert.ok(activity)
    const stale = await alice.submit(edit(activity.id), `/my/cpd/${activity.id}`, {
      rowVersion: String(activity.rowVersion - 1),
      title: 'An older title',
      day: '3',
      month: '3',
      year: '2026',
      hours: '7',
      type: 'course',
      reflection: 'Older words.',
    })
    assert.equal(stale.posted.headers.location, edit(activity.id))
    assert.deepEqual(errorSummary(stale.page.body), [
      'This activity was changed in another window since you opened this page; check it and save again',
    ])
    assert.equal((await t.services.portfolio.activities(aliceId))[0]?.title, 'Frailty and falls study day')
    // The form shows the version as it is now, so saving again goes through.
    assert.equal(fieldValue(stale.page.body, 'rowVersion'), String(activity.rowVersion))
  })
})

describe('CPD hours', () => {
  it('totals hours and activities by appraisal year, April to March, and over all years', async () => {
    await t.services.portfolio.addActivity(
      { userId: aliceId, label: 'test', ip: null },
      {
        title: 'Deprescribing webinar',
        day: '1',
        month: '4',
        year: '2026',
        hours: '1.5',
        type: 'self_directed',
        reflection: 'STOPP/START criteria.',
        capabilities: ['1.6'],
      },
      null,
    )
    const page = (await alice.get('/my/portfolio')).body
    assert.deepEqual(tableRows(page, '#totals ~ table'), [
      ['April 2026 to March 2027', '1', '1.5'],
      ['April 2025 to March 2026', '1', '7'],
      ['All years', '2', '8.5'],
    ])
    const capabilities = tableRows((await alice.get('/my/capabilities')).body)
    assert.deepEqual(
      capabilities.find((row) => row[0]?.startsWith('1.6 '))?.slice(2),
      ['1', '1.5'],
      'an activity counts for the capabilities it shows now',
    )
    assert.deepEqual(capabilities.find((row) => row[0]?.startsWith('1.4 '))?.slice(2), ['1', '7'])
  })
})

describe('the printable portfolio', () => {
  it('is a tagged PDF of the profile, awards with how to check them, CPD with hours and reflections, totals and coverage', async () => {
    const page = (await alice.get('/my/portfolio')).body
    assert.ok(hasLink(page, '/my/portfolio.pdf', 'Download your portfolio as a PDF'))
    const res = await alice.get('/my/portfolio.pdf')
    assert.equal(res.statusCode, 200)
    assert.equal(res.headers['content-type'], 'application/pdf')
    assert.equal(res.headers['content-disposition'], 'attachment; filename="cpd-portfolio.pdf"')
    assert.equal(res.headers['cache-control'], 'private, no-store')
    const pdf = res.rawPayload
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-')
    const objects = [...pdfObjects(pdf).values()].map((o) => o.dict).join('\n')
    assert.match(objects, /\/StructTreeRoot/, 'tagged')
    assert.match(objects, /\/Lang \(en-GB\)/)
    assert.ok(embeddedFonts(pdf).includes('DejaVuSans'), 'in the service’s embedded font')
    const text = pdfText(pdf).replace(/\s+/g, ' ')
    const award = awards[0]!
    for (const part of [
      'CPD portfolio: Alice Smith',
      'Registration: NMC 12A3456E',
      'Credentials awarded here',
      award.credential_title,
      `Status on the day printed: ${AWARD_STATUS_LABELS.active}`,
      'Frailty and falls study day',
      'Date: 3 March 2026',
      'Hours: 7',
      'Capabilities: 1.4 Assess individuals and families in partnership; 3.1 Own a learning and development plan',
      'Learned the Rockwood scale and a falls pathway.',
      'Deprescribing webinar',
      'April 2026 to March 2027: 1.5 hours, 1 activity',
      'April 2025 to March 2026: 7 hours, 1 activity',
      'All years: 8.5 hours, 2 activities',
      'Clinical practice: 3 of 11 (3 from credentials, 2 from CPD)',
      `1.7 Initiate, evaluate and modify interventions, including prescribing: from ${award.credential_title}`,
    ])
      assert.ok(text.includes(part), `the PDF says "${part}"`)
    // A long address wraps where it can, at a slash.
    assert.ok(
      text.replace(/ /g, '').includes(`${TEST_BASE_URL}/verify/awards/${award.id}`),
      'how to check it',
    )
    assert.doesNotMatch(text, /\d{4}-\d{2}-\d{2}/, 'no ISO dates')

    const bobs = pdfText((await bob.get('/my/portfolio.pdf')).rawPayload).replace(/\s+/g, ' ')
    assert.ok(bobs.includes('CPD portfolio: Robert Hiddenfield'))
    assert.ok(!bobs.includes('Frailty and falls study day'), 'only their own')
  })
})

describe('deleting what cannot be brought back', () => {
  it('deletes a CPD activity only from the page that names its evidence and capabilities, for its practitioner only', async () => {
    const actor = { userId: aliceId, label: 'test', ip: null }
    const id = await t.services.portfolio.addActivity(
      actor,
      {
        title: 'Sepsis update',
        day: '4',
        month: '4',
        year: '2026',
        hours: '2',
        type: 'course',
        reflection: 'Reviewed the sepsis pathway.',
        capabilities: ['1.4'],
      },
      { filename: 'sepsis.pdf', content: Buffer.from('%PDF-1.4\n%%EOF\n') },
    )
    const confirm = `/my/cpd/${id}/delete`
    assert.ok(hasLink((await alice.get('/my/portfolio')).body, confirm), 'linked from the portfolio')
    const page = await alice.get(confirm)
    assert.equal(page.statusCode, 200)
    assert.equal(textOf(page.body, 'h1'), 'Delete the CPD activity Sepsis update?')
    const warning = textOf(page.body, '.nhsuk-card--warning')
    assert.match(warning, /Deleting the activity cannot be undone/)
    assert.match(warning, /deleted for good/)
    assert.match(warning, /Its 1 evidence file is deleted with it/)
    assert.match(warning, /Its mapping to 1 capability is deleted with it/)
    assert.equal(textOf(page.body, 'button.nhsuk-button--warning'), 'Delete the activity')
    assert.ok(hasLink(page.body, `/my/portfolio#activity-${id}`, 'Cancel'))
    assert.ok(
      (await t.services.portfolio.activities(aliceId)).some((a) => a.id === id),
      'opening the page deletes nothing',
    )

    assert.equal((await bob.get(confirm)).statusCode, 404, 'not another practitioner’s')
    const deleted = await alice.submit(confirm, confirm, {})
    assert.equal(deleted.posted.headers.location, '/my/portfolio#activities')
    assert.match(banner(deleted.page.body), /CPD activity deleted/)
    assert.ok(!(await t.services.portfolio.activities(aliceId)).some((a) => a.id === id))
    assert.equal((await alice.get(confirm)).statusCode, 404, 'nothing left to confirm')
  })

  it('removes a credential from elsewhere only from the page that names its file', async () => {
    await alice.get('/my/portfolio/credentials/new')
    const uploaded = await alice.upload('/my/portfolio/credentials', {
      field: 'credentialFile',
      filename: 'to-remove.json',
      content: (await t.app.inject({ method: 'GET', url: `/awards/${awards[0]!.id}/credential` })).body,
    })
    const id = /#credential-([0-9a-f-]{36})$/.exec(String(uploaded.headers.location))?.[1]
    assert.ok(id, `redirected to ${String(uploaded.headers.location)}`)
    const confirm = `/my/portfolio/credentials/${id}/delete`
    assert.ok(hasLink((await alice.get('/my/portfolio')).body, confirm), 'linked from the portfolio')
    const page = await alice.get(confirm)
    assert.equal(page.statusCode, 200)
    assert.match(textOf(page.body, 'h1'), /^Remove the credential .+\?$/)
    const warning = textOf(page.body, '.nhsuk-card--warning')
    assert.match(warning, /Removing the credential cannot be undone/)
    assert.match(
      warning,
      /The file to-remove\.json you uploaded and the result of checking it are deleted for good/,
    )
    assert.equal(textOf(page.body, 'button.nhsuk-button--warning'), 'Remove the credential')
    assert.ok(hasLink(page.body, `/my/portfolio#credential-${id}`, 'Cancel'))
    assert.ok((await t.services.portfolio.externals(aliceId)).some((e) => e.id === id))

    assert.equal((await bob.get(confirm)).statusCode, 404, 'not another practitioner’s')
    const removed = await alice.submit(confirm, confirm, {})
    assert.equal(removed.posted.headers.location, '/my/portfolio')
    assert.match(banner(removed.page.body), /Credential removed from your portfolio/)
    assert.ok(!(await t.services.portfolio.externals(aliceId)).some((e) => e.id === id))
  })
})
