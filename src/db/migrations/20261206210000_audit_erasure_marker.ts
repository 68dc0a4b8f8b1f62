import { createHash, createHmac, randomBytes } from 'node:crypto'
import { sql, type Kysely } from 'kysely'

// Erasing a part of a version 2 event drops the salt its digest needs, so what replaces it
// can no longer be checked against the hash. Until now the triggers allowed any replacement,
// which let anyone able to update the table rewrite an event's before/after, or its label, and
// call it an erasure. From here an erasure must be exactly that:
//
// - erased before/after each hold the fixed marker {"erased": true} and nothing else;
// - an erased label is its actor's pseudonym ("Closed account" and eight hex digits of the
//   SHA-256 of the account id, as src/domain/audit.ts pseudonymFor), or, without an actor,
//   "Closed account" exactly;
// - the latest event must be an erasure event ('audit.erased') for a closed account (its row
//   holds the address closing gives it: closed-<id>@closed.invalid) naming this event and the
//   part, so every erasure is recorded in the chain, by an event written first in the same
//   transaction (while the chain lock keeps any other event from coming after it); an
//   actor's label only by the erasure of that actor's own account;
// - erasure events themselves never change.
//
// The verifier checks the same from the chain alone (src/domain/audit.ts). Events erased before
// this migration held a pseudonym wherever a personal value was in their before/after: their
// before/after becomes the marker here, and one erasure event names them all.
const TRIGGER = sql`create or replace function audit_event_refuse_change() returns trigger language plpgsql as $$
    declare
      erasure record;
      erasing boolean;
      label_kept boolean;
      label_erased boolean;
      content_kept boolean;
      content_erased boolean;
    begin
      if tg_op = 'UPDATE' and old.hash_version = 2 and old.action <> 'audit.erased' then
        select e.id, e.action, e.entity_type, e.entity_id, e.after, e.content_salt into erasure
          from audit_event e order by e.id desc limit 1;
        erasing := coalesce(erasure.action = 'audit.erased'
          and erasure.entity_type = 'user_account'
          and erasure.id > old.id
          and erasure.content_salt is not null
          and exists (select 1 from user_account u
            where u.id::text = erasure.entity_id and u.email = 'closed-' || u.id::text || '@closed.invalid'), false);
        label_kept := new.actor_label is not distinct from old.actor_label
          and new.actor_label_salt is not distinct from old.actor_label_salt;
        label_erased := coalesce(erasing
          and old.actor_label_salt is not null and new.actor_label_salt is null
          and erasure.after -> 'events' @> jsonb_build_array(
            jsonb_build_object('id', old.id, 'parts', jsonb_build_array('label')))
          and ((old.actor_user_id is null and new.actor_label = 'Closed account')
            or (old.actor_user_id::text = erasure.entity_id
              and new.actor_label = 'Closed account '
                || left(encode(sha256(convert_to(old.actor_user_id::text, 'UTF8')), 'hex'), 8))), false);
        content_kept := new.before is not distinct from old.before
          and new.after is not distinct from old.after
          and new.content_salt is not distinct from old.content_salt;
        content_erased := coalesce(erasing
          and old.content_salt is not null and new.content_salt is null
          and new.before = '{"erased": true}'::jsonb
          and new.after = '{"erased": true}'::jsonb
          and erasure.after -> 'events' @> jsonb_build_array(
            jsonb_build_object('id', old.id, 'parts', jsonb_build_array('content'))), false);
        if (label_kept or label_erased)
          and (content_kept or content_erased)
          and (label_erased or content_erased)
          and new.hash_version is not distinct from old.hash_version
          and new.id is not distinct from old.id
          and new.occurred_at is not distinct from old.occurred_at
          and new.actor_user_id is not distinct from old.actor_user_id
          and new.action is not distinct from old.action
          and new.entity_type is not distinct from old.entity_type
          and new.entity_id is not distinct from old.entity_id
          and new.ip is not distinct from old.ip
          and new.prev_hash is not distinct from old.prev_hash
          and new.hash is not distinct from old.hash
          and new.actor_label_digest is not distinct from old.actor_label_digest
          and new.content_digest is not distinct from old.content_digest
        then
          return new;
        end if;
      end if;
      raise exception 'audit_event is append-only: % is not allowed', tg_op
        using hint = 'Only erasing the label or the before/after of a version 2 event, by the erasure event written just before for a closed account, may update it.';
    end;
  $$`

// The previous migration's function, for going down.
const PREVIOUS_TRIGGER = sql`create or replace function audit_event_refuse_change() returns trigger language plpgsql as $$
    declare
      label_kept boolean;
      label_erased boolean;
      content_kept boolean;
      content_erased boolean;
    begin
      if tg_op = 'UPDATE' and old.hash_version = 2 then
        label_kept := new.actor_label is not distinct from old.actor_label
          and new.actor_label_salt is not distinct from old.actor_label_salt;
        label_erased := old.actor_label_salt is not null and new.actor_label_salt is null;
        content_kept := new.before is not distinct from old.before
          and new.after is not distinct from old.after
          and new.content_salt is not distinct from old.content_salt;
        content_erased := old.content_salt is not null and new.content_salt is null;
        if (label_kept or label_erased)
          and (content_kept or content_erased)
          and (label_erased or content_erased)
          and new.hash_version is not distinct from old.hash_version
          and new.id is not distinct from old.id
          and new.occurred_at is not distinct from old.occurred_at
          and new.actor_user_id is not distinct from old.actor_user_id
          and new.action is not distinct from old.action
          and new.entity_type is not distinct from old.entity_type
          and new.entity_id is not distinct from old.entity_id
          and new.ip is not distinct from old.ip
          and new.prev_hash is not distinct from old.prev_hash
          and new.hash is not distinct from old.hash
          and new.actor_label_digest is not distinct from old.actor_label_digest
          and new.content_digest is not distinct from old.content_digest
        then
          return new;
        end if;
      end if;
      raise exception 'audit_event is append-only: % is not allowed', tg_op
        using hint = 'Only erasing the label or the before/after of a version 2 event (its salt set to null) may update it.';
    end;
  $$`

// Written out here rather than imported, so that this migration hashes the same way forever,
// whatever later becomes of the application's code; it must match src/domain/audit.ts.
function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
}

const hmac = (saltHex: string, text: string) =>
  createHmac('sha256', Buffer.from(saltHex, 'hex')).update(text, 'utf8').digest('hex')

/** Marks the events erased without an erasure event naming them, and names them in one. */
async function recordEarlierErasures(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ id: string | number; label_erased: boolean; content_erased: boolean }>`
    select id, actor_label_salt is null as label_erased, content_salt is null as content_erased
    from audit_event a
    where hash_version = 2 and action <> 'audit.erased'
      and (actor_label_salt is null or content_salt is null)
      and not exists (select 1 from audit_event e where e.action = 'audit.erased' and e.id > a.id
        and e.after -> 'events' @> jsonb_build_array(jsonb_build_object('id', a.id)))
    order by id`.execute(db)
  if (rows.length === 0) return
  await sql`alter table audit_event disable trigger audit_event_no_update_delete`.execute(db)
  const contentErased = rows.filter((r) => r.content_erased).map((r) => String(r.id))
  await sql`update audit_event set before = '{"erased": true}'::jsonb, after = '{"erased": true}'::jsonb
    where id = any(${contentErased}::bigint[])`.execute(db)
  await sql`alter table audit_event enable trigger audit_event_no_update_delete`.execute(db)

  await sql`select pg_advisory_xact_lock(741200002)`.execute(db)
  const last = await sql<{ hash: string }>`select hash from audit_event order by id desc limit 1`.execute(db)
  const prevHash = last.rows[0]?.hash ?? '0'.repeat(64)
  const occurredAt = new Date(Math.floor(Date.now()))
  const label = 'system'
  const after = {
    events: rows.map((r) => ({
      id: Number(r.id),
      parts: [...(r.label_erased ? ['label'] : []), ...(r.content_erased ? ['content'] : [])],
    })),
  }
  const labelSalt = randomBytes(16).toString('hex')
  const contentSalt = randomBytes(16).toString('hex')
  const labelDigest = hmac(labelSalt, label)
  const contentDigest = hmac(contentSalt, canonicalJson({ before: null, after }))
  const hash = createHash('sha256')
    .update(
      canonicalJson({
        hashVersion: 2,
        prevHash,
        occurredAt: occurredAt.toISOString(),
        actorUserId: null,
        actorLabelDigest: labelDigest,
        contentDigest,
        action: 'audit.erased',
        entityType: 'audit_event',
        entityId: null,
        ip: null,
      }),
    )
    .digest('hex')
  await sql`insert into audit_event (occurred_at, actor_user_id, actor_label, action, entity_type,
      entity_id, ip, before, after, prev_hash, hash, hash_version, actor_label_salt,
      actor_label_digest, content_salt, content_digest)
    values (${occurredAt}, null, ${label}, 'audit.erased', 'audit_event', null, null, null,
      ${JSON.stringify(after)}::jsonb, ${prevHash}, ${hash}, 2, ${labelSalt}, ${labelDigest},
      ${contentSalt}, ${contentDigest})`.execute(db)
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await recordEarlierErasures(db)
  await TRIGGER.execute(db)
}

// Erased before/after stays the marker, and erasure events stay: the chain covers them.
export async function down(db: Kysely<unknown>): Promise<void> {
  await PREVIOUS_TRIGGER.execute(db)
}
