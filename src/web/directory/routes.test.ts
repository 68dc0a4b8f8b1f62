// The directory's visibility rules (nothing hidden leaks through pages, the API or search),
// and the practitioner's choice of what their entry shows.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { TestApp } from '../../../test/support/app.ts'
import { ALICE, BOB, escaped, getJson, twoPractitioners } from '../../../test/support/practitioners.ts'
import type { Agent } from '../../../test/support/agent.ts'
import { DEMO_ORGANISATION } from '../../db/seed/demo-accounts.ts'
import { demoActor } from '../../db/seed/demo-process.ts'
import { everything, hrefs, mainText } from '../../../test/support/html.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

let t: TestApp
let visitor: Agent
let alice: Agent
let bob: Agent
let aliceId: string
let bobId: string
let awards: Array<{ id: string; row_version: number; credential_title: string }>

const json = (url: string) => getJson(t, url)

before(async () => {
  ;({ t, visitor, alice, bob, aliceId, bobId, awards } = await twoPractitioners())
  for (const [agent, profile] of [
    [alice, ALICE],
    [bob, BOB],
  ] as const) {
    const saved = await agent.submit('/my/profile', '/my/profile', profile)
    assert.equal(saved.posted.headers.location, '/my/portfolio')
  }
})
after(() => t.close())

describe('directory visibility', () => {
  before(async () => {
    const listed = await alice.submit('/my/directory-entry', '/my/directory-entry', {
      listed: 'yes',
      show: ['profession'],
      awardIds: [awards[0]!.id],
    })
    assert.equal(listed.posted.statusCode, 303)
    await bob.submit('/my/directory-entry', '/my/directory-entry', {
      listed: 'no',
      show: ['profession', 'region'],
      awardIds: [awards[1]!.id],
    })
  })

  it('finds a listed entry by a misspelt or partial name, on the page and through the API', async () => {
    for (const name of ['Alise Smyth', 'smi', 'ALICE SMITH']) {
      const page = await visitor.get(`/directory?name=${encodeURIComponent(name)}`)
      assert.equal(page.statusCode, 200)
      assert.ok(hrefs(page.body).includes(`/directory/${aliceId}`), name)
      const api = await json(`/api/v1/directory?name=${encodeURIComponent(name)}`)
      assert.ok(
        api.body.items.some((e: Json) => e.id === aliceId),
        name,
      )
    }
  })

  it('never shows an entry that is not listed: not in search, not as a page, not through the API', async () => {
    const page = await visitor.get('/directory?name=Hiddenfield')
    assert.doesNotMatch(everything(page.body), new RegExp(bobId))
    assert.match(mainText(page.body), /0 practitioners match your search/)
    assert.doesNotMatch(everything((await visitor.get('/directory')).body), /Hiddenfield/)
    assert.equal((await json('/api/v1/directory?name=Hiddenfield')).body.items.length, 0)
    assert.equal((await visitor.get(`/directory/${bobId}`)).statusCode, 404)
    assert.equal((await json(`/api/v1/directory/${bobId}`)).status, 404)
  })

  it('shows only the fields chosen, and a hidden field cannot be found by filtering on it', async () => {
    const page = await visitor.get(`/directory/${aliceId}`)
    assert.equal(page.statusCode, 200)
    assert.match(mainText(page.body), /Nurse/)
    assert.doesNotMatch(everything(page.body), /Northfield Teaching Hospitals/)
    assert.doesNotMatch(everything(page.body), /North West/)
    const entry = (await json(`/api/v1/directory/${aliceId}`)).body
    assert.deepEqual([entry.profession, entry.region, entry.employer], ['Nurse', null, null])
    assert.doesNotMatch(JSON.stringify(entry), /12A3456E|alice@example\.org|Northfield/)

    const byRegion = await json('/api/v1/directory?name=smith&region=north_west')
    assert.equal(byRegion.body.items.length, 0, 'her region is hidden, so it must not find her')
    const byProfession = await json('/api/v1/directory?name=smith&profession=Nurse')
    assert.equal(byProfession.body.items.length, 1)
  })

  it('shows a chosen credential with its verification and file links, and it leaves the moment it is suspended', async () => {
    const entry = (await json(`/api/v1/directory/${aliceId}`)).body
    assert.equal(entry.credentials.length, 1)
    const [credential] = entry.credentials
    assert.equal(credential.awardId, awards[0]!.id)
    assert.match(credential.verificationUrl, new RegExp(`/verify/awards/${awards[0]!.id}$`))
    assert.match(credential.credentialFileUrl, new RegExp(`/awards/${awards[0]!.id}/credential$`))
    const file = await t.app.inject({ method: 'GET', url: new URL(credential.credentialFileUrl).pathname })
    assert.equal(file.statusCode, 200)

    const area = (
      await t.database.db
        .selectFrom('award as a')
        .innerJoin('credential as c', 'c.id', 'a.credential_id')
        .innerJoin('clinical_area as ca', 'ca.id', 'c.clinical_area_id')
        .select('ca.slug')
        .where('a.id', '=', awards[0]!.id)
        .executeTakeFirstOrThrow()
    ).slug
    assert.equal((await json(`/api/v1/directory?area=${area}`)).body.items.length, 1)

    const provider = await demoActor(t.database.db, t.services, 'provider-admin')
    const organisationIds = [
      (
        await t.database.db
          .selectFrom('organisation')
          .select('id')
          .where('name', '=', DEMO_ORGANISATION)
          .executeTakeFirstOrThrow()
      ).id,
    ]
    const suspended = await t.services.awards.changeAwardStatus(
      awards[0]!.id,
      awards[0]!.row_version,
      'suspend',
      'Under investigation',
      { ...provider, organisationIds },
      'under_investigation',
    )
    assert.equal(suspended, 'suspended')
    assert.equal((await json(`/api/v1/directory/${aliceId}`)).body.credentials.length, 0)
    assert.doesNotMatch(
      everything((await visitor.get(`/directory/${aliceId}`)).body),
      escaped(awards[0]!.credential_title),
    )
    assert.equal((await json(`/api/v1/directory?area=${area}`)).body.items.length, 0)
    await t.services.awards.changeAwardStatus(
      awards[0]!.id,
      awards[0]!.row_version + 1,
      'reinstate',
      'Cleared',
      {
        ...provider,
        organisationIds,
      },
    )
    assert.equal((await json(`/api/v1/directory/${aliceId}`)).body.credentials.length, 1)
  })

  it('asks whether to be listed, keeping what was chosen, and changes nothing', async () => {
    const before = (await json(`/api/v1/directory/${aliceId}`)).body
    const { page } = await alice.submit('/my/directory-entry', '/my/directory-entry', {
      show: ['region'],
      awardIds: [awards[0]!.id],
    })
    assert.match(mainText(page.body), /Select yes if you want to appear in the directory/)
    assert.deepEqual((await json(`/api/v1/directory/${aliceId}`)).body, before)
  })

  it('refuses to show an award that is not the practitioner’s own', async () => {
    const { page } = await alice.submit('/my/directory-entry', '/my/directory-entry', {
      listed: 'yes',
      show: ['profession'],
      awardIds: [awards[0]!.id, awards[1]!.id],
    })
    assert.match(mainText(page.body), /Select credentials from the list/)
    const entry = (await json(`/api/v1/directory/${aliceId}`)).body
    assert.deepEqual(
      entry.credentials.map((c: Json) => c.awardId),
      [awards[0]!.id],
    )
  })
})
