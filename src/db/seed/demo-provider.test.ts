import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { seedDemoProcess } from './demo-process.ts'
import { DEMO_PROGRAMME, DEMO_UKPRN, demoCsv, seedDemoProvider } from './demo-provider.ts'
import { createDemoAccounts, DEMO_ORGANISATION } from './demo-accounts.ts'

let t: TestApp

before(async () => {
  t = await createTestApp()
  await createDemoAccounts(t.database.db, t.services)
  await seedDemoProcess(t.database.db, t.services)
})

after(async () => {
  await t?.close()
})

const awardCount = async () =>
  Number(
    (
      await t.database.db
        .selectFrom('award')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

describe('the demo provider', () => {
  it('has an accredited programme, an approved delivery, learners, awards and a return due, once', async () => {
    const records = await seedDemoProvider(t.database.db, t.services)
    const { db } = t.database
    const organisation = await db
      .selectFrom('organisation')
      .select(['id', 'ukprn', 'provider_kind'])
      .where('name', '=', DEMO_ORGANISATION)
      .executeTakeFirstOrThrow()
    assert.deepEqual(
      { ukprn: organisation.ukprn, kind: organisation.provider_kind },
      { ukprn: DEMO_UKPRN, kind: 'university' },
    )
    const programmes = await t.services.programmes.listProgrammes(organisation.id)
    assert.deepEqual(
      programmes.map((p) => [p.title, p.accreditation]),
      [
        [DEMO_PROGRAMME, 'accredited'],
        ['MSc Advanced Practice (Imaging)', 'under_review'],
        ['MSc Advanced Practice (Mental Health)', 'under_review'],
        ['MSc Advanced Practice (Primary Care)', 'under_review'],
      ],
    )
    const deliveries = await t.services.deliveries.listDeliveries({ organisationId: organisation.id })
    assert.deepEqual(
      deliveries.map((d) => d.state),
      ['approved'],
    )
    const deliveryId = deliveries[0]!.id
    assert.equal(records[0]!.href, `/provider/deliveries/${deliveryId}/learners`)

    const learners = await db
      .selectFrom('learner')
      .leftJoin('award', 'award.learner_id', 'learner.id')
      .select(['learner.eligibility_basis as basis', 'award.status'])
      .where('learner.delivery_id', '=', deliveryId)
      .orderBy('learner.family_name')
      .execute()
    assert.deepEqual(
      learners.map((l) => [l.basis, l.status]),
      [
        [null, null],
        ['equivalence', null],
        ['holds_msc', 'active'],
        ['enrolled_msc', 'active'],
      ],
    )
    const returns = await t.services.qualityReturns.listForProvider([organisation.id], '2026-11-26')
    assert.equal(returns.length, 1, 'approval made the first year’s return')

    const before = await awardCount()
    const again = await seedDemoProvider(t.database.db, t.services)
    assert.equal(again[0]!.stage, 'Already created')
    assert.equal(await awardCount(), before)
  })

  it('comes with a CSV file that uploads cleanly, and one whose mistakes are each reported', async () => {
    const organisation = await t.database.db
      .selectFrom('organisation')
      .select('id')
      .where('name', '=', DEMO_ORGANISATION)
      .executeTakeFirstOrThrow()
    const [listed] = await t.services.deliveries.listDeliveries({ organisationId: organisation.id })
    const delivery = (await t.services.awardImports.deliveryForUpload(listed!.id, [organisation.id]))!
    const actor = { userId: null, label: 'test', ip: null }
    const before = await awardCount()

    const withErrors = await t.services.awardImports.queueCsv(
      delivery,
      { content: demoCsv('withErrors'), filename: 'awards-with-errors.csv' },
      actor,
    )
    await t.services.awardImports.runPendingImports()
    const rejected = (await t.services.awardImports.get(withErrors, [organisation.id]))!
    assert.equal(rejected.state, 'rejected')
    // Every row but the first has a mistake (line 4 has two); the first is valid.
    const problems = (await t.services.awardImports.problems(withErrors, [organisation.id])) ?? []
    assert.deepEqual([...new Set(problems.map((e) => e.line))], [3, 4, 5, 6])
    assert.equal(rejected.problemRows, 4)
    assert.equal(await awardCount(), before, 'a rejected file saves nothing')

    const valid = await t.services.awardImports.queueCsv(
      delivery,
      { content: demoCsv('valid'), filename: 'awards-to-upload.csv' },
      actor,
    )
    await t.services.awardImports.runPendingImports()
    const completed = (await t.services.awardImports.get(valid, [organisation.id]))!
    assert.equal(completed.state, 'completed', JSON.stringify(completed.problemGroups))
    assert.equal(await awardCount(), before + 5)
  })

  it('is in the CTDL export as a credentialing organisation offering what it delivers', async () => {
    await seedDemoProvider(t.database.db, t.services)
    const organisation = await t.database.db
      .selectFrom('organisation')
      .select('id')
      .where('name', '=', DEMO_ORGANISATION)
      .executeTakeFirstOrThrow()
    const doc = await t.services.ctdl.organisation(organisation.id)
    assert.equal(doc?.['@type'], 'ceterms:CredentialOrganization')
    const offers = doc?.['ceterms:offers']
    assert.ok(Array.isArray(offers) && offers.length > 0, 'it offers a credential')
    const graph = await t.services.ctdl.graph()
    const nodes = graph['@graph']
    assert.ok(Array.isArray(nodes))
    assert.ok(
      nodes.some((n: { 'ceterms:offeredBy'?: string[] }) =>
        n['ceterms:offeredBy']?.includes(String(doc['@id'])),
      ),
      'a credential of the graph is offered by it',
    )
  })
})
