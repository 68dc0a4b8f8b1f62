// Addresses that asked to hear of new consultations, in every area or in one. Each holds the
// hash of its unsubscribe token; the token itself is only ever in the e-mails.
import type { Db } from '../db/database.ts'

export async function insertSubscription(
  db: Db,
  values: { id: string; email: string; userId: string | null; areaId: number | null; tokenHash: string },
): Promise<boolean> {
  const rows = await db
    .insertInto('consultation_subscription')
    .values({
      id: values.id,
      email: values.email,
      user_id: values.userId,
      clinical_area_id: values.areaId,
      unsubscribe_token_hash: values.tokenHash,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .execute()
  return rows.length > 0
}

export function findSubscriptionByTokenHash(db: Db, tokenHash: string) {
  return db
    .selectFrom('consultation_subscription as s')
    .leftJoin('clinical_area as a', 'a.id', 's.clinical_area_id')
    .select(['s.id', 's.email', 's.clinical_area_id', 's.confirmed_at', 'a.name as area_name'])
    .where('s.unsubscribe_token_hash', '=', tokenHash)
    .executeTakeFirst()
}

export function findSubscription(db: Db, email: string, areaId: number | null) {
  return db
    .selectFrom('consultation_subscription')
    .select(['id', 'confirmed_at'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .where((eb) =>
      areaId === null ? eb('clinical_area_id', 'is', null) : eb('clinical_area_id', '=', areaId),
    )
    .executeTakeFirst()
}

export async function confirmSubscription(db: Db, id: string, at: Date): Promise<void> {
  await db
    .updateTable('consultation_subscription')
    .set({ confirmed_at: at })
    .where('id', '=', id)
    .where('confirmed_at', 'is', null)
    .execute()
}

export async function deleteSubscription(db: Db, id: string): Promise<void> {
  await db.deleteFrom('consultation_subscription').where('id', '=', id).execute()
}

/** Removes an address's single-area subscriptions (it now hears of every area). */
export async function deleteAreaSubscriptions(db: Db, email: string): Promise<void> {
  await db
    .deleteFrom('consultation_subscription')
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .where('clinical_area_id', 'is not', null)
    .execute()
}

/**
 * A batch of confirmed subscriptions that hear of a consultation in an area (those for every
 * area, and those for that one), one per address, after an id in id order.
 */
export function subscribersAfter(db: Db, areaId: number | null, afterId: string | null, limit: number) {
  let query = db
    .selectFrom('consultation_subscription')
    .select(['id', 'email', 'clinical_area_id'])
    .where('confirmed_at', 'is not', null)
    .where((eb) =>
      areaId === null
        ? eb('clinical_area_id', 'is', null)
        : eb.or([eb('clinical_area_id', 'is', null), eb('clinical_area_id', '=', areaId)]),
    )
  if (afterId !== null) query = query.where('id', '>', afterId)
  return query.orderBy('id').limit(limit).execute()
}
