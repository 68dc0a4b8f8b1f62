// The catalogue in the Credential Transparency Description Language (CTDL) of Credential
// Engine, and the framework's capabilities in its competency profile (CTDL-ASN): the shapes the
// Credential Registry takes. Pure: the service hands in rows already read.
//
// Which class: a credential specification, a module and a curriculum are each awarded on
// completing assessed learning in one area, which is what ceterms:Certificate says; a capability
// framework and standards of practice describe the capability a practitioner shows, and are
// no award, so they take the general class ceterms:Credential rather than a narrower one that
// would claim what they are not.
import { createHash } from 'node:crypto'
import type { CredentialStatus, InterventionType, Origin } from './catalogue.ts'
import type { ProviderKind } from './providers.ts'

export const CTDL_CONTEXT = 'https://credreg.net/ctdl/schema/context/json'
export const CTDL_LANGUAGE = 'en-GB'

export type CtdlDocument = Record<string, unknown>
type LanguageMap = Record<string, string>

const text = (value: string): LanguageMap => ({ [CTDL_LANGUAGE]: value })

export const CREDENTIAL_CLASS: Record<InterventionType, string> = {
  credential_specification: 'ceterms:Certificate',
  module: 'ceterms:Certificate',
  curriculum: 'ceterms:Certificate',
  capability_framework: 'ceterms:Credential',
  standards_of_practice: 'ceterms:Credential',
}

/** A CTID: "ce-" and a UUID in lower case. */
export function ctidOf(uuid: string): string {
  return `ce-${uuid.toLowerCase()}`
}

export const isCtid = (value: unknown): boolean =>
  typeof value === 'string' &&
  /^ce-[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(value)

/**
 * A name-based UUID (RFC 9562 version 5) of `name` within the namespace `namespace` (a UUID):
 * the CTID of something that has no UUID of its own (the framework, a capability), the same on
 * every export because its name is, and unlike any other deployment's because the namespace
 * is the deployment's own Centre.
 */
export function nameBasedUuid(namespace: string, name: string): string {
  const hex = namespace.replace(/-/g, '')
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`Not a UUID: ${namespace}`)
  const hash = createHash('sha1')
    .update(Buffer.from(hex, 'hex'))
    .update(name, 'utf8')
    .digest()
    .subarray(0, 16)
  hash.writeUInt8((hash.readUInt8(6) & 0x0f) | 0x50, 6)
  hash.writeUInt8((hash.readUInt8(8) & 0x3f) | 0x80, 8)
  const h = hash.toString('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

/** A term of one of CTDL's concept schemes, as the Registry writes it. */
function concept(scheme: string, schemeName: string, node: string, name: string): CtdlDocument {
  return {
    '@type': 'ceterms:CredentialAlignmentObject',
    'ceterms:framework': `https://credreg.net/ctdl/terms/${scheme}`,
    'ceterms:frameworkName': text(schemeName),
    'ceterms:targetNode': node,
    'ceterms:targetNodeName': text(name),
  }
}

type LifeCycle = 'Active' | 'Ceased' | 'Developing'

/**
 * Our lifecycle statuses in CTDL's two status schemes. LifeCycleStatus says every one; the
 * older CredentialStatus has no term for a credential not yet available, so a credential in
 * development has none there (null).
 */
export function ctdlStatus(status: CredentialStatus): {
  lifeCycle: LifeCycle
  credentialStatus: 'Active' | 'Deprecated' | null
} {
  switch (status) {
    case 'endorsed':
    case 'in_delivery':
    case 'periodic_review':
    case 'recognised':
      return { lifeCycle: 'Active', credentialStatus: 'Active' }
    case 'withdrawn':
      return { lifeCycle: 'Ceased', credentialStatus: 'Deprecated' }
    case 'exploration_phase':
    case 'to_be_commissioned':
    case 'to_be_reviewed':
    case 'in_development':
    case 'due':
    case 'under_review':
    case 'tbc':
      return { lifeCycle: 'Developing', credentialStatus: null }
  }
}

/** What the Centre's quality assurance says of a credential, as the property on each side. */
export function assurance(
  status: CredentialStatus,
  origin: Origin,
): {
  centre: 'ceterms:approves' | 'ceterms:recognizes'
  credential: 'ceterms:approvedBy' | 'ceterms:recognizedBy'
} | null {
  if (status === 'recognised' || (origin === 'other_body' && ctdlStatus(status).lifeCycle === 'Active'))
    return { centre: 'ceterms:recognizes', credential: 'ceterms:recognizedBy' }
  // Endorsed by the Centre (and still in force): approved, in CTDL's words.
  if (ctdlStatus(status).lifeCycle === 'Active')
    return { centre: 'ceterms:approves', credential: 'ceterms:approvedBy' }
  return null
}

const ORGANISATION_TYPE: Record<ProviderKind, [string, string]> = {
  university: ['orgType:Postsecondary', 'Postsecondary Educational Institution'],
  professional_body: ['orgType:ProfessionalAssociation', 'Professional Association'],
  employer: ['orgType:TrainingProvider', 'Education and Training Provider'],
  other: ['orgType:TrainingProvider', 'Education and Training Provider'],
}

/**
 * The sector of a provider. England's universities are charities, not public bodies; the
 * employers approved to deliver advanced-practice credentials are NHS bodies; of other kinds
 * the platform knows nothing, and says the sector CTDL keeps for that.
 */
const SECTOR: Record<ProviderKind, [string, string]> = {
  university: ['agentSector:PrivateNonProfit', 'Private Not-For-Profit'],
  professional_body: ['agentSector:PrivateNonProfit', 'Private Not-For-Profit'],
  employer: ['agentSector:Public', 'Public'],
  other: ['agentSector:PrivateNonProfit', 'Private Not-For-Profit'],
}

export interface CtdlSite {
  baseUrl: string
  centre: { id: string; name: string }
  contactEmail: string | undefined
}

export interface CtdlCredential {
  id: string
  slug: string
  title: string
  type: InterventionType
  status: CredentialStatus
  origin: Origin
  level: number | null
  areaName: string
  summary: string | null
  owner: { name: string; url: string | null } | null
  /** From the newest published version, when there is one. */
  entryRequirements: { mastersRoute: string; equivalence: string } | null
  frameworkCodes: readonly string[]
  providerIds: readonly string[]
}

export interface CtdlProvider {
  id: string
  name: string
  website: string | null
  region: string | null
  kind: ProviderKind | null
  /** The credentials it is approved to deliver, by slug: the public pages that name it. */
  credentialSlugs: readonly string[]
}

export interface CtdlFramework {
  name: string
  pillars: ReadonlyArray<{ code: string; name: string }>
  capabilities: ReadonlyArray<{ code: string; label: string; pillarCode: string }>
}

export const ctdlUrls = (base: string) => ({
  credential: (slug: string) => `${base}/ctdl/credentials/${encodeURIComponent(slug)}.json`,
  organisation: (id: string) => `${base}/ctdl/organisations/${encodeURIComponent(id)}.json`,
  framework: `${base}/ctdl/framework.json`,
  graph: `${base}/ctdl/graph.json`,
  pillar: (code: string) => `${base}/ctdl/framework.json#pillar-${encodeURIComponent(code)}`,
  capability: (code: string) => `${base}/ctdl/framework.json#capability-${encodeURIComponent(code)}`,
})

/**
 * Whether a credential can be sent to the Registry: it needs an owner or an offerer, so a
 * credential of another body whose owner is not recorded, and that no provider offers, is left
 * out until Centre staff record the owner.
 */
export function isExportable(credential: Pick<CtdlCredential, 'origin' | 'owner' | 'providerIds'>): boolean {
  return credential.origin === 'centre' || credential.owner !== null || credential.providerIds.length > 0
}

/** A credential's description: its summary, or a sentence from what the catalogue records. */
export function credentialDescription(
  c: Pick<CtdlCredential, 'summary' | 'level' | 'origin' | 'owner' | 'title' | 'areaName'>,
): string {
  if (c.summary) return c.summary
  const level = c.level !== null ? ` at level ${c.level}` : ''
  const owner =
    c.origin === 'centre' ? 'the Centre for Advancing Practice' : (c.owner?.name ?? 'another body')
  return `${c.title}: advanced practice in ${c.areaName}${level}, from ${owner}.`
}

export function credentialNode(site: CtdlSite, c: CtdlCredential): CtdlDocument {
  const urls = ctdlUrls(site.baseUrl)
  const status = ctdlStatus(c.status)
  const qa = assurance(c.status, c.origin)
  const centre = urls.organisation(site.centre.id)
  const requires: CtdlDocument[] = []
  if (c.entryRequirements) {
    const parts = [c.entryRequirements.mastersRoute, c.entryRequirements.equivalence].filter(Boolean)
    if (parts.length)
      requires.push({
        '@type': 'ceterms:ConditionProfile',
        'ceterms:name': text('Entry requirements'),
        'ceterms:description': text(parts.join(' ')),
      })
  }
  if (c.frameworkCodes.length)
    requires.push({
      '@type': 'ceterms:ConditionProfile',
      'ceterms:name': text('Capabilities of the framework it develops and assesses'),
      'ceterms:description': text(
        'Show the capabilities of the multi-professional framework for advanced practice that the specification maps to.',
      ),
      'ceterms:targetCompetency': c.frameworkCodes.map((code) => ({
        '@type': 'ceterms:CredentialAlignmentObject',
        'ceterms:targetNode': urls.capability(code),
        'ceterms:codedNotation': code,
        'ceterms:framework': urls.framework,
      })),
    })
  const owner =
    c.origin === 'centre'
      ? [centre]
      : c.owner
        ? [
            {
              '@type': 'ceterms:CredentialOrganization',
              'ceterms:name': text(c.owner.name),
              ...(c.owner.url ? { 'ceterms:subjectWebpage': c.owner.url } : {}),
            },
          ]
        : []
  return {
    '@id': urls.credential(c.slug),
    '@type': CREDENTIAL_CLASS[c.type],
    'ceterms:ctid': ctidOf(c.id),
    'ceterms:name': text(c.title),
    'ceterms:description': text(credentialDescription(c)),
    'ceterms:subjectWebpage': `${site.baseUrl}/credentials/${encodeURIComponent(c.slug)}`,
    'ceterms:inLanguage': [CTDL_LANGUAGE],
    'ceterms:lifeCycleStatusType': concept(
      'LifeCycleStatus',
      'Life Cycle Status',
      `lifeCycle:${status.lifeCycle}`,
      status.lifeCycle,
    ),
    ...(status.credentialStatus
      ? {
          'ceterms:credentialStatusType': concept(
            'CredentialStatus',
            'Credential Status',
            `credentialStat:${status.credentialStatus}`,
            status.credentialStatus,
          ),
        }
      : {}),
    ...(owner.length ? { 'ceterms:ownedBy': owner } : {}),
    ...(c.providerIds.length ? { 'ceterms:offeredBy': c.providerIds.map(urls.organisation) } : {}),
    ...(qa ? { [qa.credential]: [centre] } : {}),
    ...(requires.length ? { 'ceterms:requires': requires } : {}),
    'ceterms:keyword': { [CTDL_LANGUAGE]: [c.areaName] },
  }
}

function place(region: string | null): CtdlDocument {
  return {
    '@type': 'ceterms:Place',
    'ceterms:addressCountry': text('United Kingdom'),
    'ceterms:addressRegion': text(region ? `${region}, England` : 'England'),
  }
}

/** The Centre: the quality-assurance body that approves (endorses) and recognises credentials. */
export function centreNode(site: CtdlSite, credentials: readonly CtdlCredential[]): CtdlDocument {
  const urls = ctdlUrls(site.baseUrl)
  const related = (property: string) =>
    credentials
      .filter((c) => assurance(c.status, c.origin)?.centre === property)
      .map((c) => urls.credential(c.slug))
  const approves = related('ceterms:approves')
  const recognizes = related('ceterms:recognizes')
  const owns = credentials.filter((c) => c.origin === 'centre').map((c) => urls.credential(c.slug))
  return {
    '@id': urls.organisation(site.centre.id),
    '@type': 'ceterms:QACredentialOrganization',
    'ceterms:ctid': ctidOf(site.centre.id),
    'ceterms:name': text(site.centre.name),
    'ceterms:description': text(
      "The national body for advanced practice in England's health and care workforce: it develops and endorses multi-professional advanced-practice credentials, recognises those of other bodies, and approves the education providers that deliver them.",
    ),
    'ceterms:subjectWebpage': `${site.baseUrl}/about`,
    'ceterms:agentType': [
      concept('OrganizationType', 'Organization Type', 'orgType:QualityAssurance', 'Quality Assurance Body'),
    ],
    'ceterms:agentSectorType': concept('AgentSector', 'Agent Sector', 'agentSector:Public', 'Public'),
    ...(site.contactEmail ? { 'ceterms:email': [site.contactEmail] } : {}),
    'ceterms:address': [place(null)],
    ...(approves.length ? { 'ceterms:approves': approves } : {}),
    ...(recognizes.length ? { 'ceterms:recognizes': recognizes } : {}),
    ...(owns.length ? { 'ceterms:owns': owns } : {}),
  }
}

/** A provider with approved deliveries: a credentialing organisation that offers them. */
export function providerNode(site: CtdlSite, p: CtdlProvider): CtdlDocument {
  const urls = ctdlUrls(site.baseUrl)
  const [typeNode, typeName] = ORGANISATION_TYPE[p.kind ?? 'other']
  const [sectorNode, sectorName] = SECTOR[p.kind ?? 'other']
  const first = p.credentialSlugs[0]
  return {
    '@id': urls.organisation(p.id),
    '@type': 'ceterms:CredentialOrganization',
    'ceterms:ctid': ctidOf(p.id),
    'ceterms:name': text(p.name),
    'ceterms:description': text(
      `An education provider the ${site.centre.name} approved to deliver advanced-practice credentials.`,
    ),
    // Without a website of its own, the public page that names it as approved.
    'ceterms:subjectWebpage':
      p.website ?? `${site.baseUrl}/credentials/${encodeURIComponent(first ?? '')}#providers`,
    'ceterms:agentType': [concept('OrganizationType', 'Organization Type', typeNode, typeName)],
    'ceterms:agentSectorType': concept('AgentSector', 'Agent Sector', sectorNode, sectorName),
    'ceterms:address': [place(p.region)],
    'ceterms:offers': p.credentialSlugs.map(urls.credential),
    'ceterms:approvedBy': [urls.organisation(site.centre.id)],
  }
}

/** The framework as a CTDL-ASN competency framework and its competencies: pillars, then capabilities under each. */
export function frameworkNodes(site: CtdlSite, framework: CtdlFramework): CtdlDocument[] {
  const urls = ctdlUrls(site.baseUrl)
  const ctid = (name: string) => ctidOf(nameBasedUuid(site.centre.id, name))
  const centre = urls.organisation(site.centre.id)
  const pillars = framework.pillars.filter((p) => framework.capabilities.some((c) => c.pillarCode === p.code))
  const frameworkNode: CtdlDocument = {
    '@id': urls.framework,
    '@type': 'ceasn:CompetencyFramework',
    'ceterms:ctid': ctid('framework'),
    'ceasn:name': text(framework.name),
    'ceasn:description': text(
      'The capabilities of advanced practice in England, in four pillars: clinical practice, leadership and management, education, and research.',
    ),
    'ceasn:inLanguage': [CTDL_LANGUAGE],
    'ceasn:publisher': [centre],
    'ceasn:publisherName': text(site.centre.name),
    'ceasn:source': [`${site.baseUrl}/framework`],
    'ceasn:hasTopChild': pillars.map((p) => urls.pillar(p.code)),
  }
  const nodes: CtdlDocument[] = [frameworkNode]
  for (const pillar of pillars) {
    const capabilities = framework.capabilities.filter((c) => c.pillarCode === pillar.code)
    nodes.push({
      '@id': urls.pillar(pillar.code),
      '@type': 'ceasn:Competency',
      'ceterms:ctid': ctid(`pillar:${pillar.code}`),
      'ceasn:competencyText': text(pillar.name),
      'ceasn:codedNotation': pillar.code,
      'ceasn:isPartOf': urls.framework,
      'ceasn:isTopChildOf': urls.framework,
      'ceasn:hasChild': capabilities.map((c) => urls.capability(c.code)),
    })
    for (const capability of capabilities) {
      nodes.push({
        '@id': urls.capability(capability.code),
        '@type': 'ceasn:Competency',
        'ceterms:ctid': ctid(`capability:${capability.code}`),
        'ceasn:competencyText': text(capability.label),
        'ceasn:codedNotation': capability.code,
        'ceasn:isPartOf': urls.framework,
        'ceasn:isChildOf': urls.pillar(pillar.code),
      })
    }
  }
  return nodes
}

/** One resource as a document of its own. */
export const asDocument = (node: CtdlDocument): CtdlDocument => ({ '@context': CTDL_CONTEXT, ...node })

/** Several resources as one graph (the framework with its competencies; the whole catalogue). */
export const asGraph = (id: string, nodes: readonly CtdlDocument[]): CtdlDocument => ({
  '@context': CTDL_CONTEXT,
  '@id': id,
  '@graph': nodes,
})
