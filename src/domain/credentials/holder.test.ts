// The one holder-matching rule: our award credentials as issued, other issuers' shapes, and
// what people type in a "check who holds it" form; a property test over addresses and numbers.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import type { JsonObject } from './data-integrity.ts'
import { claimFromText, matchHolder, namedHolder, registrationIdentity, holderTextProblem } from './holder.ts'
import { achievement, awardCredential, identityHash } from './open-badges.ts'

function award(
  holder: { email: string; name: string; registration: string | null },
  salt = 'a1b2c3',
): JsonObject {
  return awardCredential({
    id: 'https://credentials.example.test/awards/1/credential',
    name: 'Frailty in older people',
    issuer: {
      id: 'did:web:credentials.example.test:issuers:1',
      name: 'Northfield',
      url: 'https://n.example',
    },
    achievement: achievement({
      id: 'https://credentials.example.test/achievements/frailty/1',
      name: 'Frailty in older people',
      description: 'Frailty',
      criteria: 'All outcomes',
      level: 7,
      credits: 30,
      alignments: [],
      creator: { id: 'did:web:credentials.example.test:issuers:centre', name: 'Centre' },
    }),
    identity: { hash: identityHash(holder.email, salt), salt },
    holder: { name: holder.name, registration: holder.registration },
    awardedOn: '2026-06-30',
    status: { listUrl: (p) => `https://credentials.example.test/status/1/${p}`, index: 7 },
  })
}

const priya = award({ email: 'Priya.Shah@example.org', name: 'Priya Shah', registration: 'NMC 09B2345C' })

describe('namedHolder', () => {
  it('reads the holder as our award names them', () => {
    assert.deepEqual(namedHolder(priya), {
      name: 'Priya Shah',
      registration: 'NMC 09B2345C',
      subjectId: null,
      emailHashes: 1,
    })
  })

  it('reads a holder named only by a DID, and a credential naming nobody', () => {
    const byDid = { credentialSubject: { id: 'did:example:priya', type: ['AchievementSubject'] } }
    assert.deepEqual(namedHolder(byDid), {
      name: null,
      registration: null,
      subjectId: 'did:example:priya',
      emailHashes: 0,
    })
    assert.deepEqual(namedHolder({}), { name: null, registration: null, subjectId: null, emailHashes: 0 })
  })

  it('does not take a hashed name or registration for the plain one', () => {
    const hashed = {
      credentialSubject: {
        identifier: [
          {
            type: 'IdentityObject',
            identityType: 'name',
            hashed: true,
            identityHash: 'sha256$00',
            salt: 'x',
          },
          {
            type: 'IdentityObject',
            identityType: 'ext:ProfessionalRegistrationNumber',
            hashed: true,
            identityHash: 'sha256$11',
            salt: 'y',
          },
        ],
      },
    }
    assert.deepEqual(namedHolder(hashed), { name: null, registration: null, subjectId: null, emailHashes: 0 })
  })
})

describe('registrationIdentity', () => {
  it('is the regulator code, a space and the number; the number alone for "Other"; null without one', () => {
    assert.equal(registrationIdentity('NMC', '09b2345c'), 'NMC 09B2345C')
    assert.equal(registrationIdentity('GPhC', ' 2034567 '), 'GPhC 2034567')
    assert.equal(registrationIdentity('Other', 'AB-123'), 'AB-123')
    assert.equal(registrationIdentity('NMC', '  '), null)
  })
})

describe('matchHolder', () => {
  it('matches the address through its salted hash, whatever its case and outer spaces', () => {
    assert.equal(matchHolder(priya, { emails: ['priya.shah@example.org'] }), true)
    assert.equal(matchHolder(priya, { emails: ['  PRIYA.SHAH@EXAMPLE.ORG '] }), true)
    assert.equal(matchHolder(priya, { emails: ['someone.else@example.org'] }), false)
  })

  it('matches the registration number with or without the code, in any case and spacing', () => {
    for (const typed of ['NMC09B2345C', 'nmc 09b2345c', '09B2345C', ' 09 b2345 c', 'NMC 09B2345C'])
      assert.equal(matchHolder(priya, { registrationNumbers: [typed] }), true, typed)
    for (const typed of ['09B2345D', 'HCPC 09B2345C', 'NMC09B2345', '9B2345C'])
      assert.equal(matchHolder(priya, { registrationNumbers: [typed] }), false, typed)
  })

  it('is true when any identifier of the claim matches, false when none does', () => {
    assert.equal(
      matchHolder(priya, { emails: ['someone.else@example.org'], registrationNumbers: ['09B2345C'] }),
      true,
    )
    assert.equal(
      matchHolder(priya, { emails: ['someone.else@example.org'], registrationNumbers: ['12A3456E'] }),
      false,
    )
  })

  it('never matches on the name: names are neither unique nor checked', () => {
    assert.equal(matchHolder(priya, { registrationNumbers: ['Priya Shah'] }), false)
    assert.equal(matchHolder(priya, { emails: ['Priya Shah'] }), false)
  })

  it('is null when the credential names no holder the claim could be compared with', () => {
    const noRegistration = award({ email: 'priya.shah@example.org', name: 'Priya Shah', registration: null })
    assert.equal(matchHolder(noRegistration, { registrationNumbers: ['09B2345C'] }), null)
    assert.equal(matchHolder(priya, { dids: ['did:example:priya'] }), null)
    assert.equal(matchHolder(priya, {}), null)
    assert.equal(matchHolder(priya, { emails: ['  '], registrationNumbers: [''] }), null)
    assert.equal(
      matchHolder({ credentialSubject: { type: ['AchievementSubject'] } }, { emails: ['a@b.c'] }),
      null,
    )
  })

  it('matches a DID only when it is the credential subject’s id', () => {
    const byDid = { credentialSubject: { id: 'did:example:priya' } }
    assert.equal(matchHolder(byDid, { dids: ['did:example:priya'] }), true)
    assert.equal(matchHolder(byDid, { dids: ['did:example:someone'] }), false)
    assert.equal(matchHolder(byDid, { emails: ['priya@example.org'] }), null)
  })

  it('compares an unhashed address ignoring case, and reads a subject given as a list', () => {
    const plain = {
      credentialSubject: [
        {
          identifier: {
            type: 'IdentityObject',
            identityType: 'emailAddress',
            hashed: false,
            identityHash: 'Priya.Shah@example.org',
          },
        },
      ],
    }
    assert.equal(matchHolder(plain, { emails: ['priya.shah@EXAMPLE.org'] }), true)
    assert.equal(matchHolder(plain, { emails: ['priya@example.org'] }), false)
  })

  it('does not match a registration whose code differs from the one typed', () => {
    const hcpc = award({ email: 'x@example.org', name: 'X', registration: 'HCPC PA12345' })
    assert.equal(matchHolder(hcpc, { registrationNumbers: ['PA12345'] }), true)
    assert.equal(matchHolder(hcpc, { registrationNumbers: ['hcpc pa 12345'] }), true)
    assert.equal(matchHolder(hcpc, { registrationNumbers: ['NMC PA12345'] }), false)
  })
})

describe('claimFromText', () => {
  it('reads an address, a registration number or a DID; nothing from blank text', () => {
    assert.deepEqual(claimFromText(' Priya.Shah@example.org '), { emails: ['Priya.Shah@example.org'] })
    assert.deepEqual(claimFromText('nmc 09b2345c'), { registrationNumbers: ['nmc 09b2345c'] })
    assert.deepEqual(claimFromText('did:example:priya'), { dids: ['did:example:priya'] })
    assert.deepEqual(claimFromText('   '), {})
    assert.equal(matchHolder(priya, claimFromText('PRIYA.SHAH@example.org')), true)
    assert.equal(matchHolder(priya, claimFromText('09 B2345 C')), true)
  })
})

describe('the rule, for any address and number', () => {
  const code = fc.constantFrom('NMC', 'HCPC', 'GPhC', 'GMC', 'GOC', 'GDC')
  // Numbers as regulators give them: they start with a digit or two letters no code begins with.
  const number = fc.stringMatching(/^(?:\d|P[A-Z])[A-Z0-9]{4,8}$/)
  const local = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,20}$/)
  const email = fc
    .tuple(local, fc.constantFrom('example.org', 'nhs.net', 'trust.nhs.uk'))
    .map(([l, d]) => `${l}@${d}`)
  /** Ways of typing: each character's case, and whether a space follows it. */
  const typing = fc.array(fc.tuple(fc.boolean(), fc.boolean()), { minLength: 40, maxLength: 40 })
  const retype = (text: string, how: Array<[boolean, boolean]>, spaces: boolean) =>
    [...text]
      .map((ch, i) => {
        const [lower, space] = how[i % how.length] ?? [false, false]
        return (lower ? ch.toLowerCase() : ch.toUpperCase()) + (spaces && space ? ' ' : '')
      })
      .join('')

  it('matches the holder’s own address and number however typed, with or without the code', () => {
    fc.assert(
      fc.property(
        email,
        code,
        number,
        fc.stringMatching(/^[0-9a-f]{8,32}$/),
        fc.boolean(),
        typing,
        (address, regulator, n, salt, withCode, how) => {
          const credential = award(
            { email: address, name: 'Any Name', registration: registrationIdentity(regulator, n) },
            salt,
          )
          // An address keeps its letters together; only its case and the spaces around it vary.
          assert.equal(matchHolder(credential, claimFromText(`  ${retype(address, how, false)} `)), true)
          const typed = retype(withCode ? `${regulator}${n}` : n, how, true)
          assert.equal(matchHolder(credential, claimFromText(typed)), true, typed)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('never matches someone else’s address or number, and is never null when both name one', () => {
    fc.assert(
      fc.property(email, email, code, number, number, (mine, theirs, regulator, n, other) => {
        fc.pre(mine !== theirs && n !== other)
        const credential = award({
          email: mine,
          name: 'Any Name',
          registration: registrationIdentity(regulator, n),
        })
        assert.equal(matchHolder(credential, { emails: [theirs] }), false)
        assert.equal(matchHolder(credential, { registrationNumbers: [other] }), false)
        assert.equal(matchHolder(credential, { registrationNumbers: [`${regulator} ${other}`] }), false)
        assert.equal(matchHolder(credential, { emails: [theirs], registrationNumbers: [other] }), false)
        assert.equal(matchHolder(credential, { emails: [theirs, mine] }), true)
      }),
      { numRuns: 200 },
    )
  })
})

describe('holderTextProblem', () => {
  it('accepts e-mail addresses, registration numbers with or without their regulator, and DIDs', () => {
    for (const text of [
      'priya.shah@example.org',
      'NMC 09B2345C',
      '09b2345c',
      'HCPC PA12345',
      'hcpc pa 12345',
      '7654321',
      'did:key:z6Mk',
    ])
      assert.equal(holderTextProblem(text), null, text)
  })

  it('refuses a name, a fragment or a broken address with a message saying what to enter', () => {
    assert.match(
      holderTextProblem('Tomasz Nowak') ?? '',
      /^Enter an email address or a professional registration number/,
    )
    assert.match(
      holderTextProblem('12') ?? '',
      /^Enter an email address or a professional registration number/,
    )
    assert.match(holderTextProblem('x@') ?? '', /^Enter an email address in the correct format/)
  })
})
