import { sql } from 'kysely'
import type { Db } from '../db/database.ts'
import type { AccountStatus, OrganisationKind, Role, TokenPurpose } from '../domain/accounts.ts'

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

export function listGrants(db: Db, userIds: readonly string[]) {
  if (userIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('role_grant as g')
    .leftJoin('organisation as o', 'o.id', 'g.organisation_id')
    .select([
      'g.id',
      'g.user_id',
      'g.role',
      'g.organisation_id',
      'o.name as organisation_name',
      'g.granted_at',
    ])
    .where('g.user_id', 'in', userIds)
    .orderBy('g.granted_at')
    .execute()
}

export function findGrant(db: Db, id: string) {
  return db.selectFrom('role_grant').selectAll().where('id', '=', id).executeTakeFirst()
}

export function findSameGrant(db: Db, userId: string, role: Role, organisationId: string | null) {
  let query = db.selectFrom('role_grant').selectAll().where('user_id', '=', userId).where('role', '=', role)
  query =
    organisationId === null
      ? query.where('organisation_id', 'is', null)
      : query.where('organisation_id', '=', organisationId)
  return query.executeTakeFirst()
}

export function insertGrant(
  db: Db,
  grant: { user_id: string; role: Role; organisation_id: string | null; granted_by: string | null },
) {
  return db.insertInto('role_grant').values(grant).returningAll().executeTakeFirstOrThrow()
}

export async function deleteGrant(db: Db, id: string) {
  await db.deleteFrom('role_grant').where('id', '=', id).execute()
}

export function countGrantsOfRole(db: Db, role: Role) {
  return db
    .selectFrom('role_grant')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', role)
    .executeTakeFirstOrThrow()
}

export interface UserFilter {
  role?: Role | undefined
  words?: string | undefined
}

const likePattern = (words: string) => `%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

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
    const pattern = likePattern(filter.words)
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

/** Organisations other than the Centre called `name` whatever the case (names are unique as written). */
export function findOrganisationsNamed(db: Db, name: string) {
  return db
    .selectFrom('organisation')
    .selectAll()
    .where('kind', '<>', 'centre')
    .where(sql<string>`lower(name)`, '=', name.toLowerCase())
    .orderBy('name')
    .execute()
}

/** The first `limit` organisations other than the Centre, by name, whose names contain every word. */
export function findOrganisationsLike(db: Db, words: readonly string[], limit: number) {
  return db
    .selectFrom('organisation')
    .select(['id', 'name', 'kind'])
    .where('kind', '<>', 'centre')
    .where((eb) => eb.and(words.map((word) => eb('name', 'ilike', likePattern(word)))))
    .orderBy('name')
    .limit(limit)
    .execute()
}

export function findOrganisation(db: Db, id: string) {
  return db.selectFrom('organisation').selectAll().where('id', '=', id).executeTakeFirst()
}

export function findOrganisationByName(db: Db, name: string) {
  return db.selectFrom('organisation').selectAll().where('name', '=', name).executeTakeFirst()
}

export function insertOrganisation(db: Db, organisation: { name: string; kind: OrganisationKind }) {
  return db.insertInto('organisation').values(organisation).returningAll().executeTakeFirstOrThrow()
}

// One-time tokens (invitations, password resets, e-mail confirmations)

export function insertOneTimeToken(
  db: Db,
  token: {
    purpose: TokenPurpose
    token_hash: string
    user_id: string | null
    email: string
    display_name?: string | null
    role?: Role | null
    organisation_id?: string | null
    created_by?: string | null
    expires_at: Date
  },
) {
  return db.insertInto('one_time_token').values(token).returningAll().executeTakeFirstOrThrow()
}

/** The token if it is for that purpose, unused and unexpired; locked for this transaction. */
export function findUsableToken(db: Db, purpose: TokenPurpose, tokenHash: string) {
  return db
    .selectFrom('one_time_token as t')
    .leftJoin('organisation as o', 'o.id', 't.organisation_id')
    .selectAll('t')
    .select('o.name as organisation_name')
    .where('t.purpose', '=', purpose)
    .where('t.token_hash', '=', tokenHash)
    .where('t.used_at', 'is', null)
    .where('t.expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst()
}

export async function markTokenUsed(db: Db, id: string) {
  const result = await db
    .updateTable('one_time_token')
    .set({ used_at: sql`now()` })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function expireTokensOf(db: Db, userId: string, purpose: TokenPurpose) {
  await db
    .updateTable('one_time_token')
    .set({ used_at: sql`now()` })
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute()
}

/** Unused tokens for that purpose of the account, if there is one, or sent to the address. */
export async function expireTokensOfAccountOrAddress(
  db: Db,
  purpose: TokenPurpose,
  userId: string | null,
  email: string,
) {
  await db
    .updateTable('one_time_token')
    .set({ used_at: sql`now()` })
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where((eb) =>
      userId ? eb.or([eb('user_id', '=', userId), eb('email', '=', email)]) : eb('email', '=', email),
    )
    .execute()
}

export interface InvitationFilter {
  /** pending (not used, not expired), accepted (used) or expired (not used, out of date). */
  state?: 'pending' | 'accepted' | 'expired' | undefined
  role?: Role | undefined
  words?: string | undefined
}

/** The invitations a filter picks out: the one query behind the page, the count and the download. */
function filteredInvitations(db: Db, filter: InvitationFilter) {
  let query = db
    .selectFrom('one_time_token as t')
    .leftJoin('organisation as o', 'o.id', 't.organisation_id')
    .where('t.purpose', '=', 'invitation')
  if (filter.state === 'accepted') query = query.where('t.used_at', 'is not', null)
  if (filter.state === 'pending')
    query = query.where('t.used_at', 'is', null).where('t.expires_at', '>', sql<Date>`now()`)
  if (filter.state === 'expired')
    query = query.where('t.used_at', 'is', null).where('t.expires_at', '<=', sql<Date>`now()`)
  if (filter.role) query = query.where('t.role', '=', filter.role)
  if (filter.words) {
    const pattern = likePattern(filter.words)
    query = query.where((eb) =>
      eb.or([eb('t.email', 'ilike', pattern), eb('t.display_name', 'ilike', pattern)]),
    )
  }
  return query
}

const invitationColumns = [
  't.id',
  't.email',
  't.display_name',
  't.role',
  'o.name as organisation_name',
  't.created_at',
  't.expires_at',
  't.used_at',
] as const

export async function listInvitations(db: Db, filter: InvitationFilter & { limit: number; offset: number }) {
  const query = filteredInvitations(db, filter)
  const [rows, count] = await Promise.all([
    query
      .select(invitationColumns)
      .orderBy('t.created_at', 'desc')
      .orderBy('t.id', 'desc')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(count.n) }
}

/**
 * The next batch of the filtered invitations, newest first, after the one with this id. The
 * cursor is the row's time as the database writes it (JavaScript dates lose microseconds).
 */
export function listInvitationsAfter(
  db: Db,
  filter: InvitationFilter,
  after: { at: string; id: string } | undefined,
  limit: number,
) {
  let query = filteredInvitations(db, filter)
  if (after)
    query = query.where(
      (eb) =>
        sql<boolean>`(${eb.ref('t.created_at')}, ${eb.ref('t.id')}) < (${after.at}::timestamptz, ${after.id}::uuid)`,
    )
  return query
    .select(invitationColumns)
    .select(sql<string>`t.created_at::text`.as('cursor_at'))
    .orderBy('t.created_at', 'desc')
    .orderBy('t.id', 'desc')
    .limit(limit)
    .execute()
}

// Sign-in attempts, for rate limiting across all instances

export async function recordSignInAttempt(db: Db, accountKey: string, address: string, succeeded: boolean) {
  const row = await db
    .insertInto('sign_in_attempt')
    .values({ account_key: accountKey, address, succeeded })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function deleteSignInAttempt(db: Db, id: number) {
  await db.deleteFrom('sign_in_attempt').where('id', '=', id).execute()
}

/** The class of the two-key advisory locks on one account's, or one address's, sign-ins. */
const SIGN_IN_LOCK = 741_200_004

/**
 * Until the transaction ends, no other sign-in to this account or from this address can
 * count attempts: counting and recording one become a single step. The account is locked
 * before the address, always, so two transactions never wait on each other in a circle.
 */
export async function lockSignInKeys(trx: Db, accountKey: string, address: string) {
  await sql`select pg_advisory_xact_lock(${SIGN_IN_LOCK}, hashtext(${`account:${accountKey}`}))`.execute(trx)
  await sql`select pg_advisory_xact_lock(${SIGN_IN_LOCK}, hashtext(${`address:${address}`}))`.execute(trx)
}

export async function recentFailures(db: Db, accountKey: string, address: string, since: Date) {
  const row = await db
    .selectFrom('sign_in_attempt')
    .select([
      sql<number>`count(*) filter (where account_key = ${accountKey})::int`.as('by_account'),
      sql<number>`count(*) filter (where address = ${address})::int`.as('by_address'),
    ])
    .where('succeeded', '=', false)
    .where('attempted_at', '>', since)
    .where((eb) => eb.or([eb('account_key', '=', accountKey), eb('address', '=', address)]))
    .executeTakeFirstOrThrow()
  return { byAccount: Number(row.by_account), byAddress: Number(row.by_address) }
}

export async function deleteSignInAttemptsBefore(db: Db, before: Date) {
  await db.deleteFrom('sign_in_attempt').where('attempted_at', '<', before).execute()
}

export async function clearFailures(db: Db, accountKey: string) {
  await db
    .deleteFrom('sign_in_attempt')
    .where('account_key', '=', accountKey)
    .where('succeeded', '=', false)
    .execute()
}
