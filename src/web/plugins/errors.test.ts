// Problem documents name the request they answer (`instance`) without the secrets a client
// put in its query string, and the log of such a request holds none either.
import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { after, before, describe, it } from 'node:test'
import Fastify, { type FastifyInstance } from 'fastify'
import { createApp } from '../../app.ts'
import { FieldProblems, NotFound, ServiceError } from '../../services/errors.ts'
import { createServices } from '../../services/index.ts'
import { testConfig } from '../../../test/support/app.ts'
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts'
import { registerErrorHandler } from './errors.ts'

const SECRET = 'apc_0123456789abcdefSECRETinQUERY'
describe('a secret in the query string of an API request', () => {
  const lines: string[] = []
  let app: FastifyInstance
  let database: TestDatabase

  before(async () => {
    database = await createTestDatabase()
    const config = testConfig()
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString())
        done()
      },
    })
    app = await createApp(createServices(database, config), { config, logger: { level: 'trace', stream } })
    await app.ready()
  })
  after(async () => {
    await app?.close()
    await database?.close()
  })

  it('is left out of the problem document and the log, whatever the refusal', async () => {
    const cases: Array<[string, number]> = [
      [`/api/v1/me?access_token=${SECRET}`, 401],
      [`/api/v1/me?x=1&token=${SECRET}`, 401],
      [`/api/v1/credentials?page=-5&access_token=${SECRET}`, 400],
      [`/api/v1/no-such-thing?ACCESS_TOKEN=${SECRET}`, 404],
    ]
    for (const [url, status] of cases) {
      lines.length = 0
      const res = await app.inject({ method: 'GET', url })
      assert.equal(res.statusCode, status, url)
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/, url)
      const { instance } = res.json<{ instance: string }>()
      assert.ok(!res.body.includes(SECRET), `the answer to ${url} holds the secret: ${res.body}`)
      // Still the request's own address, with only the secret's value blanked.
      assert.equal(instance, url.replace(SECRET, '[redacted]'))
      const log = lines.join('')
      assert.ok(log.includes(url.split('?')[0] ?? ''), 'the request is logged')
      assert.ok(!log.includes(SECRET), `the log of ${url} holds the secret`)
    }
  })
})

describe('a service’s refusal reaching the error handler from the API', () => {
  let app: FastifyInstance

  before(async () => {
    app = Fastify()
    registerErrorHandler(app)
    app.get('/api/v1/problems', () =>
      Promise.reject(
        new FieldProblems([
          { field: 'deliveryId', text: 'There is no such delivery' },
          { text: 'Try again' },
        ]),
      ),
    )
    app.get('/api/v1/refused', () => Promise.reject(new ServiceError('Only provider admins award', 'awards')))
    app.get('/api/v1/missing', () => Promise.reject(new NotFound('No such credential')))
    await app.ready()
  })
  after(() => app?.close())

  it('answers field problems 422, naming each field (the body when there is none)', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/problems' })
    assert.equal(res.statusCode, 422)
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/)
    assert.deepEqual(res.json(), {
      type: 'about:blank',
      title: 'Unprocessable Entity',
      status: 422,
      detail: 'There is no such delivery; Try again',
      errors: [
        { name: 'deliveryId', reason: 'There is no such delivery' },
        { name: 'body', reason: 'Try again' },
      ],
      instance: '/api/v1/problems',
    })
    const refused = await app.inject({ method: 'GET', url: '/api/v1/refused' })
    assert.equal(refused.statusCode, 422)
    assert.deepEqual(refused.json<{ errors: unknown }>().errors, [
      { name: 'awards', reason: 'Only provider admins award' },
    ])
  })

  it('answers no such thing 404', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/missing' })
    assert.equal(res.statusCode, 404)
    assert.equal(res.json<{ detail: string }>().detail, 'No such credential')
  })
})
