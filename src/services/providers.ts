// Education providers: the Centre registers provider organisations, lists and downloads
// them, and changes their details. Each provider gets its own signing key when registered.
// Each change is audited.
import type { Kysely } from 'kysely'
import type { Config } from '../config.ts'
import {
  MAX_NAME,
  PROVIDER_KINDS,
  REGIONS,
  isOneOf,
  parseUkprn,
  type AccreditationStatus,
  type ProviderKind,
  type Region,
} from '../domain/providers.ts'
import type { Database } from '../db/schema.ts'
import * as repo from '../repositories/organisations.ts'
import { listDeliveries } from '../repositories/deliveries.ts'
import { listProgrammes } from '../repositories/programmes.ts'
import { listOrganisationPeople } from '../repositories/role-grants.ts'
import { recordAudit, type Actor } from './audit.ts'
import { inBatches } from './batches.ts'
import { toDeliverySummary, type DeliverySummary } from './deliveries.ts'
import { createIssuerKey } from './issuers.ts'
import { type FieldProblem, FieldProblems, ServiceError } from './errors.ts'
import { staleRecord } from './process.ts'
import { programmesWithAccreditation, type Programme } from './programmes.ts'
import type { Clock } from '../domain/clock.ts'
import { isUuid } from '../domain/identifiers.ts'

export interface ProviderInput {
  name: string
  kind: string
  ukprn: string
  region: string
  website: string
}

export interface ProviderFilter {
  /** Words in the name, or the start of the UK Provider Reference Number. */
  words?: string | undefined
  /** Providers with at least one programme in this accreditation state. */
  accreditation?: AccreditationStatus | undefined
}

function providerSummary(r: {
  id: string
  name: string
  provider_kind: string | null
  ukprn: string | null
  region: string | null
  deliveries: string | null
}): ProviderSummary {
  return {
    id: r.id,
    name: r.name,
    kind: r.provider_kind !== null && isOneOf(PROVIDER_KINDS, r.provider_kind) ? r.provider_kind : null,
    ukprn: r.ukprn,
    region: r.region !== null && isOneOf(REGIONS, r.region) ? r.region : null,
    deliveries: Number(r.deliveries ?? 0),
  }
}

export interface ProviderSummary {
  id: string
  name: string
  kind: ProviderKind | null
  ukprn: string | null
  region: Region | null
  deliveries: number
}

export interface ProviderDetail extends ProviderSummary {
  website: string | null
  rowVersion: number
  programmes: Programme[]
  deliveryList: DeliverySummary[]
  people: Array<{ id: string; name: string; email: string; role: string }>
}

export interface ProvidersService {
  listProviders(
    filter: ProviderFilter,
    page: number,
    pageSize: number,
  ): Promise<{ providers: ProviderSummary[]; total: number }>
  /** Every provider the filter picks out, a batch at a time, for a download. */
  exportProviders(filter: ProviderFilter): AsyncGenerator<ProviderSummary[]>
  getProvider(id: string): Promise<ProviderDetail | null>
  createProvider(input: ProviderInput, actor: Actor): Promise<string>
  updateProvider(id: string, rowVersion: number, input: ProviderInput, actor: Actor): Promise<void>
}

const blank = (s: string) => !s.trim()

function websiteProblem(value: string): string | null {
  if (value.length > 2000) return 'Website must be 2,000 characters or fewer'
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return 'Enter a full web address, such as https://www.example.ac.uk'
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return 'Enter a full web address, such as https://www.example.ac.uk'
  if (!url.hostname.includes('.')) return 'Enter a full web address, such as https://www.example.ac.uk'
  return null
}

/** Two people saving the same name or number at once: the unique index keeps one. */
function duplicateToProblem(error: unknown): never {
  const message = String((error as Error | undefined)?.message ?? '')
  if (/duplicate key/.test(message) && /ukprn/.test(message))
    throw new FieldProblems([
      { field: 'ukprn', text: 'Another provider already has this UK Provider Reference Number' },
    ])
  if (/duplicate key/.test(message) && /organisation_name/.test(message))
    throw new FieldProblems([{ field: 'name', text: 'An organisation with this name is already registered' }])
  throw error
}

export function createProvidersService(db: Kysely<Database>, config: Config, clock: Clock): ProvidersService {
  async function checkProvider(input: ProviderInput, id: string | null) {
    const problems: FieldProblem[] = []
    const add = (field: string, text: string) => problems.push({ field, text })
    const name = input.name.trim()
    if (!name) add('name', "Enter the provider's name")
    else if (name.length > MAX_NAME) add('name', `Name must be ${MAX_NAME} characters or fewer`)
    else {
      const same = await repo.findOrganisationByNameIgnoringCase(db, name)
      if (same && same.id !== id) add('name', 'An organisation with this name is already registered')
    }
    if (!isOneOf(PROVIDER_KINDS, input.kind)) add('kind', 'Select the kind of provider')
    let ukprn: string | null = null
    if (!blank(input.ukprn)) {
      const parsed = parseUkprn(input.ukprn.slice(0, 50))
      if ('error' in parsed) add('ukprn', parsed.error)
      else {
        const same = await repo.findOrganisationByUkprn(db, parsed.ukprn)
        if (same && same.id !== id)
          add('ukprn', 'Another provider already has this UK Provider Reference Number')
        ukprn = parsed.ukprn
      }
    }
    if (!isOneOf(REGIONS, input.region)) add('region', 'Select the region')
    const website = input.website.trim()
    if (website) {
      const problem = websiteProblem(website)
      if (problem) add('website', problem)
    }
    const { kind, region } = input
    if (problems.length || !isOneOf(PROVIDER_KINDS, kind) || !isOneOf(REGIONS, region))
      throw new FieldProblems(problems)
    return { name, provider_kind: kind, ukprn, region, website: website || null }
  }

  return {
    async listProviders(filter, page, pageSize) {
      const { rows, total } = await repo.listProviders(db, {
        ...filter,
        limit: pageSize,
        offset: (page - 1) * pageSize,
      })
      return { providers: rows.map(providerSummary), total }
    },

    async *exportProviders(filter) {
      for await (const rows of inBatches(
        (after: { name: string; id: string } | undefined, limit: number) =>
          repo.listProvidersAfter(db, filter, after, limit),
        (last) => ({ name: last.name, id: last.id }),
      ))
        yield rows.map(providerSummary)
    },

    async getProvider(id) {
      if (!isUuid(id)) return null
      const row = await repo.findProvider(db, id)
      if (!row) return null
      const [programmes, deliveryRows, people] = await Promise.all([
        listProgrammes(db, id),
        listDeliveries(db, { organisationId: id }),
        listOrganisationPeople(db, id, ['provider_admin', 'provider_staff']),
      ])
      return {
        id: row.id,
        name: row.name,
        kind: row.provider_kind,
        ukprn: row.ukprn,
        region: row.region,
        website: row.website,
        rowVersion: row.row_version,
        deliveries: deliveryRows.length,
        programmes: await programmesWithAccreditation(db, clock, programmes),
        deliveryList: deliveryRows.map(toDeliverySummary),
        people: people.map((p) => ({ id: p.id, name: p.display_name, email: p.email, role: p.role })),
      }
    },

    async createProvider(input, actor) {
      const values = await checkProvider(input, null)
      return db
        .transaction()
        .execute(async (trx) => {
          const { id } = await repo.insertProvider(trx, { ...values, kind: 'provider' })
          // Every provider issues its awards as verifiable credentials, signed with its own key.
          await createIssuerKey(trx, config, id)
          await recordAudit(trx, actor, {
            action: 'provider.registered',
            entityType: 'organisation',
            entityId: id,
            after: values,
          })
          return id
        })
        .catch(duplicateToProblem)
    },

    async updateProvider(id, rowVersion, input, actor) {
      const before = isUuid(id) ? await repo.findProvider(db, id) : undefined
      if (!before) throw new ServiceError('There is no such provider')
      const values = await checkProvider(input, id)
      await db
        .transaction()
        .execute(async (trx) => {
          const updated = await repo.updateProvider(trx, id, rowVersion, values)
          if (!updated) throw staleRecord('name')
          await recordAudit(trx, actor, {
            action: 'provider.updated',
            entityType: 'organisation',
            entityId: id,
            before: {
              name: before.name,
              provider_kind: before.provider_kind,
              ukprn: before.ukprn,
              region: before.region,
              website: before.website,
            },
            after: values,
          })
        })
        .catch(duplicateToProblem)
    },
  }
}
