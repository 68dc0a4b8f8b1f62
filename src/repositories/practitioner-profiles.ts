// Practitioners' profiles, read with the account each belongs to: what identifies the account
// as a credential's holder, and what may name the person.
import type { Db } from '../db/database.ts'
import { sql, type Insertable } from 'kysely'
import type { PractitionerProfileTable } from '../db/schema.ts'

export function findProfile(db: Db, userId: string) {
  return db.selectFrom('practitioner_profile').selectAll().where('user_id', '=', userId).executeTakeFirst()
}

export async function insertProfile(db: Db, profile: Insertable<PractitionerProfileTable>) {
  await db.insertInto('practitioner_profile').values(profile).execute()
}

/** False when someone else changed the profile since it was read. */
export async function updateProfile(
  db: Db,
  userId: string,
  rowVersion: number,
  changes: Omit<Insertable<PractitionerProfileTable>, 'user_id'>,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('practitioner_profile')
    .set({ ...changes, updated_at: now, row_version: sql`row_version + 1` })
    .where('user_id', '=', userId)
    .where('row_version', '=', rowVersion)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/**
 * What identifies each account as a credential's holder: its e-mail address once verified,
 * the regulator and registration number of its profile, and the addresses its providers
 * recorded for the awards linked to it (each linked because it was this account's address).
 */
export async function holderIdentifiersOf(db: Db, userIds: readonly string[]) {
  if (!userIds.length) return { accounts: [], learnerEmails: [] }
  const [accounts, learnerEmails] = await Promise.all([
    db
      .selectFrom('user_account as u')
      .leftJoin('practitioner_profile as p', 'p.user_id', 'u.id')
      .select(['u.id', 'u.email', 'u.email_verified_at', 'p.regulator', 'p.registration_number'])
      .where('u.id', 'in', userIds)
      .execute(),
    db
      .selectFrom('award as a')
      .innerJoin('learner as l', 'l.id', 'a.learner_id')
      .select(['a.practitioner_id as user_id', 'l.email'])
      .where('a.practitioner_id', 'in', userIds)
      .execute(),
  ])
  return { accounts, learnerEmails }
}

/** What may name the person, to look for in the audit trail before it is erased. */
export function personalDataOf(db: Db, userId: string) {
  return db
    .selectFrom('user_account as u')
    .leftJoin('practitioner_profile as p', 'p.user_id', 'u.id')
    .select([
      'u.email',
      'u.display_name',
      'p.given_name',
      'p.family_name',
      'p.registration_number',
      'p.employer',
    ])
    .where('u.id', '=', userId)
    .executeTakeFirst()
}

export async function deleteProfile(db: Db, userId: string) {
  await db.deleteFrom('practitioner_profile').where('user_id', '=', userId).execute()
}
