// Expanding our structured data with the jsonld library, offline, and checking that no term
// was dropped on the way: each key and type a document uses must come out as an IRI of the
// vocabulary it claims. A term that the context does not define would vanish silently in
// plain JSON-LD; here the test fails, naming it.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import jsonld from 'jsonld'

type Json = Record<string, unknown>

export const SCHEMA_ORG = 'https://schema.org/'

/**
 * Every schema.org term the catalogue's pages use, each a class or property of schema.org's
 * vocabulary (its pages at https://schema.org/{term}). The test context defines these and no
 * others, so a misspelt or invented term is dropped by the expansion and caught below.
 */
export const SCHEMA_ORG_TERMS = [
  // classes
  'EducationalOccupationalCredential',
  'Organization',
  'Thing',
  'DefinedTerm',
  'DefinedTermSet',
  'Offer',
  'ItemList',
  'ListItem',
  // properties
  'name',
  'description',
  'url',
  'inLanguage',
  'about',
  'author',
  'credentialCategory',
  'educationalLevel',
  'recognizedBy',
  'competencyRequired',
  'termCode',
  'inDefinedTermSet',
  'offers',
  'offeredBy',
  'category',
  'availabilityStarts',
  'numberOfItems',
  'itemListElement',
  'position',
  'item',
] as const

const schemaOrgContext = {
  '@context': Object.fromEntries(SCHEMA_ORG_TERMS.map((term) => [term, { '@id': `${SCHEMA_ORG}${term}` }])),
}

/**
 * A minimal stand-in for CTDL's published context (https://credreg.net/ctdl/schema/context/json),
 * which cannot be fetched here: the ceterms: and ceasn: prefixes as their namespaces, with the
 * language maps and references the published context declares for the properties we use.
 */
export const CTDL_TEST_CONTEXT = JSON.parse(
  readFileSync(new URL('./ctdl-context.json', import.meta.url), 'utf8'),
) as { '@context': Record<string, unknown> }

export const CTDL_NAMESPACES = ['https://purl.org/ctdl/terms/', 'https://purl.org/ctdlasn/terms/']

const LOCAL_CONTEXTS = new Map<string, unknown>([
  ['https://schema.org', schemaOrgContext],
  ['https://schema.org/', schemaOrgContext],
  ['https://credreg.net/ctdl/schema/context/json', CTDL_TEST_CONTEXT],
])

/** Resolves the two contexts from memory and refuses every other URL: nothing is fetched. */
async function documentLoader(url: string) {
  const document = LOCAL_CONTEXTS.get(url)
  if (document === undefined) throw new Error(`The test fetches no context: ${url}`)
  return { contextUrl: null, documentUrl: url, document }
}

/** Language-map properties of the CTDL test context: their keys are languages, not terms. */
const languageMaps = new Set(
  Object.entries(CTDL_TEST_CONTEXT['@context'])
    .filter(([, definition]) => (definition as Json)['@container'] === '@language')
    .map(([term]) => term),
)

/** Every key (other than keywords) and every @type a compact document uses. */
function termsUsed(value: unknown, terms = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) termsUsed(item, terms)
  } else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '@context') continue
      if (key === '@type') for (const type of [inner].flat()) terms.add(String(type))
      else if (!key.startsWith('@')) terms.add(key)
      if (!languageMaps.has(key)) termsUsed(inner, terms)
    }
  }
  return terms
}

/** Every property IRI and type IRI of an expanded document. */
function iris(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) iris(item, found)
  } else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '@type') for (const type of [inner].flat()) found.add(String(type))
      else if (!key.startsWith('@')) found.add(key)
      iris(inner, found)
    }
  }
  return found
}

/**
 * Expands `document` in jsonld's safe mode (which refuses to drop a term) and checks that each
 * term it uses became an IRI in one of `namespaces`, and that every IRI of the expansion is in
 * one of them. `expandTerm` says what IRI a term should become. Returns the expanded IRIs.
 */
export async function expandWithoutDrops(
  document: unknown,
  namespaces: readonly string[],
  expandTerm: (term: string) => string,
): Promise<Set<string>> {
  // The library's types want a loader of another shape; this one is what it calls.
  const expand = jsonld.expand as unknown as (input: unknown, options: object) => Promise<unknown[]>
  const expanded = await expand(document, { documentLoader, safe: true })
  assert.ok(expanded.length > 0, 'the document expands to something')
  const found = iris(expanded)
  for (const iri of found)
    assert.ok(
      namespaces.some((ns) => iri.startsWith(ns)),
      `${iri} is a term of ${namespaces.join(' or ')}`,
    )
  for (const term of termsUsed(document)) {
    const iri = expandTerm(term)
    assert.ok(found.has(iri), `the term ${term} survives expansion as ${iri}`)
  }
  return found
}

export const schemaOrgTerm = (term: string) => `${SCHEMA_ORG}${term}`

export const ctdlTerm = (term: string) => {
  const [prefix, local] = term.split(':')
  if (prefix === 'ceterms') return `${CTDL_NAMESPACES[0]}${local}`
  if (prefix === 'ceasn') return `${CTDL_NAMESPACES[1]}${local}`
  return term
}
