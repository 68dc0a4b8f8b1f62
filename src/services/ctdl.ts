// The catalogue for the Credential Registry, in CTDL (src/domain/ctdl.ts says which class is
// which): each credential, the Centre and the providers, the framework, and the whole catalogue
// as one graph. Read-only; the graph reads each table once, whatever the catalogue's size.
import type { Kysely } from 'kysely'
import type { Config } from '../config.ts'
import type { Database } from '../db/schema.ts'
import {
  asDocument,
  asGraph,
  centreNode,
  credentialNode,
  ctdlUrls,
  frameworkNodes,
  isExportable,
  providerNode,
  type CtdlCredential,
  type CtdlDocument,
  type CtdlFramework,
  type CtdlProvider,
  type CtdlSite,
} from '../domain/ctdl.ts'
import {
  DELIVERY_STATES,
  isListedDelivery,
  isOneOf,
  PROVIDER_KINDS,
  regionLabel,
} from '../domain/providers.ts'
import { frameworkCodesOf, readSpecification } from '../domain/specification-content.ts'
import { listListedCredentials, findCredentialBySlug } from '../repositories/credentials.ts'
import { listDeliveringProviders } from '../repositories/deliveries.ts'
import { findCentre } from '../repositories/organisations.ts'
import { listLatestPublishedVersions } from '../repositories/publication.ts'
import { listCapabilities, listPillars } from '../repositories/reference.ts'
import { FRAMEWORK_NAME } from './publication.ts'

export interface CtdlService {
  /** One credential, or null when the catalogue does not list it or it cannot be exported. */
  credential(slug: string): Promise<CtdlDocument | null>
  /** The Centre, or a provider with approved deliveries; null for any other id. */
  organisation(id: string): Promise<CtdlDocument | null>
  /** The framework with its competencies, as one graph. */
  framework(): Promise<CtdlDocument>
  /** The whole catalogue: the Centre, providers, credentials, the framework and its competencies. */
  graph(): Promise<CtdlDocument>
}

const LISTED_DELIVERY_STATES = DELIVERY_STATES.filter(isListedDelivery)
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

type CredentialRow = Awaited<ReturnType<typeof listListedCredentials>>[number]
type VersionRow = Awaited<ReturnType<typeof listLatestPublishedVersions>>[number]
type ProviderRow = Awaited<ReturnType<typeof listDeliveringProviders>>[number]

export function createCtdlService(db: Kysely<Database>, config: Config): CtdlService {
  async function site(): Promise<CtdlSite> {
    const centre = await findCentre(db)
    if (!centre) throw new Error('The Centre is missing from the organisations: its migration made it')
    return { baseUrl: config.baseUrl, centre, contactEmail: config.contactEmail }
  }

  async function loadFramework(): Promise<CtdlFramework> {
    const [pillars, capabilities] = await Promise.all([listPillars(db), listCapabilities(db)])
    return {
      name: FRAMEWORK_NAME,
      pillars: pillars.map((p) => ({ code: p.code, name: p.name })),
      capabilities: capabilities.map((c) => ({ code: c.code, label: c.label, pillarCode: c.pillar_code })),
    }
  }

  function toCredential(
    row: CredentialRow,
    version: VersionRow | undefined,
    providers: readonly ProviderRow[],
    known: ReadonlySet<string>,
  ): CtdlCredential {
    const kind = version?.kind === 'recognition' ? 'recognition' : 'specification'
    const specification = version && kind === 'specification' ? readSpecification(version.content) : null
    return {
      id: row.id,
      slug: row.slug,
      title: row.title,
      type: row.type,
      status: row.status,
      origin: row.origin,
      level: row.level,
      areaName: row.area_name,
      summary: row.summary,
      owner: row.owner_name ? { name: row.owner_name, url: row.owner_url } : null,
      entryRequirements: specification?.entryRequirements ?? null,
      // Only capabilities the framework has now: a retired one has no competency to point at.
      frameworkCodes: version
        ? frameworkCodesOf(kind, version.content)
            .filter((code) => known.has(code))
            .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
        : [],
      providerIds: [...new Set(providers.filter((p) => p.credential_id === row.id).map((p) => p.id))],
    }
  }

  function toProviders(rows: readonly ProviderRow[], slugOf: ReadonlyMap<string, string>): CtdlProvider[] {
    const byId = new Map<string, CtdlProvider & { credentialSlugs: string[] }>()
    for (const row of rows) {
      const slug = slugOf.get(row.credential_id)
      if (slug === undefined) continue
      let provider = byId.get(row.id)
      if (!provider) {
        provider = {
          id: row.id,
          name: row.name,
          website: row.website,
          region: regionLabel(row.region),
          kind:
            row.provider_kind !== null && isOneOf(PROVIDER_KINDS, row.provider_kind)
              ? row.provider_kind
              : null,
          credentialSlugs: [],
        }
        byId.set(row.id, provider)
      }
      if (!provider.credentialSlugs.includes(slug)) provider.credentialSlugs.push(slug)
    }
    return [...byId.values()]
  }

  /** Every exportable credential and its providers, each table read once. */
  async function catalogue(framework: CtdlFramework) {
    const [rows, versions, deliveries] = await Promise.all([
      listListedCredentials(db),
      listLatestPublishedVersions(db),
      listDeliveringProviders(db, LISTED_DELIVERY_STATES),
    ])
    const known = new Set(framework.capabilities.map((c) => c.code))
    const latest = new Map(versions.map((v) => [v.credential_id, v]))
    const credentials = rows
      .map((row) => toCredential(row, latest.get(row.id), deliveries, known))
      .filter(isExportable)
    const slugOf = new Map(credentials.map((c) => [c.id, c.slug]))
    return { credentials, providers: toProviders(deliveries, slugOf) }
  }

  return {
    async credential(slug) {
      const row = await findCredentialBySlug(db, slug)
      if (!row?.listed) return null
      const [s, framework, versions, deliveries] = await Promise.all([
        site(),
        loadFramework(),
        listLatestPublishedVersions(db, row.id),
        listDeliveringProviders(db, LISTED_DELIVERY_STATES, { credentialId: row.id }),
      ])
      const known = new Set(framework.capabilities.map((c) => c.code))
      const credential = toCredential(row, versions[0], deliveries, known)
      return isExportable(credential) ? asDocument(credentialNode(s, credential)) : null
    },

    async organisation(id) {
      if (!UUID.test(id)) return null
      const s = await site()
      if (id.toLowerCase() === s.centre.id.toLowerCase()) {
        const { credentials } = await catalogue(await loadFramework())
        return asDocument(centreNode(s, credentials))
      }
      const deliveries = await listDeliveringProviders(db, LISTED_DELIVERY_STATES, { organisationId: id })
      if (!deliveries.length) return null
      // Only the credentials the catalogue lists are named.
      const listed = await listListedCredentials(db)
      const slugOf = new Map(listed.map((c) => [c.id, c.slug]))
      const [provider] = toProviders(deliveries, slugOf)
      return provider ? asDocument(providerNode(s, provider)) : null
    },

    async framework() {
      const [s, framework] = await Promise.all([site(), loadFramework()])
      return asGraph(ctdlUrls(s.baseUrl).framework, frameworkNodes(s, framework))
    },

    async graph() {
      const [s, framework] = await Promise.all([site(), loadFramework()])
      const { credentials, providers } = await catalogue(framework)
      return asGraph(ctdlUrls(s.baseUrl).graph, [
        centreNode(s, credentials),
        ...providers.map((p) => providerNode(s, p)),
        ...credentials.map((c) => credentialNode(s, c)),
        ...frameworkNodes(s, framework),
      ])
    },
  }
}
