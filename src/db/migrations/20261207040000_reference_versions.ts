import { sql, type QueryExecutorProvider } from 'kysely'

// The framework's capabilities, the glossary, the documents list and the types of intervention
// become versioned content that Centre admins publish, as the criteria already are. Each
// version holds its whole content as JSON, with who published it, when and a summary of what
// changed. What a database already holds becomes version 1 of each (a new database gets its
// version 1 from the seed). The glossary and documents tables are replaced by their versions;
// framework_capability stays, as what CPD activities and specifications map to, and a retired
// capability keeps its row, marked retired, so its number is never reused.
const INTERVENTION_TYPES = {
  introduction:
    'The Centre describes five types of intervention for developing advanced-level practice in a particular area. They are not ranked: each suits a different need.',
  types: [
    { name: 'An area-specific pathway through an advanced practice MSc', description: '' },
    { name: 'A capability framework', description: '' },
    { name: 'A credential specification', description: '' },
    { name: 'A module within an MSc', description: '' },
    { name: 'Standards of practice', description: '' },
  ],
  comparison:
    'They are compared on whether they set out area-specific capabilities, a defined target group, learning outcomes and an assessment strategy; whether they are open source; and whether their primary focus is a unit of learning or standards of practice.',
}

const SEEDED = 'The content the Centre published before it was edited here.'

export async function up(db: QueryExecutorProvider): Promise<void> {
  await sql`
    create table reference_version (
      id serial primary key,
      kind text not null check (kind in ('framework', 'glossary', 'documents', 'intervention_types')),
      version integer not null check (version > 0),
      summary text not null,
      published_by uuid references user_account (id) on delete set null,
      published_by_role text not null,
      published_at timestamptz not null default now(),
      content jsonb not null,
      unique (kind, version)
    )`.execute(db)
  await sql`
    create table reference_file (
      id uuid primary key default gen_random_uuid(),
      filename text not null,
      content_type text not null,
      size_bytes integer not null,
      sha256 text not null,
      content bytea not null,
      uploaded_by uuid references user_account (id) on delete set null,
      uploaded_at timestamptz not null default now(),
      published_at timestamptz
    )`.execute(db)
  await sql`alter table framework_capability add column retired_at timestamptz`.execute(db)

  await sql`
    insert into reference_version (kind, version, summary, published_by_role, content)
    select 'framework', 1, ${SEEDED}, 'The Centre',
      jsonb_build_object('capabilities', jsonb_agg(
        jsonb_build_object('code', c.code, 'pillarCode', c.pillar_code, 'label', c.label)
        order by c.pillar_code, c.sort_order))
    from framework_capability c
    having count(*) > 0`.execute(db)
  await sql`
    insert into reference_version (kind, version, summary, published_by_role, content)
    select 'glossary', 1, ${SEEDED}, 'The Centre',
      jsonb_build_object('terms', jsonb_agg(
        jsonb_build_object('term', t.term, 'definition', t.definition) order by lower(t.term)))
    from glossary_term t
    having count(*) > 0`.execute(db)
  await sql`
    insert into reference_version (kind, version, summary, published_by_role, content)
    select 'documents', 1, ${SEEDED}, 'The Centre',
      jsonb_build_object('documents', jsonb_agg(
        jsonb_build_object('slug', d.slug, 'title', d.title, 'summary', d.summary, 'href', d.href,
          'file', null, 'issuedOn', null, 'edition', null) order by d.sort_order))
    from document d
    having count(*) > 0`.execute(db)
  await sql`
    insert into reference_version (kind, version, summary, published_by_role, content)
    select 'intervention_types', 1, ${SEEDED}, 'The Centre', ${JSON.stringify(INTERVENTION_TYPES)}::jsonb
    where exists (select 1 from framework_capability)`.execute(db)
  await sql`drop table glossary_term`.execute(db)
  await sql`drop table document`.execute(db)
}

export async function down(db: QueryExecutorProvider): Promise<void> {
  await sql`
    create table glossary_term (
      id integer generated always as identity primary key,
      term text not null unique,
      definition text not null,
      updated_at timestamptz not null default now()
    )`.execute(db)
  await sql`
    create table document (
      id integer generated always as identity primary key,
      slug text not null unique,
      title text not null,
      summary text not null,
      href text not null,
      sort_order integer not null
    )`.execute(db)
  await sql`
    insert into glossary_term (term, definition)
    select t->>'term', t->>'definition'
    from reference_version v, jsonb_array_elements(v.content->'terms') t
    where v.kind = 'glossary' and v.version = (select max(version) from reference_version where kind = 'glossary')`.execute(
    db,
  )
  await sql`
    insert into document (slug, title, summary, href, sort_order)
    select d->>'slug', d->>'title', d->>'summary', coalesce(d->>'href', ''), n::integer
    from reference_version v, jsonb_array_elements(v.content->'documents') with ordinality as x(d, n)
    where v.kind = 'documents' and v.version = (select max(version) from reference_version where kind = 'documents')`.execute(
    db,
  )
  await sql`alter table framework_capability drop column retired_at`.execute(db)
  await sql`drop table reference_file`.execute(db)
  await sql`drop table reference_version`.execute(db)
}
