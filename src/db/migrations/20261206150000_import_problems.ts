import { sql, type Kysely } from 'kysely'

// An upload's problems, bounded. Each import keeps its counts by kind for every row
// (problem_groups, problem_total, problem_rows), and at most 10,000 problems in a table of
// their own, so that its page reads the first 100 and its download at most 10,000, instead of
// one JSON column of every problem (51 MB for a rejected file of 100,000 rows).
// Problems stored before this migration become problems of kind "other".
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('award_import_problem')
    .addColumn('import_id', 'uuid', (c) => c.notNull().references('award_import.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('line', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('field', 'text')
    .addColumn('learner_name', 'text')
    .addColumn('value', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('message', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('award_import_problem_pkey', ['import_id', 'position'])
    .execute()
  await db.schema
    .alterTable('award_import')
    .addColumn('problem_total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('problem_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('problem_groups', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute()
  await sql`
    insert into award_import_problem (import_id, position, line, kind, message)
    select i.id, (r.n - 1)::integer, coalesce((r.item->>'line')::integer, 0), 'other', coalesce(r.item->>'reason', '')
    from award_import i, jsonb_array_elements(i.rejections) with ordinality as r(item, n)
    where r.n <= 10000`.execute(db)
  await sql`
    update award_import i set
      problem_total = jsonb_array_length(i.rejections),
      problem_rows = (select count(distinct e->>'line') from jsonb_array_elements(i.rejections) e),
      problem_groups = jsonb_build_array(jsonb_build_object(
        'kind', 'other',
        'problems', jsonb_array_length(i.rejections),
        'rows', (select count(distinct e->>'line') from jsonb_array_elements(i.rejections) e)))
    where jsonb_array_length(i.rejections) > 0`.execute(db)
  await db.schema.alterTable('award_import').dropColumn('rejections').execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('award_import')
    .addColumn('rejections', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute()
  await sql`
    update award_import i set rejections = coalesce((
      select jsonb_agg(jsonb_build_object('line', p.line, 'reason', p.message) order by p.position)
      from award_import_problem p where p.import_id = i.id), '[]'::jsonb)`.execute(db)
  await db.schema
    .alterTable('award_import')
    .dropColumn('problem_groups')
    .dropColumn('problem_rows')
    .dropColumn('problem_total')
    .execute()
  await db.schema.dropTable('award_import_problem').execute()
}
