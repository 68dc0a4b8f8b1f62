// Invitations as the Centre lists them: the one-time tokens for an invitation, with the
// organisation each is for. Whether one is pending or expired depends on the time, handed in.
import { sql } from 'kysely'
import type { Db } from '../db/database.ts'
import type { InvitationState, Role } from '../domain/accounts.ts'
import { containsPattern } from '../domain/list-search.ts'

export interface InvitationFilter {
  /** pending (not used, not expired), accepted (used) or expired (not used, out of date). */
  state?: InvitationState | undefined
  role?: Role | undefined
  words?: string | undefined
  /** The time that decides which invitations are pending and which expired. */
  now: Date
}

/** The invitations a filter picks out: the one query behind the page, the count and the download. */
function filteredInvitations(db: Db, filter: InvitationFilter) {
  let query = db
    .selectFrom('one_time_token as t')
    .leftJoin('organisation as o', 'o.id', 't.organisation_id')
    .where('t.purpose', '=', 'invitation')
  if (filter.state === 'accepted') query = query.where('t.used_at', 'is not', null)
  if (filter.state === 'pending')
    query = query.where('t.used_at', 'is', null).where('t.expires_at', '>', filter.now)
  if (filter.state === 'expired')
    query = query.where('t.used_at', 'is', null).where('t.expires_at', '<=', filter.now)
  if (filter.role) query = query.where('t.role', '=', filter.role)
  if (filter.words) {
    const pattern = containsPattern(filter.words)
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
