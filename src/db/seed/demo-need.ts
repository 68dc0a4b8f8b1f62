// Demo workforce need: figures for the financial years 2024 to 2025 through 2027 to 2028 in
// four NHS England regions, for the published demo credential (so that take-up has awards to
// set against a need), two credentials of the catalogue and two clinical areas; one figure
// changed (a second version, with its reason) and one need removed, so that a need's history
// shows every kind of version. Recorded through the Centre's use cases as the demo Centre admin.
import type { Kysely } from 'kysely'
import type { Database } from '../schema.ts'
import type { Region } from '../../domain/providers.ts'
import type { Services } from '../../services/index.ts'
import { DEMO_TITLES, demoActor, type DemoProcessRecord } from './demo-process.ts'

export const DEMO_NEED_YEARS = [2024, 2025, 2026, 2027] as const
export const DEMO_NEED_REGIONS: readonly Region[] = ['london', 'midlands', 'north_west', 'south_west']
export const DEMO_NEED_SOURCE = 'NHS Long Term Workforce Plan'
const SOURCE_DATE = '2023-06-30'

const LIST = '/admin/workforce-need'

async function recordsOf(db: Kysely<Database>): Promise<DemoProcessRecord[]> {
  const needs = await db
    .selectFrom('workforce_need')
    .select(['id', 'current_version', 'removed_at'])
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  const changed = needs.find((n) => n.removed_at === null && n.current_version > 1)
  const removed = needs.find((n) => n.removed_at !== null)
  const inForce = needs.filter((n) => n.removed_at === null).length
  return [
    { stage: 'Needs in force', title: `${inForce} needs, 2024 to 2025 through 2027 to 2028`, href: LIST },
    ...(changed ? [{ stage: 'A changed figure', title: 'Two versions', href: `${LIST}/${changed.id}` }] : []),
    ...(removed
      ? [{ stage: 'A removed need', title: 'Its history kept', href: `${LIST}/${removed.id}` }]
      : []),
  ]
}

export async function seedDemoNeed(db: Kysely<Database>, services: Services): Promise<DemoProcessRecord[]> {
  const existing = await db.selectFrom('workforce_need').select('id').limit(1).executeTakeFirst()
  if (existing) return recordsOf(db)
  const admin = await demoActor(db, services, 'centre-admin')
  const needs = services.workforceNeeds
  const published = await db
    .selectFrom('credential')
    .select('slug')
    .where('title', '=', DEMO_TITLES.published)
    .executeTakeFirst()
  const catalogue = await db
    .selectFrom('credential')
    .select('slug')
    .where('title', 'not like', '%(demo)')
    .orderBy('title')
    .limit(2)
    .execute()
  const { areas } = await needs.options()
  const subjects = [
    ...(published ? [{ credentialSlug: published.slug }] : []),
    ...catalogue.map((c) => ({ credentialSlug: c.slug })),
    ...areas.slice(0, 2).map((a) => ({ areaSlug: a.slug })),
  ]
  const ids: string[] = []
  for (const [s, subject] of subjects.entries()) {
    for (const [r, region] of DEMO_NEED_REGIONS.entries()) {
      for (const year of DEMO_NEED_YEARS) {
        // Figures that grow year on year, as the plan's do, and differ by subject and region.
        const planned = 6 + 4 * s + 3 * r + 2 * (year - DEMO_NEED_YEARS[0])
        ids.push(
          await needs.record(
            {
              subject,
              region,
              financialYear: year,
              planned,
              source: DEMO_NEED_SOURCE,
              sourceDate: SOURCE_DATE,
            },
            admin,
          ),
        )
      }
    }
  }
  const [toChange, toRemove] = [ids[2], ids[ids.length - 1]]
  if (toChange) {
    const need = await needs.find(toChange)
    if (need)
      await needs.change(
        toChange,
        need.rowVersion,
        {
          planned: (need.versions[0]?.planned ?? 0) + 10,
          source: 'Regional workforce plan (demo)',
          sourceDate: '2025-01-15',
          reason: 'The region’s plan raised the figure for this year.',
        },
        admin,
      )
  }
  if (toRemove) {
    const need = await needs.find(toRemove)
    if (need) await needs.remove(toRemove, need.rowVersion, 'Recorded for the wrong region.', admin)
  }
  return recordsOf(db)
}
