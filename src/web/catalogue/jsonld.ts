// schema.org structured data for the catalogue's pages, embedded in each page for search
// engines and course finders: a credential as an EducationalOccupationalCredential, the
// catalogue as an ItemList of the credentials on the page. Only schema.org's own terms.
import { typeLabel } from '../../domain/catalogue.ts'
import { assurance, credentialDescription } from '../../domain/ctdl.ts'
import type { CredentialDetail, CredentialSummary } from '../../services/catalogue.ts'
import { FRAMEWORK_NAME } from '../../services/publication.ts'

type Json = Record<string, unknown>

const CENTRE_NAME = 'Centre for Advancing Practice'

/**
 * JSON to put inside a <script> element: `<` (so no "</script>" or "<!--"), `>` and `&` written
 * as \u escapes, which JSON reads back as the same characters, and the two line separators
 * that older JavaScript parsers took for line ends.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}

const credentialUrl = (base: string, slug: string) => `${base}/credentials/${encodeURIComponent(slug)}`

function brief(base: string, c: CredentialSummary): Json {
  const url = credentialUrl(base, c.slug)
  return {
    '@type': 'EducationalOccupationalCredential',
    '@id': url,
    url,
    name: c.title,
    credentialCategory: typeLabel(c.type),
    ...(c.level !== null ? { educationalLevel: `Level ${c.level}` } : {}),
  }
}

export function credentialJsonLd(base: string, c: CredentialDetail): Json {
  const framework = `${base}/framework`
  const centre = { '@type': 'Organization', name: CENTRE_NAME, url: `${base}/about` }
  return {
    '@context': 'https://schema.org',
    ...brief(base, c),
    description: credentialDescription({
      title: c.title,
      summary: c.summary,
      level: c.level,
      origin: c.origin,
      owner: c.owner,
      areaName: c.area.name,
    }),
    inLanguage: 'en-GB',
    about: {
      '@type': 'Thing',
      name: c.area.name,
      url: `${base}/credentials?area=${encodeURIComponent(c.area.slug)}`,
    },
    ...(assurance(c.status, c.origin) ? { recognizedBy: centre } : {}),
    ...(c.owner
      ? {
          author: {
            '@type': 'Organization',
            name: c.owner.name,
            ...(c.owner.url ? { url: c.owner.url } : {}),
          },
        }
      : c.origin === 'centre'
        ? { author: centre }
        : {}),
    ...(c.competencies?.length
      ? {
          competencyRequired: c.competencies.map((k) => ({
            '@type': 'DefinedTerm',
            '@id': `${framework}#capability-${k.code}`,
            termCode: k.code,
            name: k.label,
            description: `A capability of the pillar "${k.pillar}"`,
            inDefinedTermSet: {
              '@type': 'DefinedTermSet',
              '@id': framework,
              name: FRAMEWORK_NAME,
              url: framework,
            },
          })),
        }
      : {}),
    ...(c.providers?.length
      ? {
          offers: c.providers.map((p) => ({
            '@type': 'Offer',
            category: p.mode,
            availabilityStarts: p.startDate,
            offeredBy: { '@type': 'Organization', name: p.name, ...(p.website ? { url: p.website } : {}) },
          })),
        }
      : {}),
  }
}

/** The credentials listed on a page of the catalogue, in the page's order. */
export function catalogueJsonLd(base: string, pageUrl: string, items: readonly CredentialSummary[]): Json {
  return {
    '@context': 'https://schema.org',
    '@type': 'ItemList',
    name: 'Credentials by clinical area',
    url: pageUrl,
    numberOfItems: items.length,
    itemListElement: items.map((c, index) => ({
      '@type': 'ListItem',
      position: index + 1,
      item: brief(base, c),
    })),
  }
}
