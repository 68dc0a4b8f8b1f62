import type { Db } from '../db/database.ts'
// A delivery's state history: one row for each state it entered, from when it took effect.
// Written in the transaction of each change; read to check an award's date against the
// approval in force on it (src/domain/delivery-approval.ts). Plain queries.
import type { DeliveryState } from '../domain/providers.ts'

/** The delivery's states, oldest first; changes at the same instant in the order they were recorded. */
export async function deliveryStateHistory(
  db: Db,
  deliveryId: string,
): Promise<Array<{ state: DeliveryState; effectiveAt: Date }>> {
  const rows = await db
    .selectFrom('delivery_state_change')
    .select(['state', 'effective_at'])
    .where('delivery_id', '=', deliveryId)
    .orderBy('effective_at')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({ state: r.state, effectiveAt: r.effective_at }))
}

export async function recordDeliveryState(
  db: Db,
  change: { deliveryId: string; state: DeliveryState; effectiveAt: Date; recordedBy: string | null },
): Promise<void> {
  await db
    .insertInto('delivery_state_change')
    .values({
      delivery_id: change.deliveryId,
      state: change.state,
      effective_at: change.effectiveAt,
      recorded_by: change.recordedBy,
    })
    .execute()
}

/**
 * The delivery's state now, holding its row against changes until the caller's transaction
 * ends: an award saved under it cannot cross a suspension made at the same moment.
 */
export async function lockDeliveryState(db: Db, deliveryId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('delivery')
    .select('state')
    .where('id', '=', deliveryId)
    .forShare()
    .executeTakeFirst()
  return row?.state
}

/** Demo records only: dates a delivery's application and decision as if made earlier. */
export async function backdateHistory(
  db: Db,
  deliveryId: string,
  dates: { appliedAt: Date; decidedAt: Date },
): Promise<void> {
  await db
    .updateTable('delivery')
    .set({ applied_at: dates.appliedAt, decided_at: dates.decidedAt })
    .where('id', '=', deliveryId)
    .execute()
  await db
    .updateTable('delivery_state_change')
    .set({ effective_at: dates.appliedAt })
    .where('delivery_id', '=', deliveryId)
    .where('state', '=', 'applied')
    .execute()
  await db
    .updateTable('delivery_state_change')
    .set({ effective_at: dates.decidedAt })
    .where('delivery_id', '=', deliveryId)
    .where('state', 'in', ['approved', 'approved_with_conditions', 'declined'])
    .execute()
}
