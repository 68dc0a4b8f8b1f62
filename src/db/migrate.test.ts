import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { sql } from 'kysely'
import type { CredentialStatus } from '../domain/catalogue.ts'
import { createTestDatabase } from '../../test/support/database.ts'
import { migrateDownAll, migrateToLatest } from './migrate.ts'
import { up as removePlaceholderCriterion } from './migrations/20261206221000_placeholder_criterion.ts'
import * as datedSources from './migrations/20261206222000_dated_sources.ts'
import * as researchNotes from './migrations/20261206225000_research_notes.ts'
import * as seededReviewDue from './migrations/20261206231000_seeded_review_due.ts'
import * as referenceVersions from './migrations/20261207040000_reference_versions.ts'
import * as returnHistory from './migrations/20261207130000_return_history.ts'
import { recordAudit, SYSTEM_ACTOR } from '../services/audit.ts'
import { insertApprovedDelivery } from '../../test/support/award-fixture.ts'
import { entriesOf } from '../domain/reference-content.ts'

async function tableNames(db: Parameters<typeof migrateToLatest>[0]): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_name not like 'kysely_%'
    order by table_name`.execute(db)
  return rows.map((r) => r.table_name)
}

describe('migrations', () => {
  it('go up, all the way down, and up again', async () => {
    const database = await createTestDatabase({ seed: false })
    try {
      const up = await tableNames(database.db)
      assert.ok(up.includes('credential'), 'credential table exists after migrating up')
      await migrateDownAll(database.db, database.schema)
      assert.deepEqual(await tableNames(database.db), [])
      await migrateToLatest(database.db, database.schema)
      assert.deepEqual(await tableNames(database.db), up)
    } finally {
      await database.close()
    }
  })

  it('refuse a status outside the lifecycle, and half a date, and a due credential without one', async () => {
    const database = await createTestDatabase({ seed: false })
    try {
      const { db } = database
      const area = await db
        .insertInto('clinical_area')
        .values({ slug: 'x', name: 'X' })
        .returning('id')
        .executeTakeFirstOrThrow()
      const base = {
        slug: 's',
        title: 'T',
        clinical_area_id: area.id,
        type: 'module' as const,
        origin: 'centre' as const,
        level: 7,
      }
      await assert.rejects(
        db
          .insertInto('credential')
          // A status outside the list: the type refuses it, so it is written as SQL for the CHECK to refuse.
          .values({ ...base, status: sql<CredentialStatus>`${'approved'}` })
          .execute(),
      )
      await assert.rejects(
        db
          .insertInto('credential')
          .values({ ...base, status: 'in_development', due_season: 'spring' })
          .execute(),
      )
      await assert.rejects(
        db
          .insertInto('credential')
          .values({ ...base, status: 'due' })
          .execute(),
      )
    } finally {
      await database.close()
    }
  })

  it('keep each reviewed quality return’s first submission and first concern, from its audit events', async () => {
    const database = await createTestDatabase()
    try {
      const { db } = database
      const { deliveryId } = await insertApprovedDelivery(db)
      const later = new Date(Date.now() + 86_400_000)
      const reviewed = new Date('2026-03-01T10:00:00Z')
      const insert = async (year: number, state: 'due' | 'accepted' | 'concern_raised') =>
        (
          await db
            .insertInto('quality_return')
            .values({
              delivery_id: deliveryId,
              period_year: year,
              due_on: `${2025 + year}-09-01`,
              state,
              submitted_at: state === 'due' ? null : later,
              reviewed_at: state === 'due' ? null : reviewed,
            })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id
      // Submitted, questioned, submitted again (later) and accepted: the audit trail says so.
      const answered = await insert(1, 'accepted')
      const open = await insert(2, 'concern_raised')
      const due = await insert(3, 'due')
      await db.transaction().execute(async (trx) => {
        for (const action of ['quality_return.submitted', 'quality_return.concern_raised'] as const)
          await recordAudit(trx, SYSTEM_ACTOR, { action, entityType: 'quality_return', entityId: answered })
      })
      await returnHistory.down(db)
      await returnHistory.up(db)
      const rows = await db
        .selectFrom('quality_return')
        .select(['id', 'first_submitted_at', 'concern_raised_at'])
        .where('delivery_id', '=', deliveryId)
        .execute()
      const row = (id: string) => rows.find((r) => r.id === id)
      assert.ok(
        (row(answered)?.first_submitted_at?.getTime() ?? Infinity) < later.getTime(),
        'from the audit',
      )
      assert.ok(row(answered)?.concern_raised_at, 'the concern answered since is kept')
      assert.deepEqual(row(open)?.first_submitted_at, later)
      assert.deepEqual(row(open)?.concern_raised_at, reviewed)
      assert.deepEqual([row(due)?.first_submitted_at, row(due)?.concern_raised_at], [null, null])
    } finally {
      await database.close()
    }
  })

  it('take the placeholder endorsement criterion out of a database seeded with it, and nothing else', async () => {
    const database = await createTestDatabase()
    try {
      const { db } = database
      const set = await db
        .selectFrom('criterion_set')
        .select('id')
        .where('kind', '=', 'endorsement')
        .where('version', '=', 1)
        .executeTakeFirstOrThrow()
      const codes = async () =>
        (
          await db
            .selectFrom('criterion')
            .select('code')
            .where('criterion_set_id', '=', set.id)
            .orderBy('sort_order')
            .execute()
        ).map((c) => c.code)
      const seeded = await codes()
      assert.ok(!seeded.includes('E5+'), 'the seed holds no placeholder')
      // The row as the first seed wrote it.
      await db
        .insertInto('criterion')
        .values({
          criterion_set_id: set.id,
          code: 'E5+',
          title: 'Further criteria',
          statement:
            'Numbered from 5 onwards; not public in our sources. Centre staff enter them through the platform (criteria are versioned data).',
          sort_order: 99,
        })
        .execute()
      await removePlaceholderCriterion(db)
      assert.deepEqual(await codes(), seeded)
    } finally {
      await database.close()
    }
  })

  it("date the first seed's two snapshots as their sources do, and name them as documents", async () => {
    const database = await createTestDatabase()
    try {
      const { db } = database
      const snapshots = () =>
        db
          .selectFrom('catalogue_snapshot')
          .select(['code', 'title', 'dated_year', 'dated_season', 'dated_approximate'])
          .orderBy('code')
          .execute()
      const seeded = await snapshots()
      // Back to the rows as the first seed wrote them, then forward again.
      await datedSources.down(db)
      assert.deepEqual(
        (
          await db
            .selectFrom('catalogue_snapshot')
            .select(['code', 'title', 'observed'])
            .orderBy('code')
            .execute()
        ).map((s) => [s.code, s.observed, s.title.startsWith('Credentials page: ')]),
        [
          ['000', 'about 2020', true],
          ['001', '2022', true],
        ],
      )
      await datedSources.up(db)
      assert.deepEqual(await snapshots(), seeded, 'an existing database ends as a fresh seed does')
      assert.deepEqual(seeded, [
        {
          code: '000',
          title: 'Health Education England web page "Credentials"',
          dated_year: 2020,
          dated_season: null,
          dated_approximate: true,
        },
        {
          code: '001',
          title: 'Centre for Advancing Practice web page "Credentials"',
          dated_year: 2022,
          dated_season: null,
          dated_approximate: false,
        },
      ])
    } finally {
      await database.close()
    }
  })

  it("take the first seed's notes about its sources off credentials, and leave every other note", async () => {
    const database = await createTestDatabase()
    try {
      const { db } = database
      const sourceNotes = async () =>
        (
          await sql<{ n: number }>`
            select count(*)::int as n from credential c, jsonb_array_elements_text(c.notes) t(note)
            where t.note like '%catalogue page%' or t.note like '%earlier page%'`.execute(db)
        ).rows[0]?.n
      assert.equal(await sourceNotes(), 0, 'a fresh seed gives no note about its sources')
      const notesOf = async (slug: string) =>
        (await db.selectFrom('credential').select('notes').where('slug', '=', slug).executeTakeFirstOrThrow())
          .notes
      const [withNote, kept] = await db
        .selectFrom('credential')
        .select(['slug', 'notes'])
        .orderBy('slug')
        .limit(2)
        .execute()
      assert.ok(withNote && kept)
      // As the first seed wrote them: a research note after a real one, and an admin's note beside.
      await db
        .updateTable('credential')
        .set({ notes: JSON.stringify(['Includes stroke.', researchNotes.RESEARCH_NOTES[3]]) })
        .where('slug', '=', withNote.slug)
        .execute()
      await db
        .updateTable('credential')
        .set({ notes: JSON.stringify([researchNotes.RESEARCH_NOTES[0], 'Written by a Centre admin.']) })
        .where('slug', '=', kept.slug)
        .execute()
      await researchNotes.up(db)
      assert.deepEqual(await notesOf(withNote.slug), ['Includes stroke.'])
      assert.deepEqual(await notesOf(kept.slug), ['Written by a Centre admin.'])
      assert.equal(await sourceNotes(), 0, 'no note about the sources is left')
    } finally {
      await database.close()
    }
  })

  it('give an existing database the periodic review dates a fresh seed gives, and keep a date already set', async () => {
    const database = await createTestDatabase()
    try {
      const { db } = database
      const schedules = () =>
        db
          .selectFrom('credential')
          .select(['slug', 'endorsed_on', 'next_review_due'])
          .where('next_review_due', 'is not', null)
          .orderBy('slug')
          .execute()
      const seeded = await schedules()
      assert.equal(seeded.length, 11)
      // As the database was before: no date for any seeded credential.
      await seededReviewDue.down(db)
      const dated = await sql<{ n: number }>`
        select count(*)::int as n from credential where next_review_due is not null`.execute(db)
      assert.equal(dated.rows[0]?.n, 0)
      // One given a date by a Centre admin meanwhile keeps it.
      await db
        .updateTable('credential')
        .set({ next_review_due: '2027-06-30' })
        .where('slug', '=', 'surgery')
        .execute()
      await seededReviewDue.up(db)
      assert.deepEqual(
        await schedules(),
        seeded.map((c) =>
          c.slug === 'surgery' ? { slug: 'surgery', endorsed_on: null, next_review_due: '2027-06-30' } : c,
        ),
        'an existing database ends as a fresh seed does',
      )
    } finally {
      await database.close()
    }
  })
  it('make what an existing database holds version 1 of each kind of reference content, as the seed does', async () => {
    const database = await createTestDatabase()
    try {
      const { db } = database
      const versions = () =>
        db.selectFrom('reference_version').select(['kind', 'version', 'content']).orderBy('kind').execute()
      const seeded = await versions()
      // Back to the tables the content was in before (down writes them from the versions), and up again.
      await referenceVersions.down(db)
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from glossary_term`.execute(db)
      assert.equal(rows[0]?.n, 15)
      await referenceVersions.up(db)
      const migrated = await versions()
      assert.deepEqual(
        migrated.map((v) => [v.kind, v.version, entriesOf(v.kind, v.content)]),
        seeded.map((v) => [v.kind, v.version, entriesOf(v.kind, v.content)]),
      )
    } finally {
      await database.close()
    }
  })
})
