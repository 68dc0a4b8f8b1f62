// User accounts: who can sign in, found by e-mail address or id, and the Centre's list of them.
import { sql } from 'kysely'
import type { Db } from '../db/database.ts'
import type { AccountStatus, Role } from '../domain/accounts.ts'
import { containsPattern } from '../domain/list-search.ts'

export function findUserByEmail(db: Db, email: string) {
  return db.selectFrom('user_account').selectAll().where('email', '=', email).executeTakeFirst()
}

export function findUserById(db: Db, id: string) {
  return db.selectFrom('user_account').selectAll().where('id', '=', id).executeTakeFirst()
}

export function insertUser(
  db: Db,
  user: {
    email: string
    display_name: string
    password_hash: string | null
    email_verified_at: Date | null
    is_demo?: boolean
  },
) {
  return db.insertInto('user_account').values(user).returningAll().executeTakeFirstOrThrow()
}

export async function updateUser(
  db: Db,
  id: string,
  changes: {
    display_name?: string
    password_hash?: string
    email_verified_at?: Date
    status?: AccountStatus
  },
) {
  await db
    .updateTable('user_account')
    .set({ ...changes, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute()
}

export interface UserFilter {
  role?: Role | undefined
  words?: string | undefined
}

/** The accounts a filter picks out: the one query behind the page, the count and the download. */
function filteredUsers(db: Db, filter: UserFilter) {
  let query = db.selectFrom('user_account as u')
  if (filter.role) {
    const role = filter.role
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('role_grant as g')
          .select('g.id')
          .whereRef('g.user_id', '=', 'u.id')
          .where('g.role', '=', role),
      ),
    )
  }
  if (filter.words) {
    const pattern = containsPattern(filter.words)
    query = query.where((eb) =>
      eb.or([eb('u.email', 'ilike', pattern), eb('u.display_name', 'ilike', pattern)]),
    )
  }
  return query
}

export async function listUsers(db: Db, filter: UserFilter & { limit: number; offset: number }) {
  const query = filteredUsers(db, filter)
  const [rows, count] = await Promise.all([
    query
      .selectAll('u')
      .orderBy('u.display_name')
      .orderBy('u.id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(count.n) }
}

/** The next batch of the filtered accounts after (display name, id), in the page's order. */
export function listUsersAfter(
  db: Db,
  filter: UserFilter,
  after: { displayName: string; id: string } | undefined,
  limit: number,
) {
  let query = filteredUsers(db, filter)
  if (after)
    query = query.where((eb) =>
      eb(eb.refTuple('u.display_name', 'u.id'), '>', eb.tuple(after.displayName, after.id)),
    )
  return query.selectAll('u').orderBy('u.display_name').orderBy('u.id').limit(limit).execute()
}

export function countDemoUsers(db: Db) {
  return db
    .selectFrom('user_account')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('is_demo', '=', true)
    .executeTakeFirstOrThrow()
}

/**
 * A closed account: the row stays, so that what refers to it holds, but under a pseudonym,
 * disabled, with no address or password left to sign in with.
 */
export async function pseudonymiseUser(db: Db, userId: string, pseudonym: string) {
  await db
    .updateTable('user_account')
    .set({
      email: `closed-${userId}@closed.invalid`,
      display_name: pseudonym,
      password_hash: null,
      email_verified_at: null,
      status: 'disabled',
    })
    .where('id', '=', userId)
    .execute()
}

/** The display names of these accounts, for sentences about them (the audit trail's). */
export function namesOfUsers(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([])
  return db.selectFrom('user_account').select(['id', 'display_name']).where('id', 'in', ids).execute()
}
