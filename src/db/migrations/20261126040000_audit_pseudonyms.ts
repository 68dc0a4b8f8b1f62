import { sql, type Kysely } from 'kysely'

// Closing an account (GDPR erasure) must leave a pseudonym in the audit trail instead of the
// person's name, e-mail address and numbers. Version 2 events hash two salted HMACs rather than
// what may name a person: `actor_label_digest` of the actor's label under `actor_label_salt`,
// and `content_digest` of the before/after content under `content_salt`. Either part can be
// replaced by a pseudonym, and its salt by null, while the chain still verifies, and without
// the other: erasing the invitee from an invitation's content leaves the inviting admin's
// label as it was. Version 1 events (all those written before this) keep hashing their label
// and content, and keep them.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('audit_event')
    .addColumn('hash_version', 'smallint', (c) => c.notNull().defaultTo(1))
    .addColumn('actor_label_salt', 'text')
    .addColumn('actor_label_digest', 'text')
    .addColumn('content_salt', 'text')
    .addColumn('content_digest', 'text')
    .execute()
  // The verifier would report these as broken too, but only when someone runs it.
  await sql`alter table audit_event add constraint audit_event_hash_version check (
    (hash_version = 1 and actor_label_salt is null and actor_label_digest is null
      and content_salt is null and content_digest is null)
    or (hash_version = 2 and actor_label_digest is not null and content_digest is not null)
  )`.execute(db)

  // Column by column, so that nothing but the label (with its salt) and before/after (with
  // theirs) can change, each only by erasing its salt, once; at least one must be erased, and
  // the other stay exactly as it was. A column added to audit_event later must be listed here
  // too, or it becomes writable.
  await sql`create or replace function audit_event_refuse_change() returns trigger language plpgsql as $$
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
  $$`.execute(db)
}

// Refuses while version 2 events exist: without their digest their hashes could not be
// checked, and deleting them would break the chain. Going down means restoring a backup.
export async function down(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from audit_event where hash_version <> 1`.execute(db)
  const n = rows[0]?.n ?? 0
  if (n > 0) {
    throw new Error(`audit_event holds ${n} version 2 events, whose hashes need the columns this would drop`)
  }
  await sql`create or replace function audit_event_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_event is append-only: % is not allowed', tg_op;
    end;
  $$`.execute(db)
  await db.schema.alterTable('audit_event').dropConstraint('audit_event_hash_version').execute()
  await db.schema
    .alterTable('audit_event')
    .dropColumn('content_digest')
    .dropColumn('content_salt')
    .dropColumn('actor_label_digest')
    .dropColumn('actor_label_salt')
    .dropColumn('hash_version')
    .execute()
}
