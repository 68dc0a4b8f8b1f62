// Two practitioners, Alice and Bob, each holding one of the demo provider's awards: the
// fixture the portfolio, directory, employer check and data rights tests share, with the two
// helpers they read pages and the directory's API with.
import assert from 'node:assert/strict'
import { createDemoAccounts, DEMO_ORGANISATION } from '../../src/db/seed/demo-accounts.ts'
import { seedDemoProcess } from '../../src/db/seed/demo-process.ts'
import { seedDemoProvider } from '../../src/db/seed/demo-provider.ts'
import { createTestApp, type TestApp } from './app.ts'
import { Agent, createAccount, signedIn } from './agent.ts'

export const ALICE = {
  givenName: 'Alice',
  familyName: 'Smith',
  profession: 'Nurse',
  regulator: 'NMC',
  registrationNumber: '12A3456E',
  region: 'north_west',
  employer: 'Northfield Teaching Hospitals',
}
export const BOB = {
  givenName: 'Robert',
  familyName: 'Hiddenfield',
  profession: 'Pharmacist',
  regulator: 'GPhC',
  registrationNumber: '2034567',
  region: 'london',
  employer: '',
}

/** A pattern that matches the text as written: a credential's title may hold brackets or dots. */
export const escaped = (text: string) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))

/** The status and JSON body of a GET (the directory's API). */
export async function getJson(t: TestApp, url: string) {
  const res = await t.app.inject({ method: 'GET', url })
  return { status: res.statusCode, body: JSON.parse(res.body) as Record<string, any> } // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface Practitioners {
  t: TestApp
  visitor: Agent
  alice: Agent
  bob: Agent
  aliceId: string
  bobId: string
  awards: Array<{ id: string; row_version: number; credential_title: string }>
}

/** The demo app with Alice and Bob signed in, each the holder of one award (Bob's learner record carries his registration number). */
export async function twoPractitioners(): Promise<Practitioners> {
  const t = await createTestApp()
  await createDemoAccounts(t.database.db, t.services)
  await seedDemoProcess(t.database.db, t.services)
  await seedDemoProvider(t.database.db, t.services)
  const aliceId = await createAccount(t, 'alice@example.org', [{ role: 'practitioner' }])
  const bobId = await createAccount(t, 'bob@example.org', [{ role: 'practitioner' }])
  const organisation = await t.database.db
    .selectFrom('organisation')
    .select('id')
    .where('name', '=', DEMO_ORGANISATION)
    .executeTakeFirstOrThrow()
  const awards = await t.database.db
    .selectFrom('award as a')
    .innerJoin('credential as c', 'c.id', 'a.credential_id')
    .select(['a.id', 'a.row_version', 'c.title as credential_title'])
    .where('a.organisation_id', '=', organisation.id)
    .orderBy('a.created_at')
    .execute()
  const [aliceAward, bobAward] = awards
  assert.ok(aliceAward && bobAward)
  // As if each had created their account with the address the provider recorded.
  await t.database.db
    .updateTable('award')
    .set({ practitioner_id: aliceId })
    .where('id', '=', aliceAward.id)
    .execute()
  await t.database.db
    .updateTable('award')
    .set({ practitioner_id: bobId })
    .where('id', '=', bobAward.id)
    .execute()
  await t.database.db
    .updateTable('learner')
    .set({ registration_number: BOB.registrationNumber, family_name: BOB.familyName })
    .where('id', '=', (eb) => eb.selectFrom('award').select('learner_id').where('id', '=', bobAward.id))
    .execute()
  return {
    t,
    visitor: new Agent(t.app),
    alice: await signedIn(t, 'alice@example.org'),
    bob: await signedIn(t, 'bob@example.org'),
    aliceId,
    bobId,
    awards,
  }
}

/**
 * The demo provider's two awards (the demo records seeded into `t`), both made to a new
 * practitioner account with `email`, as linking their account would: oldest award first.
 */
export async function practitionerWithDemoAwards(
  t: TestApp,
  email: string,
): Promise<{ userId: string; awardIds: string[] }> {
  await createDemoAccounts(t.database.db, t.services)
  await seedDemoProcess(t.database.db, t.services)
  await seedDemoProvider(t.database.db, t.services)
  const userId = await createAccount(t, email, [{ role: 'practitioner' }])
  const awards = await t.database.db
    .selectFrom('award as a')
    .innerJoin('organisation as o', 'o.id', 'a.organisation_id')
    .select('a.id')
    .where('o.name', '=', DEMO_ORGANISATION)
    .orderBy('a.awarded_on')
    .orderBy('a.id')
    .execute()
  const awardIds = awards.map((a) => a.id)
  await t.database.db
    .updateTable('award')
    .set({ practitioner_id: userId })
    .where('id', 'in', awardIds)
    .execute()
  return { userId, awardIds }
}
