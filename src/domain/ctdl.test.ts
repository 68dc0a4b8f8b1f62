import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { CREDENTIAL_STATUSES, INTERVENTION_TYPES } from './catalogue.ts'
import {
  assurance,
  CREDENTIAL_CLASS,
  ctdlStatus,
  ctidOf,
  isCtid,
  isExportable,
  nameBasedUuid,
} from './ctdl.ts'

describe('CTDL', () => {
  it('makes name-based UUIDs as RFC 9562 does (its version 5 example)', () => {
    // The DNS namespace and "www.example.com", the RFC's own test vector.
    assert.equal(
      nameBasedUuid('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com'),
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    )
    const namespace = '2386b337-33dc-46fc-bb4d-47cec0850977'
    assert.equal(nameBasedUuid(namespace, 'capability:1.4'), nameBasedUuid(namespace, 'capability:1.4'))
    assert.notEqual(nameBasedUuid(namespace, 'capability:1.4'), nameBasedUuid(namespace, 'capability:1.5'))
    assert.ok(isCtid(ctidOf(nameBasedUuid(namespace, 'framework'))))
    assert.throws(() => nameBasedUuid('not a uuid', 'x'))
  })

  it('writes a CTID as "ce-" and the UUID in lower case', () => {
    assert.equal(ctidOf('2386B337-33DC-46FC-BB4D-47CEC0850977'), 'ce-2386b337-33dc-46fc-bb4d-47cec0850977')
    assert.ok(!isCtid('2386b337-33dc-46fc-bb4d-47cec0850977'))
    assert.ok(!isCtid('ce-not-a-uuid'))
  })

  it('says every status in the life-cycle scheme, and in the credential-status scheme where it has a term', () => {
    for (const status of CREDENTIAL_STATUSES) {
      const { lifeCycle, credentialStatus } = ctdlStatus(status)
      assert.equal(credentialStatus === null, lifeCycle === 'Developing', status)
    }
    assert.deepEqual(ctdlStatus('withdrawn'), { lifeCycle: 'Ceased', credentialStatus: 'Deprecated' })
    assert.deepEqual(ctdlStatus('in_delivery'), { lifeCycle: 'Active', credentialStatus: 'Active' })
    assert.equal(ctdlStatus('due').lifeCycle, 'Developing')
  })

  it("has the Centre approve what it endorsed and recognise other bodies' credentials", () => {
    assert.equal(assurance('endorsed', 'centre')?.centre, 'ceterms:approves')
    assert.equal(assurance('recognised', 'other_body')?.credential, 'ceterms:recognizedBy')
    assert.equal(assurance('in_delivery', 'other_body')?.centre, 'ceterms:recognizes')
    assert.equal(assurance('in_development', 'centre'), null)
    assert.equal(assurance('withdrawn', 'centre'), null)
  })

  it('gives every type a class, and exports only what has an owner or an offerer', () => {
    for (const type of INTERVENTION_TYPES) assert.match(CREDENTIAL_CLASS[type], /^ceterms:/)
    assert.ok(isExportable({ origin: 'centre', owner: null, providerIds: [] }))
    assert.ok(isExportable({ origin: 'other_body', owner: { name: 'FICM', url: null }, providerIds: [] }))
    assert.ok(isExportable({ origin: 'other_body', owner: null, providerIds: ['p'] }))
    assert.ok(!isExportable({ origin: 'other_body', owner: null, providerIds: [] }))
  })
})
