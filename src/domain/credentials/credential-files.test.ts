// Every image here is built byte by byte as the baking specifications describe (PNG chunks with
// real CRCs, SVG with the openbadges elements), so the reader is judged against the format, not
// against files it wrote itself.
import assert from 'node:assert/strict'
import { createHash, generateKeyPairSync, sign } from 'node:crypto'
import { describe, it } from 'node:test'
import { crc32, deflateSync } from 'node:zlib'
import { MAX_CREDENTIAL_FILE_BYTES, readCredentialFile, type CredentialFile } from './credential-files.ts'
import { signJwt } from './jwt.ts'

const ob3Credential = {
  '@context': [
    'https://www.w3.org/ns/credentials/v2',
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
  ],
  id: 'urn:uuid:2f0a5c1e-7b1d-4c8e-9f2a-3d4b5c6d7e8f',
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  issuer: { id: 'did:web:example.ac.uk', type: ['Profile'], name: 'Université d’Exemple' },
  validFrom: '2025-01-01T00:00:00Z',
  name: 'Advanced clinical practice — Level 7',
  credentialSubject: {
    type: ['AchievementSubject'],
    achievement: { id: 'https://example.ac.uk/achievements/1', type: ['Achievement'], name: 'ACP' },
  },
  proof: {
    type: 'DataIntegrityProof',
    cryptosuite: 'eddsa-rdfc-2022',
    verificationMethod: 'did:web:example.ac.uk#key-1',
    proofPurpose: 'assertionMethod',
    proofValue: 'z3FXQjecWufY46yg5abdVZsXqLhxhueuSoZgNSARiKBk9czhSePTFehP8c3PGfb6a22gkfUKKKmRXB3zvg2t8Lpfs',
  },
}

const ob2Assertion = {
  '@context': 'https://w3id.org/openbadges/v2',
  id: 'https://badges.example.org/assertions/123',
  type: 'Assertion',
  recipient: { type: 'email', hashed: false, identity: 'alice@example.org' },
  badge: 'https://badges.example.org/badges/5',
  issuedOn: '2019-06-30T23:59:59+00:00',
  verification: { type: 'hosted' },
}

const { privateKey: edKey } = generateKeyPairSync('ed25519')
const ob3Jwt = signJwt(ob3Credential, {
  privateKey: edKey,
  verificationMethod: 'did:web:example.ac.uk#key-1',
})

// OB 2.0 signed badges were RS256 JWS with the assertion as the payload.
const { privateKey: rsaKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
function jws(header: object, payload: object): string {
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`
  return `${input}.${sign('sha256', Buffer.from(input), rsaKey).toString('base64url')}`
}
const ob2Jws = jws(
  { alg: 'RS256' },
  { ...ob2Assertion, verification: { type: 'signed', creator: 'https://badges.example.org/key' } },
)

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'latin1')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0)
  return Buffer.concat([head, data, crc])
}

/** A 1×1 greyscale PNG, the given chunks after IHDR and `tail` after IDAT. */
function png(chunks: Buffer[], tail: Buffer[] = []): Buffer {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(1, 0)
  ihdr.writeUInt32BE(1, 4)
  ihdr[8] = 8 // bit depth; colour type, compression, filter and interlace stay 0
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', ihdr),
    ...chunks,
    chunk('IDAT', deflateSync(Buffer.from([0, 0x80]))),
    ...tail,
    chunk('IEND', Buffer.alloc(0)),
  ])
}

function iTXt(keyword: string, text: string, options: { compressed?: boolean } = {}): Buffer {
  const body = options.compressed ? deflateSync(Buffer.from(text, 'utf8')) : Buffer.from(text, 'utf8')
  return chunk(
    'iTXt',
    Buffer.concat([
      Buffer.from(keyword, 'latin1'),
      Buffer.from([0, options.compressed ? 1 : 0, 0]),
      Buffer.from('en-GB', 'latin1'),
      Buffer.from([0]),
      Buffer.from('Open Badge', 'utf8'),
      Buffer.from([0]),
      body,
    ]),
  )
}

const tEXt = (keyword: string, text: string) =>
  chunk(
    'tEXt',
    Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0]), Buffer.from(text, 'latin1')]),
  )

const svg = (inner: string, namespaces = 'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"') =>
  Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [
  <!ENTITY ns_svg "http://www.w3.org/2000/svg">
]>
<!-- Made by a design tool > with a stray bracket -->
<svg xmlns="http://www.w3.org/2000/svg" ${namespaces} viewBox="0 0 512 512">
  ${inner}
  <circle cx="256" cy="256" r="200" fill="#005eb8"/>
</svg>
`,
    'utf8',
  )

const text = (value: string) => Buffer.from(value, 'utf8')

function reason(file: CredentialFile): string {
  assert.equal(file.kind, 'unreadable', `expected a refusal, got ${JSON.stringify(file).slice(0, 200)}`)
  return file.kind === 'unreadable' ? file.reason : ''
}

const NOT_A_BADGE =
  'The selected file is not an Open Badge: it must be an Open Badges JSON or JWT file, or a badge image (PNG or SVG) with the badge baked in'

describe('readCredentialFile: JSON and JWT files', () => {
  it('reads an OB 3.0 credential as JSON, with Data Model 2.0 or 1.1 contexts, a byte-order mark or not', () => {
    assert.deepEqual(readCredentialFile(text(JSON.stringify(ob3Credential, null, 2))), {
      kind: 'ob3-json',
      credential: ob3Credential,
      baked: null,
    })
    const v1 = {
      ...ob3Credential,
      '@context': [
        'https://www.w3.org/2018/credentials/v1',
        'https://purl.imsglobal.org/spec/ob/v3p0/context.json',
      ],
    }
    assert.deepEqual(readCredentialFile(text(`\ufeff${JSON.stringify(v1)}\n`)), {
      kind: 'ob3-json',
      credential: v1,
      baked: null,
    })
  })

  it('reads an OB 3.0 JWT, trimmed, and a VC-JWT 1.1 one whose credential is in the vc claim', () => {
    assert.deepEqual(readCredentialFile(text(`${ob3Jwt}\r\n`)), { kind: 'ob3-jwt', jwt: ob3Jwt, baked: null })
    const wrapped = jws(
      { alg: 'RS256', typ: 'JWT' },
      {
        iss: 'did:web:example.ac.uk',
        vc: { '@context': ob3Credential['@context'], type: ob3Credential.type },
      },
    )
    assert.deepEqual(readCredentialFile(text(wrapped)), { kind: 'ob3-jwt', jwt: wrapped, baked: null })
  })

  it('reads an OB 2.0 assertion as JSON, and a signed one as its JWS', () => {
    assert.deepEqual(readCredentialFile(text(JSON.stringify(ob2Assertion))), {
      kind: 'ob2',
      assertion: ob2Assertion,
      url: null,
      jws: null,
      baked: null,
    })
    const read = readCredentialFile(text(ob2Jws))
    assert.equal(read.kind, 'ob2')
    assert.equal(read.kind === 'ob2' && read.jws, ob2Jws)
    assert.deepEqual(read.kind === 'ob2' && read.assertion?.verification, {
      type: 'signed',
      creator: 'https://badges.example.org/key',
    })
  })

  it('reads bytes that are a view into a larger buffer', () => {
    const whole = Buffer.concat([Buffer.from('junk'), text(ob3Jwt), Buffer.from('junk')])
    const view = new Uint8Array(whole.buffer, whole.byteOffset + 4, ob3Jwt.length)
    assert.deepEqual(readCredentialFile(view), { kind: 'ob3-jwt', jwt: ob3Jwt, baked: null })
  })

  it('refuses JSON that is a list, not an object, not a badge, or not valid', () => {
    assert.match(reason(readCredentialFile(text(JSON.stringify([ob3Credential])))), /holds a list/)
    assert.match(reason(readCredentialFile(text('"just text"'))), /its JSON is not a credential/)
    assert.match(
      reason(
        readCredentialFile(text(JSON.stringify({ '@context': ['https://www.w3.org/ns/credentials/v2'] }))),
      ),
      /neither an Open Badges 3\.0 credential nor an Open Badges 2\.0 assertion/,
    )
    assert.match(reason(readCredentialFile(text('{"@context": '))), /its JSON is not valid/)
  })

  it('refuses a JWT that holds no badge, and three dotted words that are no JWT', () => {
    assert.match(
      reason(readCredentialFile(text(jws({ alg: 'RS256' }, { sub: 'someone', name: 'Not a badge' })))),
      /its JWT holds neither/,
    )
    assert.equal(reason(readCredentialFile(text('readme.first.please'))), NOT_A_BADGE)
  })

  it('refuses an empty file, one of only white space, and one over 5MB', () => {
    assert.equal(reason(readCredentialFile(new Uint8Array(0))), 'The selected file is empty')
    assert.equal(reason(readCredentialFile(text(' \n\t '))), 'The selected file is empty')
    assert.equal(
      reason(readCredentialFile(new Uint8Array(MAX_CREDENTIAL_FILE_BYTES + 1).fill(0x20))),
      'The selected file must be smaller than 5MB',
    )
    // 5MB itself is allowed: it is refused for what it holds, not its size.
    assert.equal(MAX_CREDENTIAL_FILE_BYTES, 5 * 1024 * 1024)
    assert.equal(
      reason(readCredentialFile(new Uint8Array(MAX_CREDENTIAL_FILE_BYTES).fill(0x20))),
      'The selected file is empty',
    )
  })

  it('refuses random bytes, a PDF, a web address and an HTML page as not an Open Badge', () => {
    let seed = Buffer.from('seed')
    const random = Buffer.concat(
      Array.from({ length: 64 }, () => (seed = createHash('sha256').update(seed).digest())),
    )
    assert.equal(reason(readCredentialFile(random)), NOT_A_BADGE)
    const pdf = Buffer.concat([
      text('%PDF-1.7\n%'),
      Buffer.from([0xe2, 0xe3, 0xcf, 0xd3]),
      text('\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n'),
    ])
    assert.equal(reason(readCredentialFile(pdf)), NOT_A_BADGE)
    assert.equal(reason(readCredentialFile(text('https://badges.example.org/assertions/123'))), NOT_A_BADGE)
    assert.equal(
      reason(readCredentialFile(text('<!DOCTYPE html><html><body><svg></svg></body></html>'))),
      NOT_A_BADGE,
    )
  })
})

describe('readCredentialFile: baked PNG', () => {
  it('reads an OB 3.0 credential baked as JSON, whether the chunk comes before or after the image data', () => {
    const expected = { kind: 'ob3-json', credential: ob3Credential, baked: 'png' }
    const chunkOf = iTXt('openbadgecredential', JSON.stringify(ob3Credential))
    assert.deepEqual(readCredentialFile(png([chunkOf])), expected)
    assert.deepEqual(readCredentialFile(png([], [chunkOf])), expected)
  })

  it('reads an OB 3.0 credential baked as a JWT', () => {
    assert.deepEqual(readCredentialFile(png([iTXt('openbadgecredential', ob3Jwt)])), {
      kind: 'ob3-jwt',
      jwt: ob3Jwt,
      baked: 'png',
    })
  })

  it('reads a compressed iTXt chunk, though the specs forbid compression', () => {
    assert.deepEqual(
      readCredentialFile(
        png([iTXt('openbadgecredential', JSON.stringify(ob3Credential), { compressed: true })]),
      ),
      { kind: 'ob3-json', credential: ob3Credential, baked: 'png' },
    )
    assert.deepEqual(readCredentialFile(png([iTXt('openbadgecredential', ob3Jwt, { compressed: true })])), {
      kind: 'ob3-jwt',
      jwt: ob3Jwt,
      baked: 'png',
    })
  })

  it('refuses a compressed chunk that would inflate past 5MB, or does not inflate at all', () => {
    const bomb = deflateSync(Buffer.alloc(MAX_CREDENTIAL_FILE_BYTES + 1, 0x20))
    assert.ok(bomb.length < 10_000)
    const raw = (body: Buffer) =>
      chunk('iTXt', Buffer.concat([Buffer.from('openbadgecredential\0\x01\x00\0\0', 'latin1'), body]))
    assert.match(reason(readCredentialFile(png([raw(bomb)]))), /baked into the selected image .*damaged/)
    assert.match(reason(readCredentialFile(png([raw(text('not deflate'))]))), /damaged/)
    // PNG defines only compression method 0, so another is refused even when its bytes inflate.
    const unknownMethod = chunk(
      'iTXt',
      Buffer.concat([Buffer.from('openbadgecredential\0\x01\x01\0\0', 'latin1'), deflateSync(ob3Jwt)]),
    )
    assert.match(reason(readCredentialFile(png([unknownMethod]))), /damaged/)
  })

  it('reads an OB 2.0 assertion baked as JSON, as a hosted address, and as a signed JWS', () => {
    assert.deepEqual(readCredentialFile(png([iTXt('openbadges', JSON.stringify(ob2Assertion))])), {
      kind: 'ob2',
      assertion: ob2Assertion,
      url: null,
      jws: null,
      baked: 'png',
    })
    assert.deepEqual(readCredentialFile(png([iTXt('openbadges', ob2Assertion.id)])), {
      kind: 'ob2',
      assertion: null,
      url: ob2Assertion.id,
      jws: null,
      baked: 'png',
    })
    const signed = readCredentialFile(png([iTXt('openbadges', ob2Jws)]))
    assert.equal(signed.kind, 'ob2')
    assert.equal(signed.kind === 'ob2' && signed.jws, ob2Jws)
    assert.equal(signed.kind === 'ob2' && signed.assertion?.id, ob2Assertion.id)
    assert.equal(signed.kind === 'ob2' && signed.baked, 'png')
  })

  it('reads the legacy tEXt chunk holding a hosted assertion’s address', () => {
    assert.deepEqual(
      readCredentialFile(png([tEXt('Software', 'A badge maker'), tEXt('openbadges', ob2Assertion.id)])),
      {
        kind: 'ob2',
        assertion: null,
        url: ob2Assertion.id,
        jws: null,
        baked: 'png',
      },
    )
  })

  it('takes the OB 3.0 credential when an image carries both, and the first of each kind', () => {
    const read = readCredentialFile(
      png([
        iTXt('openbadges', JSON.stringify(ob2Assertion)),
        iTXt('openbadgecredential', ob3Jwt),
        iTXt('openbadgecredential', JSON.stringify(ob3Credential)),
      ]),
    )
    assert.deepEqual(read, { kind: 'ob3-jwt', jwt: ob3Jwt, baked: 'png' })
  })

  it('says an image with no badge baked in has none, whatever other text it carries', () => {
    for (const image of [png([]), png([tEXt('Comment', 'openbadges'), iTXt('XML:com.adobe.xmp', '<x/>')])])
      assert.match(reason(readCredentialFile(image)), /^The selected image has no badge baked in/)
  })

  it('refuses a URL where only a credential may be, and a baked badge that is empty', () => {
    assert.match(
      reason(readCredentialFile(png([iTXt('openbadgecredential', ob2Assertion.id)]))),
      /^The badge baked into the selected image cannot be read: it is neither JSON nor a JWT$/,
    )
    assert.match(reason(readCredentialFile(png([iTXt('openbadgecredential', '  ')]))), /it is empty/)
  })

  it('refuses every truncation of a baked PNG as damaged, wherever it is cut', () => {
    const image = png([iTXt('openbadgecredential', JSON.stringify(ob3Credential))])
    for (let length = PNG_SIGNATURE.length; length < image.length; length++)
      assert.match(
        reason(readCredentialFile(image.subarray(0, length))),
        /^The selected image is damaged or incomplete/,
        `cut at ${length} of ${image.length}`,
      )
  })

  it('refuses a chunk whose length runs past the end of the file, or an iTXt chunk cut short', () => {
    const image = png([iTXt('openbadgecredential', ob3Jwt)])
    const lying = Buffer.from(image)
    lying.writeUInt32BE(0xfffffff0, PNG_SIGNATURE.length + 25)
    assert.match(reason(readCredentialFile(lying)), /damaged or incomplete/)
    const short = chunk('iTXt', Buffer.from('openbadgecredential\0\0\0en', 'latin1'))
    assert.match(
      reason(readCredentialFile(png([short]))),
      /baked into the selected image cannot be read: it is damaged/,
    )
  })
})

describe('readCredentialFile: baked SVG', () => {
  it('reads an OB 3.0 credential baked as JSON in CDATA', () => {
    const image = svg(
      `<openbadges:credential>\n    <![CDATA[\n${JSON.stringify(ob3Credential, null, 2)}\n    ]]>\n  </openbadges:credential>`,
    )
    assert.deepEqual(readCredentialFile(image), { kind: 'ob3-json', credential: ob3Credential, baked: 'svg' })
  })

  it('reads an OB 3.0 credential baked as a JWT in verify, under any prefix bound to the namespace', () => {
    assert.deepEqual(
      readCredentialFile(svg(`<openbadges:credential verify="${ob3Jwt}"></openbadges:credential>`)),
      {
        kind: 'ob3-jwt',
        jwt: ob3Jwt,
        baked: 'svg',
      },
    )
    const prefixed = svg(
      `<ob:credential data-x='1'\n verify = '${ob3Jwt}' />`,
      'xmlns:ob="https://purl.imsglobal.org/ob/v3p0"',
    )
    assert.deepEqual(readCredentialFile(prefixed), { kind: 'ob3-jwt', jwt: ob3Jwt, baked: 'svg' })
  })

  it('reads OB 3.0 JSON written as escaped text rather than CDATA', () => {
    const escaped = JSON.stringify(ob3Credential)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/"/g, '&quot;')
    assert.deepEqual(readCredentialFile(svg(`<openbadges:credential>${escaped}</openbadges:credential>`)), {
      kind: 'ob3-json',
      credential: ob3Credential,
      baked: 'svg',
    })
  })

  it('decodes character references in escaped JSON, leaving ones beyond Unicode as they are', () => {
    const escaped = JSON.stringify({ ...ob3Credential, name: 'ACP &#x1F3C5; &#8212; &#9999999;' }).replace(
      /"/g,
      '&quot;',
    )
    const read = readCredentialFile(svg(`<openbadges:credential>${escaped}</openbadges:credential>`))
    assert.equal(read.kind === 'ob3-json' && read.credential.name, 'ACP \u{1F3C5} \u2014 &#9999999;')
  })

  it('refuses an empty credential element', () => {
    assert.match(
      reason(readCredentialFile(svg('<openbadges:credential>\n  </openbadges:credential>'))),
      /^The badge baked into the selected image cannot be read: it is empty$/,
    )
  })

  it('reads an OB 2.0 hosted assertion: its address in verify and its JSON in CDATA', () => {
    const image = svg(
      `<openbadges:assertion verify="${ob2Assertion.id}"><![CDATA[${JSON.stringify(ob2Assertion)}]]></openbadges:assertion>`,
      'xmlns:openbadges="http://openbadges.org"',
    )
    assert.deepEqual(readCredentialFile(image), {
      kind: 'ob2',
      assertion: ob2Assertion,
      url: ob2Assertion.id,
      jws: null,
      baked: 'svg',
    })
  })

  it('keeps both the JSON and the JWS when a signed OB 2.0 badge carries both, under its own prefix', () => {
    const image = svg(
      `<obi:assertion verify="${ob2Jws}"><![CDATA[${JSON.stringify(ob2Assertion)}]]></obi:assertion>`,
      'xmlns:obi="http://openbadges.org/"',
    )
    assert.deepEqual(readCredentialFile(image), {
      kind: 'ob2',
      assertion: ob2Assertion,
      url: null,
      jws: ob2Jws,
      baked: 'svg',
    })
  })

  it('reads an OB 2.0 signed badge from a self-closing tag, and a hosted one given only by address', () => {
    const signed = readCredentialFile(
      svg(`<openbadges:assertion verify="${ob2Jws}"/>`, 'xmlns:openbadges="http://openbadges.org"'),
    )
    assert.equal(signed.kind, 'ob2')
    assert.equal(signed.kind === 'ob2' && signed.jws, ob2Jws)
    assert.equal(signed.kind === 'ob2' && signed.assertion?.id, ob2Assertion.id)
    assert.equal(signed.kind === 'ob2' && signed.baked, 'svg')
    assert.deepEqual(
      readCredentialFile(svg(`<openbadges:assertion verify="${ob2Assertion.id}"></openbadges:assertion>`)),
      { kind: 'ob2', assertion: null, url: ob2Assertion.id, jws: null, baked: 'svg' },
    )
  })

  it('says an SVG with no badge baked in has none', () => {
    assert.match(
      reason(readCredentialFile(svg('<openbadges:credentials/>'))),
      /^The selected image has no badge baked in/,
    )
    assert.match(reason(readCredentialFile(text('<svg viewBox="0 0 1 1"/>'))), /has no badge baked in/)
  })

  it('reads a hostile SVG in linear time', () => {
    const hostile = svg(
      ' xmlns:a="'.repeat(50_000) +
        "<openbadges:credential a='1' ".repeat(50_000) +
        `<openbadges:credential>${'<![CDATA['.repeat(200_000)}</openbadges:credential>`,
    )
    assert.ok(hostile.length < MAX_CREDENTIAL_FILE_BYTES)
    const started = performance.now()
    const read = readCredentialFile(hostile)
    assert.ok(performance.now() - started < 2000, `took ${performance.now() - started} ms`)
    assert.equal(read.kind, 'unreadable')
  })
})
