// Offers of awards to wallets (OpenID4VCI) and the nonces wallets sign their key proofs over.
// Every secret is looked up by its hash; each step that uses one up does so in one guarded
// update, so two requests racing with the same code cannot both succeed.
import type { Db } from '../db/database.ts'

export function insertOffer(
  db: Db,
  offer: {
    award_id: string
    user_id: string
    pre_authorized_code_hash: string
    tx_code_hash: string
    created_at: Date
    expires_at: Date
  },
) {
  return db.insertInto('wallet_offer').values(offer).returning(['id']).executeTakeFirstOrThrow()
}

const offerColumns = [
  'o.id',
  'o.award_id',
  'o.user_id',
  'o.tx_code_hash',
  'o.wrong_tx_codes',
  'o.created_at',
  'o.expires_at',
  'o.redeemed_at',
] as const

/** The offer with that id, if it is of one of the account's awards. */
export function findOfferOfUser(db: Db, offerId: string, userId: string) {
  return db
    .selectFrom('wallet_offer as o')
    .select(offerColumns)
    .where('o.id', '=', offerId)
    .where('o.user_id', '=', userId)
    .executeTakeFirst()
}

export function findOffer(db: Db, offerId: string) {
  return db
    .selectFrom('wallet_offer as o')
    .select(offerColumns)
    .where('o.id', '=', offerId)
    .executeTakeFirst()
}

export function findOfferByCode(db: Db, preAuthorizedCodeHash: string) {
  return db
    .selectFrom('wallet_offer as o')
    .select(offerColumns)
    .where('o.pre_authorized_code_hash', '=', preAuthorizedCodeHash)
    .executeTakeFirst()
}

/** Counts a wrong transaction code against the offer. */
export async function countWrongTxCode(db: Db, offerId: string) {
  await db
    .updateTable('wallet_offer')
    .set((eb) => ({ wrong_tx_codes: eb('wrong_tx_codes', '+', 1) }))
    .where('id', '=', offerId)
    .execute()
}

/** Redeems an open offer for an access token; false when another request redeemed it first. */
export async function redeemOffer(
  db: Db,
  offerId: string,
  token: { hash: string; expiresAt: Date },
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('wallet_offer')
    .set({ redeemed_at: now, access_token_hash: token.hash, access_token_expires_at: token.expiresAt })
    .where('id', '=', offerId)
    .where('redeemed_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** The offer an unexpired access token was given for. */
export function findOfferByAccessToken(db: Db, accessTokenHash: string, now: Date) {
  return db
    .selectFrom('wallet_offer as o')
    .select(offerColumns)
    .where('o.access_token_hash', '=', accessTokenHash)
    .where('o.access_token_expires_at', '>', now)
    .executeTakeFirst()
}

export async function insertNonce(db: Db, nonce: { nonce_hash: string; expires_at: Date }) {
  await db.insertInto('wallet_nonce').values(nonce).execute()
}

/** Uses a nonce up: true when it was issued here, unused and unexpired. */
export async function takeNonce(db: Db, nonceHash: string, now: Date): Promise<boolean> {
  const taken = await db
    .deleteFrom('wallet_nonce')
    .where('nonce_hash', '=', nonceHash)
    .returning(['expires_at'])
    .executeTakeFirst()
  return taken !== undefined && taken.expires_at.getTime() > now.getTime()
}

export async function deleteExpiredNonces(db: Db, now: Date) {
  const result = await db.deleteFrom('wallet_nonce').where('expires_at', '<=', now).executeTakeFirst()
  return Number(result.numDeletedRows)
}
