import { sql } from 'kysely'
import type { Db } from '../db/database.ts'
// Published specification versions as the public sees them. A version is public once it has
// a publication date, whatever became of it later (superseded or withdrawn): each keeps its
// own address for good. Drafts and versions in review never appear here.

export const PUBLIC_VERSION_STATES = ['published', 'superseded', 'withdrawn'] as const

export function findCredential(db: Db, slug: string) {
  return (
    db
      .selectFrom('credential as c')
      .innerJoin('clinical_area as a', 'a.id', 'c.clinical_area_id')
      .select([
        'c.id',
        'c.slug',
        'c.title',
        'c.type',
        'c.status',
        'c.origin',
        'c.owner_name',
        'c.owner_url',
        'c.summary',
        'c.next_review_due',
        'a.slug as area_slug',
        'a.name as area_name',
      ])
      .where('c.slug', '=', slug)
      // An application for recognition is not public until it is recognised.
      .where('c.listed', '=', true)
      .executeTakeFirst()
  )
}

/** Every published version of a credential, oldest first, without their content. */
export function listPublishedVersions(db: Db, credentialId: string) {
  return db
    .selectFrom('specification_version')
    .select(['number', 'kind', 'state', 'published_at', 'decision'])
    .where('credential_id', '=', credentialId)
    .where('state', 'in', PUBLIC_VERSION_STATES)
    .where('published_at', 'is not', null)
    .orderBy('number')
    .execute()
}

export function findPublishedVersion(db: Db, credentialId: string, number: number) {
  return db
    .selectFrom('specification_version')
    .select([
      'number',
      'kind',
      'state',
      'content',
      'decision',
      'decision_conditions',
      'decided_at',
      'published_at',
    ])
    .where('credential_id', '=', credentialId)
    .where('number', '=', number)
    .where('state', 'in', PUBLIC_VERSION_STATES)
    .where('published_at', 'is not', null)
    .executeTakeFirst()
}

/**
 * Versions never published whose content a published consultation showed everyone (a
 * consulted draft is frozen: src/services/specifications.ts), oldest first, each with its
 * first such consultation: they may be compared with published versions.
 */
export function listConsultedVersions(db: Db, credentialId: string) {
  return db
    .selectFrom('specification_version as v')
    .innerJoin('consultation as k', 'k.specification_version_id', 'v.id')
    .select(['v.number', 'v.kind', 'v.content', 'k.number as consultation_number', 'k.published_at'])
    .where('v.credential_id', '=', credentialId)
    .where('v.state', 'not in', PUBLIC_VERSION_STATES)
    .where('k.state', '=', 'published')
    .orderBy('v.number')
    .orderBy('k.number')
    .execute()
}

export function listFramework(db: Db) {
  return db
    .selectFrom('framework_capability as c')
    .innerJoin('framework_pillar as p', 'p.code', 'c.pillar_code')
    .select([
      'c.code',
      'c.label',
      'p.code as pillar_code',
      'p.name as pillar_name',
      'p.sort_order as pillar_order',
    ])
    .orderBy('p.sort_order')
    .orderBy('c.sort_order')
    .execute()
}

/** The newest published version of each credential (or of one), with its content. */
export function listLatestPublishedVersions(db: Db, credentialId?: string) {
  let query = db
    .selectFrom('specification_version')
    .select(['credential_id', 'number', 'kind', 'content'])
    .distinctOn('credential_id')
    .where('state', 'in', PUBLIC_VERSION_STATES)
    .where('published_at', 'is not', null)
  if (credentialId !== undefined) query = query.where('credential_id', '=', credentialId)
  return query.orderBy('credential_id').orderBy('number', 'desc').execute()
}

/**
 * The framework capabilities that the newest published version of a credential maps its
 * capabilities (or a recognition's crosswalk rows) to, with their pillars, in the framework's
 * order: one query, so that a credential page pays for its structured data once.
 */
export function listLatestMappedCapabilities(db: Db, credentialId: string) {
  return db
    .with('latest', (qb) =>
      qb
        .selectFrom('specification_version')
        .select(['kind', 'content'])
        .where('credential_id', '=', credentialId)
        .where('state', 'in', PUBLIC_VERSION_STATES)
        .where('published_at', 'is not', null)
        .orderBy('number', 'desc')
        .limit(1),
    )
    .selectFrom('framework_capability as f')
    .innerJoin('framework_pillar as p', 'p.code', 'f.pillar_code')
    .select(['f.code', 'f.label', 'p.code as pillar_code', 'p.name as pillar_name'])
    .where(
      sql<boolean>`f.code in (
        select mapped.framework_code from latest
        cross join lateral jsonb_array_elements(
          case
            when latest.kind = 'recognition' and jsonb_typeof(latest.content -> 'crosswalk') = 'array'
              then latest.content -> 'crosswalk'
            when latest.kind <> 'recognition' and jsonb_typeof(latest.content -> 'capabilities') = 'array'
              then latest.content -> 'capabilities'
            else '[]'::jsonb
          end) as row(item)
        cross join lateral jsonb_array_elements_text(
          case when jsonb_typeof(item -> 'frameworkCodes') = 'array' then item -> 'frameworkCodes' else '[]'::jsonb end
        ) as mapped(framework_code)
      )`,
    )
    .orderBy('p.sort_order')
    .orderBy('f.sort_order')
    .execute()
}
