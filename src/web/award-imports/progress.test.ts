// An award upload's page while it runs: it answers at once, refreshes itself without
// JavaScript, and its progress can be followed as JSON by the page's script.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { parse } from 'node-html-parser'
import { AWARD_COLUMNS } from '../../domain/award-rows.ts'
import { createAccount, signedIn, type Agent } from '../../../test/support/agent.ts'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import {
  insertApprovedDelivery,
  validCsvLine,
  type AwardFixture,
} from '../../../test/support/award-fixture.ts'

const csv = (n: number) =>
  [AWARD_COLUMNS.join(','), ...Array.from({ length: n }, (_, i) => validCsvLine(i + 1))].join('\n') + '\n'
const SYSTEM = { userId: null, label: 'test', ip: null }

let t: TestApp
let fixture: AwardFixture
let staff: Agent
let outsider: Agent

before(async () => {
  t = await createTestApp()
  fixture = await insertApprovedDelivery(t.database.db)
  const other = await insertApprovedDelivery(t.database.db)
  await createAccount(t, 'staff@progress.example', [
    { role: 'provider_staff', organisationId: fixture.organisationId },
  ])
  await createAccount(t, 'other@progress.example', [
    { role: 'provider_staff', organisationId: other.organisationId },
  ])
  staff = await signedIn(t, 'staff@progress.example')
  outsider = await signedIn(t, 'other@progress.example')
})

after(async () => {
  await t?.close()
})

async function queued(rows: number) {
  const delivery = await t.services.awardImports.deliveryForUpload(fixture.deliveryId, [
    fixture.organisationId,
  ])
  assert.ok(delivery)
  return t.services.awardImports.queueCsv(
    delivery,
    { content: Buffer.from(csv(rows)), filename: null },
    SYSTEM,
  )
}

describe('an award upload’s progress', () => {
  it('shows a progress bar that refreshes itself without JavaScript, and loads the live script', async () => {
    const id = await queued(20)
    await t.database.db
      .updateTable('award_import')
      .set({ state: 'running', started_at: new Date(Date.now() - 10_000), heartbeat_at: new Date() })
      .set({ total_rows: 20, processed_rows: 20, saved_rows: 10 })
      .where('id', '=', id)
      .execute()
    const res = await staff.get(`/provider/imports/${id}`)
    assert.equal(res.statusCode, 200)
    const page = parse(res.body)
    // node-html-parser keeps what <noscript> holds as its text.
    const noscript = page.querySelectorAll('head noscript').map((n) => parse(n.innerHTML))
    assert.ok(
      noscript.some((n) => n.querySelector('meta[http-equiv="refresh"]')),
      'a refresh for browsers without JavaScript',
    )
    assert.match(page.text, /This page updates every few seconds/)
    const bar = page.querySelector('progress#import-progress')
    assert.ok(bar)
    assert.equal(
      page.querySelector('label[for="import-progress"]')?.text.trim(),
      `${bar.getAttribute('value')}% done`,
    )
    assert.match(page.querySelector('[data-field="checked"]')?.text ?? '', /20 of 20/)
    assert.match(page.querySelector('[data-field="saved"]')?.text ?? '', /10 of 20/)
    assert.match(page.querySelector('[data-field="time-left"]')?.text ?? '', /left/)
    const script = page.querySelector('script[src="/assets/app/import-progress.js"]')
    const nonce = /'nonce-([^']+)'/.exec(String(res.headers['content-security-policy']))?.[1]
    assert.ok(script && nonce && script.getAttribute('nonce') === nonce, 'the script carries the CSP nonce')
    assert.equal(
      page.querySelector('[data-progress-url]')?.getAttribute('data-progress-url'),
      `/provider/imports/${id}/progress.json`,
    )
  })

  it('answers its progress as JSON, which moves as the import runs, only to its provider', async () => {
    const id = await queued(30)
    const before = await staff.get(`/provider/imports/${id}/progress.json`)
    assert.equal(before.statusCode, 200)
    assert.equal(before.headers['cache-control'], 'no-store')
    const waiting = before.json()
    assert.equal(waiting.state, 'queued')
    assert.equal(waiting.finished, false)
    assert.equal(waiting.savedRows, 0)

    assert.equal((await outsider.get(`/provider/imports/${id}/progress.json`)).statusCode, 404)

    await t.services.awardImports.runPendingImports()
    const done = (await staff.get(`/provider/imports/${id}/progress.json`)).json()
    assert.equal(done.state, 'completed')
    assert.equal(done.finished, true)
    assert.equal(done.totalRows, 30)
    assert.equal(done.checkedRows, 30)
    assert.equal(done.savedRows, 30)
    assert.equal(done.percent, 100)
    const page = parse((await staff.get(`/provider/imports/${id}`)).body)
    assert.equal(page.querySelector('meta[http-equiv="refresh"]'), null, 'a finished upload stops refreshing')
  })

  it('says when a run was interrupted instead of showing its old progress as current', async () => {
    const id = await queued(10)
    await t.database.db
      .updateTable('award_import')
      .set({
        state: 'running',
        total_rows: 10,
        processed_rows: 5,
        started_at: new Date(Date.now() - 120_000),
      })
      .set({ heartbeat_at: new Date(Date.now() - 90_000) })
      .where('id', '=', id)
      .execute()
    const json = (await staff.get(`/provider/imports/${id}/progress.json`)).json()
    assert.equal(json.stalled, true)
    assert.match(json.timeLeft, /interrupted: it will start again/)
  })
})
