// The public face of the approval process: every published version of a specification (or of
// a recognised credential), read-only, with the framework capabilities its own capabilities
// map to, and comparisons between any two of them. Publishing itself is the decision of the
// review (services/reviews.ts); this service never changes anything.
import type { Kysely } from 'kysely'
import type { Config } from '../config.ts'
import type { Database } from '../db/schema.ts'
import { isCredentialStatus, type CredentialStatus } from '../domain/catalogue.ts'
import {
  compareVersions,
  emptySpecification,
  readRecognition,
  readSpecification,
  type AreaCapability,
  type FieldChange,
  type ItemChange,
  type LearningOutcome,
  type RecognitionContent,
  type SpecificationContent,
} from '../domain/specification-content.ts'
import type { Decision } from '../domain/specification-lifecycle.ts'
import * as repo from '../repositories/publication.ts'
import { ServiceError } from './errors.ts'
import { present } from '../domain/present.ts'

export type PublicVersionState = (typeof repo.PUBLIC_VERSION_STATES)[number]

function isPublicVersionState(state: string): state is PublicVersionState {
  return repo.PUBLIC_VERSION_STATES.some((s) => s === state)
}
export type VersionKind = 'specification' | 'recognition'

/** The licence every published specification is released under. */
export const LICENCE = {
  name: 'Open Government Licence v3.0',
  url: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
} as const

export const FRAMEWORK_NAME = 'Multi-professional framework for advanced practice in England'

export interface PublishedVersionSummary {
  number: number
  kind: VersionKind
  state: PublicVersionState
  publishedAt: Date
  /** Its own address, relative to the site. */
  path: string
}

/**
 * A version as the comparison shows it: a published one, or one never published that a
 * published consultation showed everyone ("consulted"), whose path is then the consultation
 * and whose date the day the consultation was published.
 */
export interface ComparedVersion {
  number: number
  kind: VersionKind
  state: PublicVersionState | 'consulted'
  publishedAt: Date
  path: string
}

export interface PublicCredential {
  slug: string
  title: string
  type: string
  area: { slug: string; name: string }
  status: CredentialStatus
  owner: { name: string; url: string | null } | null
  summary: string | null
}

/** A framework capability as a specification refers to it; label null when the code is unknown. */
export interface FrameworkRef {
  code: string
  label: string | null
}

export interface PillarGroup {
  code: string
  name: string
  capabilities: FrameworkRef[]
}

/** An area capability (or a crosswalk row) with its framework capabilities grouped by pillar. */
export interface MappedCapability {
  code: string
  text: string
  frameworkCodes: string[]
  pillars: PillarGroup[]
}

export interface PublishedVersion {
  credential: PublicCredential
  number: number
  kind: VersionKind
  state: PublicVersionState
  publishedAt: Date
  decidedAt: Date | null
  decision: { outcome: Decision; label: string; conditions: string | null } | null
  /** The content, for a specification version. */
  specification: SpecificationContent | null
  /** The content, for a recognition version. */
  recognition: RecognitionContent | null
  /** The area capabilities, or the crosswalk rows, with their framework capabilities. */
  mapped: MappedCapability[]
  /** A specification's learning outcomes with the framework capabilities each develops. */
  mappedOutcomes: MappedCapability[]
  /** Each pillar with the capabilities of this version that map to it, in framework order. */
  coverage: Array<{ code: string; name: string; capabilityCodes: string[] }>
  /** True when the version or the whole credential has been withdrawn. */
  withdrawn: boolean
  versions: PublishedVersionSummary[]
  latest: PublishedVersionSummary
  previous: PublishedVersionSummary | null
  path: string
  /** Absolute addresses, for the PDF and the JSON-LD. */
  urls: {
    page: string
    pdf: string
    jsonLd: string
    latest: string
    /** Where the newest version always is, whichever it is. */
    current: string
    framework: string
    site: string
  }
}

export interface PublishedList {
  credential: PublicCredential
  versions: PublishedVersionSummary[]
}

export type CapabilityChange = ItemChange<AreaCapability> & {
  beforePillars: PillarGroup[]
  afterPillars: PillarGroup[]
}

export type OutcomeChange = ItemChange<LearningOutcome> & {
  beforePillars: PillarGroup[]
  afterPillars: PillarGroup[]
}

export interface ChangeCounts {
  added: number
  removed: number
  changed: number
  unchanged: number
}

export interface PublishedComparison {
  credential: PublicCredential
  kind: VersionKind
  from: ComparedVersion
  to: ComparedVersion
  fields: FieldChange[]
  /** Outcome by outcome, with the framework capabilities each is mapped to, before and after. */
  outcomes: OutcomeChange[]
  capabilities: CapabilityChange[]
  counts: { fields: ChangeCounts; outcomes: ChangeCounts; capabilities: ChangeCounts }
}

export interface PublicationService {
  /** One published version, or null when there is no such credential or published version. */
  getPublished(slug: string, number: number): Promise<PublishedVersion | null>
  /** The newest published version, or null when nothing of the credential is published. */
  getLatestPublished(slug: string): Promise<PublishedVersion | null>
  /** The credential's published versions, oldest first; null when there is no such credential. */
  listPublished(slug: string): Promise<PublishedList | null>
  /**
   * The versions that may be compared, oldest first: the published ones and those a published
   * consultation was about. Null when there is no such credential.
   */
  listComparable(slug: string): Promise<ComparedVersion[] | null>
  /**
   * Two versions compared (published, or consulted on), in the order asked for. Null when
   * there is no such credential; a ServiceError on field 'from' or 'to' when a version cannot
   * be compared.
   */
  compare(slug: string, from: number, to: number): Promise<PublishedComparison | null>
}

const DECISION_LABELS: Record<Decision, string> = {
  endorse: 'Endorsed',
  endorse_with_conditions: 'Endorsed with conditions',
  revise_and_resubmit: 'Revise and resubmit',
  not_endorsed: 'Not endorsed',
}

const isDecision = (value: string | null): value is Decision => value !== null && value in DECISION_LABELS

type FrameworkRow = Awaited<ReturnType<typeof repo.listFramework>>[number]

/** Framework capabilities of one mapping, grouped by pillar in the framework's order; unknown codes last. */
export function groupByPillar(codes: readonly string[], framework: readonly FrameworkRow[]): PillarGroup[] {
  const wanted = new Set(codes)
  const groups: PillarGroup[] = []
  for (const row of framework) {
    if (!wanted.has(row.code)) continue
    wanted.delete(row.code)
    let group = groups.find((g) => g.code === row.pillar_code)
    if (!group) groups.push((group = { code: row.pillar_code, name: row.pillar_name, capabilities: [] }))
    group.capabilities.push({ code: row.code, label: row.label })
  }
  if (wanted.size) {
    groups.push({
      code: '',
      name: 'Not in the framework',
      capabilities: [...wanted].map((code) => ({ code, label: null })),
    })
  }
  return groups
}

function counts(changes: ReadonlyArray<{ kind: keyof ChangeCounts }>): ChangeCounts {
  const result: ChangeCounts = { added: 0, removed: 0, changed: 0, unchanged: 0 }
  for (const change of changes) result[change.kind]++
  return result
}

/** A recognition version in the shape compareVersions knows: crosswalk rows as capabilities. */
function crosswalkAsCapabilities(content: RecognitionContent): SpecificationContent {
  return {
    ...emptySpecification(),
    capabilities: content.crosswalk.map((r) => ({
      code: r.code,
      text: r.outcome,
      frameworkCodes: r.frameworkCodes,
    })),
  }
}

function compareRecognitions(before: RecognitionContent, after: RecognitionContent) {
  return {
    ...compareVersions(crosswalkAsCapabilities(before), crosswalkAsCapabilities(after)),
    fields: recognitionFields(before, after),
  }
}

function recognitionFields(before: RecognitionContent, after: RecognitionContent): FieldChange[] {
  const fields: Array<[keyof RecognitionContent, string]> = [
    ['ownerName', 'Owner'],
    ['ownerUrl', "Owner's website"],
    ['documentUrl', 'Document'],
    ['summary', 'Summary'],
  ]
  return fields.map(([field, label]) => {
    const was = String(before[field])
    const now = String(after[field])
    const kind = was === now ? 'unchanged' : !was ? 'added' : !now ? 'removed' : 'changed'
    return { field, label, kind, before: was, after: now }
  })
}

export function createPublicationService(db: Kysely<Database>, config: Config): PublicationService {
  const base = config.baseUrl
  const credentialPath = (slug: string) => `/credentials/${encodeURIComponent(slug)}/specification`
  const versionPath = (slug: string, number: number) => `${credentialPath(slug)}/versions/${number}`

  async function loadCredential(slug: string) {
    const row = await repo.findCredential(db, slug)
    if (!row) return null
    const credential: PublicCredential = {
      slug: row.slug,
      title: row.title,
      type: row.type,
      area: { slug: row.area_slug, name: row.area_name },
      status: isCredentialStatus(row.status) ? row.status : 'tbc',
      owner: row.owner_name ? { name: row.owner_name, url: row.owner_url } : null,
      summary: row.summary,
    }
    // The query asks only for public states; the guard tells the compiler so.
    const versions = (await repo.listPublishedVersions(db, row.id)).flatMap((v): PublishedVersionSummary[] =>
      isPublicVersionState(v.state)
        ? [
            {
              number: v.number,
              kind: v.kind === 'recognition' ? 'recognition' : 'specification',
              state: v.state,
              publishedAt: present(v.published_at, `the publication time of version ${v.number}`),
              path: versionPath(row.slug, v.number),
            },
          ]
        : [],
    )
    return { id: row.id, credential, versions }
  }

  async function getPublished(slug: string, number: number): Promise<PublishedVersion | null> {
    const found = await loadCredential(slug)
    if (!found) return null
    const { id, credential, versions } = found
    const summary = versions.find((v) => v.number === number)
    if (!summary) return null
    const [row, framework] = await Promise.all([
      repo.findPublishedVersion(db, id, number),
      repo.listFramework(db),
    ])
    if (!row) return null

    const specification = summary.kind === 'specification' ? readSpecification(row.content) : null
    const recognition = summary.kind === 'recognition' ? readRecognition(row.content) : null
    const items = specification
      ? specification.capabilities
      : present(recognition, `the recognition content of version ${number}`).crosswalk.map((r) => ({
          code: r.code,
          text: r.outcome,
          frameworkCodes: r.frameworkCodes,
        }))
    const mapped = items.map((c) => ({ ...c, pillars: groupByPillar(c.frameworkCodes, framework) }))
    const mappedOutcomes = (specification?.outcomes ?? []).map((o) => ({
      code: o.code,
      text: o.text,
      frameworkCodes: o.frameworkCodes ?? [],
      pillars: groupByPillar(o.frameworkCodes ?? [], framework),
    }))
    const pillars = [...new Map(framework.map((f) => [f.pillar_code, f.pillar_name]))]
    const coverage = pillars.map(([code, name]) => ({
      code,
      name,
      capabilityCodes: mapped.filter((m) => m.pillars.some((p) => p.code === code)).map((m) => m.code),
    }))

    const latest = present(versions.at(-1), 'the latest published version')
    const index = versions.indexOf(summary)
    const page = `${base}${summary.path}`
    return {
      credential,
      number,
      kind: summary.kind,
      state: summary.state,
      publishedAt: summary.publishedAt,
      decidedAt: row.decided_at,
      decision: isDecision(row.decision)
        ? {
            outcome: row.decision,
            label: summary.kind === 'recognition' ? 'Recognised' : DECISION_LABELS[row.decision],
            conditions: row.decision_conditions,
          }
        : null,
      specification,
      recognition,
      mapped,
      mappedOutcomes,
      coverage,
      withdrawn: summary.state === 'withdrawn' || credential.status === 'withdrawn',
      versions,
      latest,
      previous: versions[index - 1] ?? null,
      path: summary.path,
      urls: {
        page,
        pdf: `${page}/pdf`,
        jsonLd: `${page}/jsonld`,
        latest: `${base}${latest.path}`,
        current: `${base}${credentialPath(credential.slug)}`,
        framework: `${base}/framework`,
        site: base,
      },
    }
  }

  /** Published versions and consulted ones, each with its content, oldest first. */
  async function comparable(slug: string) {
    const found = await loadCredential(slug)
    if (!found) return null
    const consulted = new Map<number, { version: ComparedVersion; content: unknown }>()
    for (const v of await repo.listConsultedVersions(db, found.id)) {
      if (consulted.has(v.number) || v.kind !== 'specification') continue
      consulted.set(v.number, {
        version: {
          number: v.number,
          kind: 'specification',
          state: 'consulted',
          publishedAt: present(
            v.published_at,
            `the publication time of consultation ${v.consultation_number}`,
          ),
          path: `/consultations/${v.consultation_number}`,
        },
        content: v.content,
      })
    }
    const versions: ComparedVersion[] = [...found.versions, ...[...consulted.values()].map((c) => c.version)]
    versions.sort((a, b) => a.number - b.number)
    return { found, versions, consulted }
  }

  return {
    getPublished,

    async listComparable(slug) {
      return (await comparable(slug))?.versions ?? null
    },

    async getLatestPublished(slug) {
      const found = await loadCredential(slug)
      const latest = found?.versions.at(-1)
      return latest ? getPublished(slug, latest.number) : null
    },

    async listPublished(slug) {
      const found = await loadCredential(slug)
      return found ? { credential: found.credential, versions: found.versions } : null
    },

    async compare(slug, from, to) {
      const all = await comparable(slug)
      if (!all) return null
      const { found, versions, consulted } = all
      const numbers = new Set(versions.map((v) => v.number))
      if (!numbers.has(from)) throw new ServiceError('Select a published version to compare from', 'from')
      if (!numbers.has(to)) throw new ServiceError('Select a published version to compare with', 'to')
      if (from === to) throw new ServiceError('Select two different versions to compare', 'to')
      // A consulted version is read as a specification, as the consultation page shows it.
      const contentOf = async (number: number) => {
        const c = consulted.get(number)
        if (c)
          return {
            kind: 'specification' as const,
            specification: readSpecification(c.content),
            recognition: null,
          }
        return getPublished(slug, number)
      }
      const [before, after] = await Promise.all([contentOf(from), contentOf(to)])
      if (!before || !after) return null
      if (before.kind !== after.kind) {
        throw new ServiceError('These versions are of different kinds and cannot be compared', 'to')
      }
      const framework = await repo.listFramework(db)
      const comparison =
        before.specification && after.specification
          ? compareVersions(before.specification, after.specification)
          : compareRecognitions(
              present(before.recognition, `the recognition content of version ${from}`),
              present(after.recognition, `the recognition content of version ${to}`),
            )
      const capabilities = comparison.capabilities.map((c) => ({
        ...c,
        beforePillars: groupByPillar(c.before?.frameworkCodes ?? [], framework),
        afterPillars: groupByPillar(c.after?.frameworkCodes ?? [], framework),
      }))
      return {
        credential: found.credential,
        kind: before.kind,
        from: present(
          versions.find((v) => v.number === from),
          `comparable version ${from}`,
        ),
        to: present(
          versions.find((v) => v.number === to),
          `comparable version ${to}`,
        ),
        fields: comparison.fields,
        outcomes: comparison.outcomes.map((o) => ({
          ...o,
          beforePillars: groupByPillar(o.before?.frameworkCodes ?? [], framework),
          afterPillars: groupByPillar(o.after?.frameworkCodes ?? [], framework),
        })),
        capabilities,
        counts: {
          fields: counts(comparison.fields),
          outcomes: counts(comparison.outcomes),
          capabilities: counts(capabilities),
        },
      }
    },
  }
}
