// A published version as JSON-LD: schema.org's EducationalOccupationalCredential for what
// schema.org can say, and a small vocabulary of our own (prefix "apc") for what it cannot:
// learning outcomes, area capabilities and their mapping, entry routes, assessment, credits,
// the endorsement decision and a recognition crosswalk. Nothing is fetched to build it.
import { isInterventionType, typeLabel } from '../../domain/catalogue.ts'
import {
  FRAMEWORK_NAME,
  LICENCE,
  type MappedCapability,
  type PublishedVersion,
} from '../../services/publication.ts'

export const VOCABULARY_PATH = '/specification-vocabulary'
export const JSON_LD_TYPE = 'application/ld+json'

const CENTRE = { '@type': 'Organization', name: 'Centre for Advancing Practice' }

const STATUS: Record<PublishedVersion['state'], string> = {
  published: 'Published',
  superseded: 'Superseded',
  withdrawn: 'Withdrawn',
}

type Json = Record<string, unknown>

function definedTermSet(version: PublishedVersion): Json {
  return { '@type': 'DefinedTermSet', '@id': version.urls.framework, name: FRAMEWORK_NAME }
}

/** Each framework capability once, in the framework's order, as a schema.org DefinedTerm. */
function frameworkTerms(version: PublishedVersion): Json[] {
  const seen = new Map<string, Json>()
  for (const capability of version.mapped) {
    for (const pillar of capability.pillars) {
      for (const ref of pillar.capabilities) {
        if (seen.has(ref.code) || ref.label === null) continue
        seen.set(ref.code, {
          '@type': 'DefinedTerm',
          '@id': `${version.urls.framework}#capability-${ref.code}`,
          termCode: ref.code,
          name: ref.label,
          'apc:pillar': pillar.name,
          inDefinedTermSet: definedTermSet(version),
        })
      }
    }
  }
  return [...seen.values()].sort((a, b) =>
    String(a.termCode).localeCompare(String(b.termCode), 'en', { numeric: true }),
  )
}

function capability(version: PublishedVersion, c: MappedCapability, type: string): Json {
  return {
    '@type': type,
    identifier: c.code,
    text: c.text,
    'apc:mapsTo': c.frameworkCodes.map((code) => ({ '@id': `${version.urls.framework}#capability-${code}` })),
  }
}

export function toJsonLd(version: PublishedVersion): Json {
  const { credential } = version
  const category = isInterventionType(credential.type) ? typeLabel(credential.type) : credential.type
  const common: Json = {
    '@context': [
      'https://schema.org',
      {
        apc: `${version.urls.site}${VOCABULARY_PATH}#`,
        'apc:mapsTo': { '@type': '@id' },
        'apc:latestVersion': { '@type': '@id' },
        'apc:previousVersion': { '@type': '@id' },
      },
    ],
    '@type': 'EducationalOccupationalCredential',
    '@id': version.urls.page,
    url: version.urls.page,
    name: credential.title,
    version: String(version.number),
    datePublished: version.publishedAt.toISOString(),
    creativeWorkStatus: STATUS[version.state],
    credentialCategory: version.kind === 'recognition' ? `Recognised ${category.toLowerCase()}` : category,
    about: {
      '@type': 'Thing',
      name: credential.area.name,
      url: `${version.urls.site}/credentials?area=${credential.area.slug}`,
    },
    inLanguage: 'en-GB',
    license: LICENCE.url,
    recognizedBy: CENTRE,
    competencyRequired: frameworkTerms(version),
    encoding: [
      { '@type': 'MediaObject', encodingFormat: 'application/pdf', contentUrl: version.urls.pdf },
      { '@type': 'MediaObject', encodingFormat: 'text/html', contentUrl: version.urls.page },
    ],
    'apc:latestVersion': version.urls.latest,
    ...(version.previous ? { 'apc:previousVersion': `${version.urls.site}${version.previous.path}` } : {}),
    'apc:withdrawn': version.withdrawn,
    ...(version.decision
      ? {
          'apc:decision': {
            '@type': 'apc:EndorsementDecision',
            name: version.decision.label,
            ...(version.decision.conditions ? { 'apc:conditions': version.decision.conditions } : {}),
            ...(version.decidedAt ? { dateCreated: version.decidedAt.toISOString() } : {}),
            agent: CENTRE,
          },
        }
      : {}),
  }

  const spec = version.specification
  if (spec) {
    return {
      ...common,
      description: spec.purpose,
      abstract: spec.scope,
      ...(spec.level !== null ? { educationalLevel: `Level ${spec.level}` } : {}),
      audience: spec.targetProfessions.map((p) => ({ '@type': 'Audience', audienceType: p })),
      author: CENTRE,
      'apc:entryRequirements': {
        '@type': 'apc:EntryRequirements',
        'apc:mastersRoute': spec.entryRequirements.mastersRoute,
        'apc:equivalence': spec.entryRequirements.equivalence,
      },
      'apc:learningOutcome': spec.outcomes.map((o) => ({
        '@type': 'apc:LearningOutcome',
        identifier: o.code,
        text: o.text,
      })),
      'apc:areaCapability': version.mapped.map((c) => capability(version, c, 'apc:AreaCapability')),
      'apc:assessmentStrategy': spec.assessmentStrategy,
      ...(spec.credits !== null ? { 'apc:credits': spec.credits } : {}),
    }
  }
  const recognition = version.recognition
  if (!recognition) throw new Error('A recognised credential has no recognition details to publish')
  return {
    ...common,
    description: recognition.summary,
    author: {
      '@type': 'Organization',
      name: recognition.ownerName,
      ...(recognition.ownerUrl ? { url: recognition.ownerUrl } : {}),
    },
    isBasedOn: recognition.documentUrl,
    'apc:crosswalk': version.mapped.map((c) => capability(version, c, 'apc:CrosswalkRow')),
  }
}
