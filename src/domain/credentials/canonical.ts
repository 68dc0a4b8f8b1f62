// RDFC-1.0 canonical N-Quads of a JSON-LD document, fast for documents of shapes seen before.
//
// Turning JSON-LD into RDF (expanding it against its contexts) costs milliseconds; putting the
// resulting quads in canonical form costs a tenth of that. Credentials of one shape (the same
// keys, the same types, the same number of items) differ only in some strings, and JSON-LD
// copies a string into its quad unchanged: as a literal's text, or, where the context makes it
// an IRI, as the IRI itself when it is already absolute. So each shape is turned into RDF once,
// with numbered placeholders in place of those strings, and each document of that shape fills
// its own strings into a copy of those quads before the canonical form is taken.
//
// What keeps this identical to the jsonld library: only strings under VARYING keys are
// replaced; a string that lands in an IRI position must be an absolute IRI with a scheme no
// context defines as a term; a placeholder found anywhere but as a whole term's value rules the
// shape out; and the first document of every shape is also put through jsonld itself, and the
// shape is used only if both agree. Anything else goes the slow way, through jsonld.
import jsonld from 'jsonld'
import * as rdfCanonize from 'rdf-canonize'
import { documentLoader } from './contexts.ts'

type Json = { [key: string]: unknown }

/** Keys whose string values differ between documents of one shape. */
const VARYING = new Set([
  'id',
  'name',
  'description',
  'narrative',
  'identityHash',
  'salt',
  'validFrom',
  'validUntil',
  'created',
  'verificationMethod',
  'statusListIndex',
  'statusListCredential',
  'encodedList',
  'url',
  'targetCode',
  'targetName',
  'targetUrl',
])

const PLACEHOLDER = /^https:\/\/placeholder\.invalid\/(\d+)$/
const placeholder = (n: number) => `https://placeholder.invalid/${n}`
// Schemes no context we bundle defines as a term, so an IRI with one is never re-expanded.
const SAFE_IRI = /^(?:https?|did|urn):[^\s<>"{}|\\^`]*$/

interface Term {
  termType: string
  value: string
  datatype?: Term
  language?: string
}
interface Quad {
  subject: Term
  predicate: Term
  object: Term
  graph: Term
}

interface Template {
  quads: Quad[]
  /** Set once the first document of the shape agreed with jsonld; false once it did not. */
  agreed: boolean | undefined
}

/** How many documents went each way (for tests and the benchmark). */
export const canonicalStats = { fast: 0, slow: 0 }

const MAX_SHAPES = 1000
const MAX_SHAPE_CHARS = 64 * 1024
const templates = new Map<string, Template>()

/** The document with its varying strings numbered, and those strings in order. */
function shapeOf(document: unknown): { shape: unknown; values: string[] } | null {
  const values: string[] = []
  let clean = true
  const walk = (value: unknown, key: string | null): unknown => {
    if (typeof value === 'string' && key !== null && VARYING.has(key)) {
      values.push(value)
      return placeholder(values.length - 1)
    }
    // A document that holds our placeholders' address itself must never be confused with one.
    if (typeof value === 'string' && value.includes('placeholder.invalid')) clean = false
    if (Array.isArray(value)) return value.map((item) => walk(item, key))
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, walk(v, k)]))
    }
    return value
  }
  const shape = walk(document, null)
  return clean ? { shape, values } : null
}

/** A copy of the template's quads with the document's strings, or null when one does not fit. */
function fill(quads: Quad[], values: string[]): Quad[] | null {
  let fits = true
  const term = (t: Term): Term => {
    const match = PLACEHOLDER.exec(t.value)
    const datatype = t.datatype && term(t.datatype)
    if (!match) {
      if (t.value.includes('placeholder.invalid')) fits = false
      return datatype ? { ...t, datatype } : t
    }
    const value = values[Number(match[1])]
    if (value === undefined) throw new Error(`No value for the placeholder ${t.value}`)
    if (t.termType === 'NamedNode' && !SAFE_IRI.test(value)) fits = false
    if (t.termType !== 'NamedNode' && t.termType !== 'Literal') fits = false
    return datatype ? { ...t, value, datatype } : { ...t, value }
  }
  // Two placeholders may turn out to be one IRI (an issuer that also endorses): JSON-LD then
  // merges the two nodes, so a quad they both had appears once. A dataset is a set.
  const seen = new Set<string>()
  const filled: Quad[] = []
  for (const q of quads) {
    const quad = {
      subject: term(q.subject),
      predicate: term(q.predicate),
      object: term(q.object),
      graph: term(q.graph),
    }
    const key = JSON.stringify([quad.subject, quad.predicate, quad.object, quad.graph])
    if (seen.has(key)) continue
    seen.add(key)
    filled.push(quad)
  }
  return fits ? filled : null
}

const options = { documentLoader, safe: true }
const toRdf = jsonld.toRDF as unknown as (input: unknown, options: object) => Promise<Quad[]>
const canonize = (dataset: Quad[]) =>
  rdfCanonize.canonize(dataset, { algorithm: 'RDFC-1.0', format: 'application/n-quads' }) as Promise<string>

/** The canonical N-Quads through the jsonld library alone. */
export async function canonicalNQuadsByJsonld(document: Json): Promise<string> {
  canonicalStats.slow++
  return canonize(await toRdf(document, options))
}

/** The canonical N-Quads, the fast way when the document's shape allows it (see above). */
export async function canonicalNQuads(document: Json): Promise<string> {
  const shaped = shapeOf(document)
  if (!shaped) return canonicalNQuadsByJsonld(document)
  const { shape, values } = shaped
  const key = JSON.stringify(shape)
  // Our credentials' shapes are a few kilobytes; a large document (anyone can paste one into
  // /verify) is not worth keeping, and must not fill the memory.
  if (key.length > MAX_SHAPE_CHARS) return canonicalNQuadsByJsonld(document)
  let template = templates.get(key)
  if (!template) {
    if (templates.size >= MAX_SHAPES) templates.clear()
    template = { quads: await toRdf(shape, options), agreed: undefined }
    templates.set(key, template)
  }
  if (template.agreed === false) return canonicalNQuadsByJsonld(document)
  const filled = fill(template.quads, values)
  if (!filled) return canonicalNQuadsByJsonld(document)
  const fast = await canonize(filled)
  if (template.agreed === undefined) {
    const slow = await canonicalNQuadsByJsonld(document)
    template.agreed = slow === fast
    return slow
  }
  canonicalStats.fast++
  return fast
}
