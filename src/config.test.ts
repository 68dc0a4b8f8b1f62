import assert from 'node:assert/strict'
import path from 'node:path'
import { describe, it } from 'node:test'
import { ConfigError, parseConfig } from './config.ts'

describe('configuration', () => {
  it('has defaults that run the platform locally on PGlite', () => {
    const config = parseConfig({})
    assert.equal(config.port, 3000)
    assert.equal(config.dataDir, path.resolve('./data'))
    assert.equal(config.databaseUrl, undefined)
    assert.equal(config.baseUrl, 'http://localhost:3000')
    assert.equal(config.nodeEnv, 'development')
    assert.ok(Object.isFrozen(config))
  })

  it('reads every documented variable', () => {
    const config = parseConfig({
      PORT: '8080',
      DATA_DIR: '/var/lib/apc',
      DATABASE_URL: 'postgres://u@db/apc',
      BASE_URL: 'https://credentials.example.org/',
      NODE_ENV: 'production',
      CREDENTIAL_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
      AUDIT_HMAC_KEY: Buffer.alloc(32, 8).toString('base64'),
    })
    assert.equal(config.port, 8080)
    assert.equal(config.dataDir, '/var/lib/apc')
    assert.equal(config.databaseUrl, 'postgres://u@db/apc')
    assert.equal(config.baseUrl, 'https://credentials.example.org')
    assert.equal(config.nodeEnv, 'production')
    assert.deepEqual(config.credentialMasterKey, Buffer.alloc(32, 7))
    assert.deepEqual(config.auditHmacKey, Buffer.alloc(32, 8))
  })

  it('needs the master key of issuers’ signing keys in production, 32 bytes in base64', () => {
    const production = (key?: string) => () =>
      parseConfig({ NODE_ENV: 'production', ...(key === undefined ? {} : { CREDENTIAL_MASTER_KEY: key }) })
    assert.throws(production(), /CREDENTIAL_MASTER_KEY is required in production/)
    assert.throws(production(Buffer.alloc(16).toString('base64')), /must be 32 bytes in base64/)
    assert.throws(production('not base64 at all!'), /must be 32 bytes in base64/)
    assert.equal(parseConfig({}).credentialMasterKey.length, 32, 'a development key elsewhere')
  })

  it('needs the audit trail’s HMAC key in production, 32 bytes in base64, unlike any other key', () => {
    const masterKey = Buffer.alloc(32, 1).toString('base64')
    const production = (key?: string) => () =>
      parseConfig({
        NODE_ENV: 'production',
        CREDENTIAL_MASTER_KEY: masterKey,
        ...(key === undefined ? {} : { AUDIT_HMAC_KEY: key }),
      })
    assert.throws(production(), /AUDIT_HMAC_KEY is required in production/)
    assert.throws(
      production(Buffer.alloc(31).toString('base64')),
      /AUDIT_HMAC_KEY must be 32 bytes in base64/,
    )
    assert.throws(production('not base64 at all!'), /AUDIT_HMAC_KEY must be 32 bytes in base64/)
    assert.deepEqual(production(Buffer.alloc(32, 3).toString('base64'))().auditHmacKey, Buffer.alloc(32, 3))
    const development = parseConfig({})
    assert.equal(development.auditHmacKey.length, 32, 'a development key elsewhere')
    assert.notDeepEqual(development.auditHmacKey, development.credentialMasterKey)
  })

  it('believes forwarded headers only from the proxies it is told to', () => {
    assert.equal(parseConfig({}).trustProxy, false)
    assert.equal(parseConfig({ TRUST_PROXY: 'true' }).trustProxy, true)
    assert.equal(parseConfig({ TRUST_PROXY: '1' }).trustProxy, 1)
    assert.equal(parseConfig({ TRUST_PROXY: '10.0.0.0/8' }).trustProxy, '10.0.0.0/8')
  })

  it('treats an empty DATABASE_URL as unset', () => {
    assert.equal(parseConfig({ DATABASE_URL: '' }).databaseUrl, undefined)
  })

  it('refuses values it cannot use, naming the variable', () => {
    assert.throws(
      () => parseConfig({ PORT: 'eighty' }),
      (e) => e instanceof ConfigError && /PORT/.test(e.message),
    )
    assert.throws(() => parseConfig({ PORT: '70000' }), /PORT/)
    assert.throws(() => parseConfig({ BASE_URL: 'not a url' }), /BASE_URL/)
    assert.throws(() => parseConfig({ BASE_URL: 'ftp://example.org' }), /BASE_URL/)
    assert.throws(() => parseConfig({ NODE_ENV: 'staging' }), /NODE_ENV/)
  })
  it('sends mail to the console by default, over SMTP when SMTP_URL is set', () => {
    const mail = parseConfig({ DATA_DIR: '/var/lib/apc' }).mail
    assert.equal(mail.transport, 'console')
    assert.equal(mail.from, 'Advancing Practice Credentials <no-reply@localhost>')
    assert.equal(mail.fileDir, '/var/lib/apc/mail')
    assert.equal(mail.smtpUrl, undefined)
    const smtp = parseConfig({
      SMTP_URL: 'smtp://mail.example.org:587',
      MAIL_FROM: 'APC <apc@example.org>',
    }).mail
    assert.equal(smtp.transport, 'smtp')
    assert.equal(smtp.smtpUrl, 'smtp://mail.example.org:587')
    assert.equal(smtp.from, 'APC <apc@example.org>')
    const file = parseConfig({ MAIL_TRANSPORT: 'file', MAIL_FILE_DIR: '/tmp/outbox' }).mail
    assert.equal(file.transport, 'file')
    assert.equal(file.fileDir, '/tmp/outbox')
    assert.throws(() => parseConfig({ MAIL_TRANSPORT: 'smtp' }), /SMTP_URL/)
    assert.throws(() => parseConfig({ MAIL_TRANSPORT: 'pigeon' }), /MAIL_TRANSPORT/)
  })

  it('runs a job worker beside the web server unless WORKER=off', () => {
    assert.equal(parseConfig({}).worker, true)
    assert.equal(parseConfig({ WORKER: 'on' }).worker, true)
    assert.equal(parseConfig({ WORKER: 'off' }).worker, false)
    assert.equal(parseConfig({ WORKER: 'OFF' }).worker, false)
    assert.throws(() => parseConfig({ WORKER: 'sometimes' }), /WORKER must be on or off, not "sometimes"/)
  })

  it('runs the embedded database on a thread of its own only when PGLITE_THREAD=on', () => {
    assert.equal(parseConfig({}).pgliteThread, false)
    assert.equal(parseConfig({ PGLITE_THREAD: 'on' }).pgliteThread, true)
    assert.equal(parseConfig({ PGLITE_THREAD: 'off' }).pgliteThread, false)
    assert.throws(
      () => parseConfig({ PGLITE_THREAD: 'maybe' }),
      /PGLITE_THREAD must be on or off, not "maybe"/,
    )
  })

  it('creates demo accounts only when asked, and never in production', () => {
    assert.equal(parseConfig({}).demo, false)
    assert.equal(parseConfig({ DEMO: '1' }).demo, true)
    assert.equal(
      parseConfig({
        DEMO: '0',
        NODE_ENV: 'production',
        CREDENTIAL_MASTER_KEY: Buffer.alloc(32).toString('base64'),
        AUDIT_HMAC_KEY: Buffer.alloc(32, 1).toString('base64'),
      }).demo,
      false,
    )
    assert.throws(
      () => parseConfig({ DEMO: '1', NODE_ENV: 'production' }),
      (e) => e instanceof ConfigError && e.name === 'ConfigError' && /DEMO.*production/.test(e.message),
    )
  })
})
