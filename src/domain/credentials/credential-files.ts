// What a file a practitioner uploads as "a credential from elsewhere" holds: an Open Badges 3.0
// credential (JSON with an embedded proof, or a VC-JOSE JWT), an Open Badges 2.0 assertion (JSON,
// a signed JWS, or the web address of a hosted one), or nothing we can use. Badge images carry
// the badge baked in (OB 3.0 §5.3 and the OB 2.0 Baking Specification): a PNG text chunk, or an
// element of an SVG. Judged by content, never by file name, since names and media types from a
// browser say little. Nothing here checks a signature or fetches anything: the verifier does the
// first, and nothing does the second.
import { inflateSync } from 'node:zlib'
import type { JsonObject } from './data-integrity.ts'
import { looksLikeJwt } from './jwt.ts'

export type BakedIn = 'png' | 'svg' | null

export type CredentialFile =
  | { kind: 'ob3-json'; credential: Record<string, unknown>; baked: BakedIn }
  | { kind: 'ob3-jwt'; jwt: string; baked: BakedIn }
  | {
      kind: 'ob2'
      assertion: Record<string, unknown> | null
      /** The hosted assertion's address, when the file gives one. */
      url: string | null
      /** The signed assertion, when the badge is a signed one. */
      jws: string | null
      baked: BakedIn
    }
  | { kind: 'unreadable'; reason: string }

export const MAX_CREDENTIAL_FILE_BYTES = 5 * 1024 * 1024

const NOT_A_BADGE =
  'The selected file is not an Open Badge: it must be an Open Badges JSON or JWT file, or a badge image (PNG or SVG) with the badge baked in'
const EMPTY = 'The selected file is empty'
const TOO_BIG = 'The selected file must be smaller than 5MB'
const DAMAGED = 'The selected image is damaged or incomplete, so the badge in it cannot be read'
const NO_BADGE =
  'The selected image has no badge baked in: upload the badge image you were given, or its Open Badges JSON or JWT file'

/** Where the text being read came from: the reasons name it. */
type Place = 'file' | 'image'
const refuse = (place: Place, detail: string): CredentialFile => ({
  kind: 'unreadable',
  reason:
    place === 'file'
      ? `The selected file is not an Open Badge: ${detail}`
      : `The badge baked into the selected image cannot be read: ${detail}`,
})
const unreadable = (reason: string): CredentialFile => ({ kind: 'unreadable', reason })

const VC_CONTEXTS = ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/2018/credentials/v1']
const OB2_CONTEXT = 'https://w3id.org/openbadges/v2'
const OB3_NAMESPACE = 'https://purl.imsglobal.org/ob/v3p0'
const OB2_NAMESPACE = 'http://openbadges.org'
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const list = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined ? [] : [value]

const isCredential = (value: JsonObject) =>
  list(value['@context']).some((c) => VC_CONTEXTS.includes(c as string)) &&
  list(value.type).includes('VerifiableCredential')
const isAssertion = (value: JsonObject) =>
  list(value['@context']).includes(OB2_CONTEXT) && list(value.type).includes('Assertion')

// Fatal, so that bytes of some other binary format are refused rather than read as mojibake.
const utf8 = new TextDecoder('utf-8', { fatal: true })

export function readCredentialFile(content: Uint8Array): CredentialFile {
  if (content.byteLength === 0) return unreadable(EMPTY)
  if (content.byteLength > MAX_CREDENTIAL_FILE_BYTES) return unreadable(TOO_BIG)
  const bytes = Buffer.from(content.buffer, content.byteOffset, content.byteLength)
  // The reason is shown to whoever uploaded the file: a case missed below must still end as a
  // refusal they can read, never as a server error.
  try {
    if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return readPng(bytes)
    let text: string
    try {
      text = utf8.decode(bytes).trim()
    } catch {
      return unreadable(NOT_A_BADGE)
    }
    if (!text) return unreadable(EMPTY)
    if (text.startsWith('<')) return rootIsSvg(text) ? readSvg(text) : unreadable(NOT_A_BADGE)
    return readText(text, null, 'file')
  } catch {
    return unreadable(NOT_A_BADGE)
  }
}

/** JSON, a compact JWS, or (where OB 2.0 allows it) the address of a hosted assertion. */
function readText(text: string, baked: BakedIn, place: Place, hostedAllowed = false): CredentialFile {
  if (looksLikeJwt(text)) return readJwt(text, baked, place)
  if (hostedAllowed && isWebAddress(text))
    return { kind: 'ob2', assertion: null, url: text, jws: null, baked }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    if (text.startsWith('{')) return refuse(place, 'its JSON is not valid')
    if (place === 'file') return unreadable(NOT_A_BADGE)
    return refuse(
      place,
      hostedAllowed ? 'it is not JSON, a JWT or a web address' : 'it is neither JSON nor a JWT',
    )
  }
  if (Array.isArray(value)) return refuse(place, 'it holds a list, not one credential')
  if (!isObject(value)) return refuse(place, 'its JSON is not a credential')
  if (isCredential(value)) return { kind: 'ob3-json', credential: value, baked }
  if (isAssertion(value)) return { kind: 'ob2', assertion: value, url: null, jws: null, baked }
  return refuse(place, 'its JSON is neither an Open Badges 3.0 credential nor an Open Badges 2.0 assertion')
}

function readJwt(jwt: string, baked: BakedIn, place: Place): CredentialFile {
  const [header, payload] = jwt.split('.', 2).map((part) => {
    try {
      return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown
    } catch {
      return undefined
    }
  })
  // Three dotted words that are not a JOSE header are just text, not a damaged JWT.
  if (!isObject(header)) return place === 'file' ? unreadable(NOT_A_BADGE) : refuse(place, 'it is not a JWT')
  if (!isObject(payload)) return refuse(place, 'its JWT cannot be read')
  // VC-JWT 1.1 wraps the credential in a vc claim; the verifier decides whether it accepts that.
  const vc = payload.vc
  if (isCredential(payload) || (isObject(vc) && list(vc.type).includes('VerifiableCredential')))
    return { kind: 'ob3-jwt', jwt, baked }
  // An OB 2.0 signed badge is a JWS whose payload is the assertion itself.
  if (isAssertion(payload)) return { kind: 'ob2', assertion: payload, url: null, jws: jwt, baked }
  return refuse(place, 'its JWT holds neither an Open Badges 3.0 credential nor an Open Badges 2.0 assertion')
}

function isWebAddress(text: string): boolean {
  if (/\s/.test(text)) return false
  try {
    const { protocol } = new URL(text)
    return protocol === 'https:' || protocol === 'http:'
  } catch {
    return false
  }
}

type Baked = { text: string } | { damaged: true }

function readPng(bytes: Buffer): CredentialFile {
  let credential: Baked | null = null
  let assertion: Baked | null = null
  let legacy: Baked | null = null
  let offset = PNG_SIGNATURE.length
  // Every chunk is length, type, data and CRC. The CRCs are not checked: the badge's signature
  // is what shows it is intact, and refusing a badge over a baker's bad CRC would help no one.
  for (;;) {
    if (offset + 12 > bytes.length) return unreadable(DAMAGED)
    const length = bytes.readUInt32BE(offset)
    const type = bytes.toString('latin1', offset + 4, offset + 8)
    const start = offset + 8
    const end = start + length
    if (end + 4 > bytes.length) return unreadable(DAMAGED)
    if (type === 'IEND') break
    if (type === 'iTXt' || type === 'tEXt') {
      const data = bytes.subarray(start, end)
      const nul = data.indexOf(0)
      const keyword = nul > 0 ? data.toString('latin1', 0, nul) : ''
      // The specs take the first chunk of each kind and discard the rest.
      if (type === 'iTXt' && keyword === 'openbadgecredential') credential ??= internationalText(data, nul)
      else if (type === 'iTXt' && keyword === 'openbadges') assertion ??= internationalText(data, nul)
      else if (type === 'tEXt' && keyword === 'openbadges')
        legacy ??= { text: data.toString('latin1', nul + 1) }
    }
    offset = end + 4
  }
  const found = credential ?? assertion ?? legacy
  if (!found) return unreadable(NO_BADGE)
  if ('damaged' in found) return refuse('image', 'it is damaged')
  const text = found.text.trim()
  if (!text) return refuse('image', 'it is empty')
  return readText(text, 'png', 'image', found !== credential)
}

/** An iTXt chunk's text: keyword, NUL, compression flag and method, language, NUL, translated keyword, NUL. */
function internationalText(data: Buffer, keywordEnd: number): Baked {
  const flag = data[keywordEnd + 1]
  const method = data[keywordEnd + 2]
  const languageEnd = data.indexOf(0, keywordEnd + 3)
  const translatedEnd = languageEnd < 0 ? -1 : data.indexOf(0, languageEnd + 1)
  if (translatedEnd < 0) return { damaged: true }
  const raw = data.subarray(translatedEnd + 1)
  if (flag === 0) return { text: raw.toString('utf8') }
  if (flag !== 1 || method !== 0) return { damaged: true }
  // The specs forbid compression, but some bakers use it. The cap stops a few kilobytes of
  // deflate from becoming gigabytes in memory.
  try {
    return { text: inflateSync(raw, { maxOutputLength: MAX_CREDENTIAL_FILE_BYTES }).toString('utf8') }
  } catch {
    return { damaged: true }
  }
}

const isXmlSpace = (code: number) => code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d

/** The index just past the token's next occurrence from that index, or -1. */
function past(text: string, token: string, from: number): number {
  const at = text.indexOf(token, from)
  return at < 0 ? -1 : at + token.length
}

/** Whether the document's root element is svg, past any declaration, comments and doctype. */
function rootIsSvg(text: string): boolean {
  let i = 0
  for (;;) {
    while (i < text.length && isXmlSpace(text.charCodeAt(i))) i++
    if (text.startsWith('<?', i)) i = past(text, '?>', i + 2)
    else if (text.startsWith('<!--', i)) i = past(text, '-->', i + 4)
    else if (text.slice(i, i + 9).toUpperCase() === '<!DOCTYPE') {
      const close = text.indexOf('>', i)
      const subset = text.indexOf('[', i)
      // An internal subset (entity declarations, as design tools write) may itself hold '>'.
      const subsetEnd = subset >= 0 && subset < close ? past(text, ']', subset) : i
      i = subsetEnd < 0 ? -1 : past(text, '>', subsetEnd)
    } else break
    if (i < 0) return false
  }
  return /^<(?:[^\s/<>:]+:)?svg[\s/>]/.test(text.slice(i, i + 64))
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

function readSvg(text: string): CredentialFile {
  // Bakers write the openbadges prefix, but XML lets a document bind any prefix to the namespace.
  const prefixes = new Set(['openbadges'])
  for (const m of text.matchAll(/\sxmlns:([^\s=/<>"']+)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/g)) {
    const uri = (m[2] ?? m[3] ?? '').trim().replace(/\/$/, '')
    if (m[1] && (uri === OB3_NAMESPACE || uri === OB2_NAMESPACE)) prefixes.add(m[1])
  }

  const credential = element(text, prefixes, 'credential')
  if (credential) {
    const verify = credential.attributes.get('verify')?.trim()
    const body = verify || credential.body
    if (!body) return refuse('image', 'it is empty')
    return readText(body, 'svg', 'image')
  }

  const assertion = element(text, prefixes, 'assertion')
  if (!assertion) return unreadable(NO_BADGE)
  // OB 2.0: a signed badge's JWS, or a hosted one's address, in verify; a hosted one's assertion
  // may also be in the body.
  const verify = assertion.attributes.get('verify')?.trim() ?? ''
  if (!assertion.body) return verify ? readText(verify, 'svg', 'image', true) : refuse('image', 'it is empty')
  const read = readText(assertion.body, 'svg', 'image')
  if (read.kind !== 'ob2') return read
  return {
    ...read,
    url: read.url ?? (isWebAddress(verify) ? verify : null),
    jws: read.jws ?? (looksLikeJwt(verify) ? verify : null),
  }
}

/**
 * The first element of that local name in one of the prefixes: its attributes, and its body's
 * text (CDATA sections joined, or else the text with entities decoded), trimmed. Attribute names
 * and values stop at '<', which XML forbids in both, so no match can run on past the next tag.
 */
function element(
  text: string,
  prefixes: Set<string>,
  local: string,
): { attributes: Map<string, string>; body: string } | null {
  const names = [...prefixes].map(escapeRegExp).join('|')
  const open = new RegExp(
    `<(${names}):${local}((?:\\s+[^\\s=/<>"']+\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*(/?)>`,
  ).exec(text)
  if (!open) return null
  const attributes = new Map<string, string>()
  for (const m of (open[2] ?? '').matchAll(/([^\s=/<>"']+)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/g)) {
    const name = m[1]
    if (name && !attributes.has(name)) attributes.set(name, decodeEntities(m[2] ?? m[3] ?? ''))
  }
  if (open[3]) return { attributes, body: '' }
  const start = open.index + open[0].length
  const end = text.indexOf(`</${open[1]}:${local}`, start)
  return { attributes, body: end < 0 ? '' : bodyText(text.slice(start, end)) }
}

function bodyText(body: string): string {
  const sections: string[] = []
  // indexOf rather than a lazy regular expression: many unclosed sections would make that quadratic.
  for (let at = body.indexOf('<![CDATA['); at >= 0; at = body.indexOf('<![CDATA[', at)) {
    const close = body.indexOf(']]>', at + 9)
    if (close < 0) break
    sections.push(body.slice(at + 9, close))
    at = close + 3
  }
  return (sections.length ? sections.join('') : decodeEntities(body)).trim()
}

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

function decodeEntities(text: string): string {
  return text.replace(
    /&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|(lt|gt|amp|quot|apos));/g,
    (whole, decimal?: string, hex?: string, name?: string) => {
      if (name) return NAMED_ENTITIES[name] ?? whole
      const code = decimal ? Number(decimal) : parseInt(hex ?? '', 16)
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole
    },
  )
}
