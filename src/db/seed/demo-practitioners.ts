// seed:demo's practitioners: each learner the demo provider awarded gets an account of their
// own (a demo account: password "demo-practitioner-password"), a profile from the provider's
// record, and a public directory entry showing the award, so that the directory, the
// employer check and the portfolio have something to show. Run after seedDemoProvider.
import type { Kysely } from 'kysely'
import type { Database } from '../schema.ts'
import { REGIONS } from '../../domain/providers.ts'
import { insertGrant } from '../../repositories/role-grants.ts'
import { findUserByEmail, insertUser } from '../../repositories/user-accounts.ts'
import { hashPassword } from '../../services/authentication.ts'
import { DEMO_ORGANISATION } from './demo-accounts.ts'
import type { DemoProcessRecord } from './demo-process.ts'
import type { Services } from '../../services/index.ts'
import { present } from '../../domain/present.ts'

export const DEMO_PRACTITIONER_PASSWORD = 'demo-practitioner-password'

export async function seedDemoPractitioners(
  db: Kysely<Database>,
  services: Services,
): Promise<DemoProcessRecord[]> {
  const awarded = await db
    .selectFrom('award as a')
    .innerJoin('learner as l', 'l.id', 'a.learner_id')
    .innerJoin('organisation as o', 'o.id', 'a.organisation_id')
    .select([
      'a.id as award_id',
      'a.practitioner_id',
      'l.given_name',
      'l.family_name',
      'l.email',
      'l.profession',
      'l.regulator',
      'l.registration_number',
    ])
    .where('o.name', '=', DEMO_ORGANISATION)
    .orderBy('a.created_at')
    .execute()
  const records: DemoProcessRecord[] = []
  for (const [i, row] of awarded.entries()) {
    let userId = row.practitioner_id
    if (!userId) {
      const existing = await findUserByEmail(db, row.email)
      userId =
        existing?.id ??
        (await db.transaction().execute(async (trx) => {
          const user = await insertUser(trx, {
            email: row.email,
            display_name: `${row.given_name} ${row.family_name}`,
            password_hash: await hashPassword(DEMO_PRACTITIONER_PASSWORD),
            email_verified_at: services.clock.now(),
            is_demo: true,
          })
          await insertGrant(trx, {
            user_id: user.id,
            role: 'practitioner',
            organisation_id: null,
            granted_by: null,
          })
          await trx
            .updateTable('award')
            .set({ practitioner_id: user.id })
            .where('id', '=', row.award_id)
            .execute()
          return user.id
        }))
    }
    const actor = { userId, label: 'seed:demo', ip: null }
    if (!(await services.portfolio.profile(userId)))
      await services.portfolio.saveProfile(
        actor,
        {
          givenName: row.given_name,
          familyName: row.family_name,
          profession: row.profession,
          regulator: row.regulator,
          registrationNumber: row.registration_number,
          region: present(REGIONS[i % REGIONS.length], 'a region'),
          employer: 'Demo Teaching Hospitals NHS Foundation Trust',
        },
        null,
      )
    const mine = await services.portfolio.awards(userId)
    await services.directory.saveDirectoryChoices(actor, {
      listed: true,
      showProfession: true,
      showRegion: true,
      showEmployer: i % 2 === 0,
      awardIds: mine.map((a) => a.id),
    })
    records.push({
      stage: `Directory entry (sign in as ${row.email}, password ${DEMO_PRACTITIONER_PASSWORD})`,
      title: `${row.given_name} ${row.family_name}`,
      href: `/directory/${userId}`,
    })
  }
  return records
}
