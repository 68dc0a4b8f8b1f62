// The Advanced Practice Directory: each practitioner's choice of whether to appear in it and
// what their entry shows, and what the public finds there (search and entries), which only
// ever reads what practitioners chose to show.
import type { Kysely } from 'kysely'
import type { Clock } from '../domain/clock.ts'
import { searchForm } from '../domain/practitioners.ts'
import { regionLabel } from '../domain/providers.ts'
import { isUuid } from '../domain/identifiers.ts'
import type { Config } from '../config.ts'
import type { Database } from '../db/schema.ts'
import * as directoryRepo from '../repositories/directory-entries.ts'
import { findProfile } from '../repositories/practitioner-profiles.ts'
import { awardsOfPractitioner, publicAwards } from '../repositories/awards.ts'
import { listAreaOptions } from '../repositories/clinical-areas.ts'
import { recordAudit, type Actor } from './audit.ts'
import { FieldProblems } from './errors.ts'
import { remembered } from './remembered.ts'

export interface DirectoryChoices {
  listed: boolean
  showProfession: boolean
  showRegion: boolean
  showEmployer: boolean
  awardIds: string[]
}

export interface PublicCredential {
  awardId: string
  credentialTitle: string
  credentialSlug: string
  areaName: string
  organisationName: string
  awardedOn: string
  status: 'active'
  verifyUrl: string
  credentialUrl: string
}

export interface PublicEntry {
  id: string
  name: string
  profession: string | null
  region: string | null
  regionLabel: string | null
  employer: string | null
  credentials: PublicCredential[]
}

export interface DirectoryQuery {
  name?: string | undefined
  profession?: string | undefined
  region?: string | undefined
  area?: string | undefined
  page?: number | undefined
}

export const DIRECTORY_PAGE_SIZE = 20

export interface DirectoryService {
  directoryChoices(userId: string): Promise<DirectoryChoices>
  saveDirectoryChoices(actor: Actor & { userId: string }, choices: DirectoryChoices): Promise<void>
  search(
    query: DirectoryQuery,
  ): Promise<{ entries: PublicEntry[]; total: number; page: number; pageCount: number }>
  publicEntry(id: string): Promise<PublicEntry | null>
  /** The clinical areas, for the search form's choice of area. */
  areas(): Promise<Array<{ slug: string; name: string }>>
}

export function createDirectoryService(db: Kysely<Database>, config: Config, clock: Clock): DirectoryService {
  // The search form lists the clinical areas on every search; they change only when the
  // catalogue does.
  const areaList = remembered(60_000, () => listAreaOptions(db))
  const verifyUrl = (awardId: string) => `${config.baseUrl}/verify/awards/${awardId}`
  const credentialUrl = (awardId: string) => `${config.baseUrl}/awards/${awardId}/credential`

  async function entriesWithCredentials(
    rows: Array<{
      user_id: string
      given_name: string
      family_name: string
      profession: string | null
      region: string | null
      employer?: string | null
    }>,
  ): Promise<PublicEntry[]> {
    const awards = await publicAwards(
      db,
      rows.map((r) => r.user_id),
    )
    return rows.map((r) => ({
      id: r.user_id,
      name: `${r.given_name} ${r.family_name}`,
      profession: r.profession,
      region: r.region,
      regionLabel: regionLabel(r.region),
      employer: r.employer ?? null,
      credentials: awards
        .filter((a) => a.user_id === r.user_id)
        .map((a) => ({
          awardId: a.id,
          credentialTitle: a.credential_title,
          credentialSlug: a.credential_slug,
          areaName: a.area_name,
          organisationName: a.organisation_name,
          awardedOn: a.awarded_on,
          status: 'active' as const,
          verifyUrl: verifyUrl(a.id),
          credentialUrl: credentialUrl(a.id),
        })),
    }))
  }

  return {
    async directoryChoices(userId) {
      const [entry, chosen] = await Promise.all([
        directoryRepo.findEntry(db, userId),
        directoryRepo.chosenAwardIds(db, userId),
      ])
      return {
        listed: entry?.listed ?? false,
        showProfession: entry?.show_profession ?? false,
        showRegion: entry?.show_region ?? false,
        showEmployer: entry?.show_employer ?? false,
        awardIds: chosen.map((c) => c.award_id),
      }
    },

    async saveDirectoryChoices(actor, choices) {
      const profile = await findProfile(db, actor.userId)
      if (!profile)
        throw new FieldProblems([
          { field: 'listed', text: 'Fill in your profile before you choose a directory entry' },
        ])
      const own = new Set((await awardsOfPractitioner(db, actor.userId)).map((a) => a.id))
      if (choices.awardIds.some((id) => !own.has(id)))
        throw new FieldProblems([{ field: 'awardIds', text: 'Select credentials from the list' }])
      await db.transaction().execute(async (trx) => {
        await directoryRepo.saveEntry(
          trx,
          {
            user_id: actor.userId,
            listed: choices.listed,
            show_profession: choices.showProfession,
            show_region: choices.showRegion,
            show_employer: choices.showEmployer,
            search_name: searchForm(`${profile.given_name} ${profile.family_name}`),
          },
          clock.now(),
        )
        await directoryRepo.setChosenAwards(trx, actor.userId, [...new Set(choices.awardIds)])
        await recordAudit(trx, actor, {
          action: 'practitioner.directory_entry_changed',
          entityType: 'directory_entry',
          entityId: actor.userId,
          after: { ...choices },
        })
      })
    },

    async search(query) {
      const page = Math.max(1, Math.min(50, Math.floor(query.page ?? 1)))
      const { rows, count } = await directoryRepo.searchDirectory(db, {
        name: searchForm(query.name ?? '').slice(0, 100),
        profession: query.profession || null,
        region: query.region || null,
        areaSlug: query.area || null,
        limit: DIRECTORY_PAGE_SIZE,
        offset: (page - 1) * DIRECTORY_PAGE_SIZE,
      })
      // Counting needs nothing from the credentials: both go to the database at once.
      const [entries, total] = await Promise.all([entriesWithCredentials(rows), count()])
      return {
        entries,
        total,
        page,
        pageCount: Math.min(50, Math.max(1, Math.ceil(total / DIRECTORY_PAGE_SIZE))),
      }
    },

    async publicEntry(id) {
      if (!isUuid(id)) return null
      const row = await directoryRepo.listedEntry(db, id)
      if (!row) return null
      return (await entriesWithCredentials([row]))[0] ?? null
    },

    async areas() {
      return areaList()
    },
  }
}
