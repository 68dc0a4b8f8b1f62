// The route fuzz test: every route the app registers and every operation the API documents
// meets bounded, generated junk (numbers at their limits, wrong types, deep nesting, broken
// encodings, cut-short bodies), as an anonymous visitor and as someone who may use it, with a
// real session and CSRF token so that the junk reaches validation. Two promises are checked:
// never a 5xx, and a refused request (4xx) leaves the database as it was.
//
// The junk comes from fast-check with a fixed seed, so a failure is reproducible from the
// route and the input printed with it, and the run is bounded so the suite keeps its budget.
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { after, before, describe, it } from 'node:test'
import fc from 'fast-check'
import { sql } from 'kysely'
import type { Role } from '../../src/domain/accounts.ts'
import { createAccount } from '../support/agent.ts'
import { insertApprovedDelivery } from '../support/award-fixture.ts'
import { createTestApp, type TestApp } from '../support/app.ts'

const SEED = 16_2026
/** Inputs per route and identity: about 6,000 requests on ~200 routes, within the suite's budget. */
const RUNS = 15

/**
 * 5xx answers the fuzz test has found and that are not fixed yet, each as
 * `METHOD route | kind of input`. The test fails on any 5xx not listed here, and on a listed
 * one that no longer happens, so that the list only ever shrinks.
 */
const KNOWN_FAILURES: string[] = []

const ZERO_ID = '00000000-0000-4000-8000-000000000000'

// Tables a refused request may still change, by design: sessions are made for the requests
// (and record when they were last seen, and end on signing out), and refused sign-ins and
// lookups are counted so that they can be throttled.
const MAY_CHANGE = new Set(['session', 'sign_in_attempt', 'lookup_attempt'])

// ---------------------------------------------------------------------------------------------
// The junk

const LIMIT_NUMBERS = ['0', '-1', '2147483648', '9007199254740993', '1e309', '-0', 'NaN', 'Infinity']
const JUNK_STRINGS = [
  ...LIMIT_NUMBERS,
  '-Infinity',
  '',
  ' ',
  'x'.repeat(100_000),
  'true',
  '[]',
  '{}',
  'null',
  "' or 1=1--",
  '\u0000',
  '\r\nSet-Cookie: x=y',
  '../../../package.json',
  '/\t/evil.example/',
  'https://evil.example/',
  '０１２', // fullwidth digits
  '\u202e\u0301',
  '\ud83d\ude00',
  '2025-02-30',
  '0000-01-01',
  '99999-12-31',
  ZERO_ID,
  'acute-medicine',
]
/** Already percent-encoded: invalid UTF-8, a lone surrogate, escapes cut short or not hex. */
const BROKEN_ESCAPES = [
  '%ED%A0%80',
  '%E0%A4%A',
  '%FF%FE%FD',
  '%C0%AF',
  '%',
  '%zz',
  '%00',
  '%E0%A4',
  '%F4%90%80%80',
]

// Field names the routes read, from their schemas (collected below) and forms.
const FORM_FIELDS = [
  'email',
  'password',
  'confirmPassword',
  'newPassword',
  'displayName',
  'day',
  'month',
  'year',
  'action',
  'basis',
  'confirm',
  'role',
  'title',
  'description',
  'content',
  'summary',
  'decision',
  'interval',
  'token',
  'code',
  'state',
  'awardedOn[day]',
  'from[day]',
  'to[year]',
]
const UNKNOWN_FIELDS = [
  '__proto__',
  'constructor[prototype][polluted]',
  '__proto__[polluted]',
  'zzz',
  'a[b][c][d]',
]

const junkString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...JUNK_STRINGS).map((s) => encodeURIComponent(s)) },
  { weight: 2, arbitrary: fc.constantFrom(...BROKEN_ESCAPES) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }).map((s) => encodeURIComponent(s)) },
)

/** A path parameter: a real id where one exists (which reaches deeper code), or junk. */
const junkParam = fc.oneof(
  fc
    .constantFrom(...JUNK_STRINGS.filter((s) => s.length < 1000 && s !== ''))
    .map((s) => encodeURIComponent(s)),
  fc.constantFrom(...BROKEN_ESCAPES, '%2F..%2F', '..', 'x'.repeat(1000), '1.5', '%20'),
)

interface Input {
  kind: string
  query: string
  params: 'real' | string
  body?: { type: string | undefined; payload: Buffer | string }
}

// What most routes read, and what a route documents, comes up more often than the rest.
const HOT_FIELDS = ['page', 'pageSize', 'q', 'status', 'format', 'returnTo', 'download', 'from[day]', 'id']

function pairsArb(fields: string[], hot: string[]) {
  const name = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...hot, ...HOT_FIELDS) },
    { weight: 4, arbitrary: fc.constantFrom(...fields) },
    { weight: 1, arbitrary: fc.constantFrom(...fields).map((f) => `${f}[]`) },
    { weight: 1, arbitrary: fc.constantFrom(...fields).map((f) => `${f}[x][y]`) },
    { weight: 1, arbitrary: fc.constantFrom(...UNKNOWN_FIELDS).map(encodeURIComponent) },
  )
  // Pairs, not a record: a field may come more than once.
  return fc
    .array(fc.tuple(name, junkString), { minLength: 1, maxLength: 6 })
    .chain((pairs) =>
      fc
        .constantFrom(...pairs.map((p) => p[0]))
        .map((dup) => [...pairs, [dup, 'duplicate'] as [string, string]]),
    )
}
const encodePairs = (pairs: Array<[string, string]>) =>
  pairs.map(([k, v]) => `${k.replace(/[^A-Za-z0-9_[\]%]/g, encodeURIComponent)}=${v}`).join('&')

/** JSON values of the wrong type or at a limit, for a place where the schema wants something. */
const jsonJunk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(0, -1, 2 ** 31, 2 ** 53 + 1, Number.MAX_VALUE, -Number.MAX_VALUE, 1.5, -0, 5e-324),
  fc.constantFrom('', 'x'.repeat(100_000), '\ud800', 'NaN', 'Infinity', '0000-01-01', '2025-02-30', ZERO_ID),
  fc.constantFrom(true, false, null, [], {}, [[]], { '': null }),
  fc.constant(nest(200)),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.array(fc.constantFrom(1, 'x', null, {}), { maxLength: 3 }),
)

function nest(depth: number): unknown {
  let value: unknown = 'bottom'
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value }
  return value
}

interface Schema {
  type?: string | string[]
  properties?: Record<string, Schema>
  items?: Schema
  required?: string[]
}

/** Something shaped like what the schema asks for, with junk in some of the places. */
function shaped(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return jsonJunk
  const type = [schema.type].flat()[0]
  if (type === 'object' && schema.properties) {
    const keys = Object.keys(schema.properties)
    const model: Record<string, fc.Arbitrary<unknown>> = {}
    for (const key of keys) model[key] = fc.oneof(shaped(schema.properties[key], depth + 1), jsonJunk)
    return fc
      .tuple(fc.record(model, { requiredKeys: [] }), fc.option(fc.constantFrom(...UNKNOWN_FIELDS)))
      .map(([o, extra]) => (extra === null ? o : { ...o, [extra]: 'unknown' }))
  }
  if (type === 'array') return fc.array(shaped(schema.items, depth + 1), { maxLength: 3 })
  if (type === 'string') return fc.oneof(fc.constantFrom('Ada', '2025-09-01', 'a@example.org'), jsonJunk)
  if (type === 'integer' || type === 'number') return fc.oneof(fc.constantFrom(1, 2025), jsonJunk)
  return jsonJunk
}

/** JSON text the parser should refuse, or that only a careless reader would trip on. */
const RAW_JSON = [
  '{"page":1e309,"pageSize":-0}',
  '{"page":NaN}',
  '{"a":Infinity}',
  '{"awards":[{"givenName":"Ada"',
  '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
  '{"page":1,"page":"x"}',
  '"\\ud800"',
  '{"a":"\\ud800\\udbff"}',
  '[' + '['.repeat(5000),
  '{"a":' + '{"a":'.repeat(5000) + '1' + '}'.repeat(5001),
  '',
  'null',
  '0',
  '\uFEFF{}',
]

const BOUNDARY = '----route-fuzz'

function multipart(csrf: string, cut: number, fields: Array<[string, string]>): string {
  const parts = [['_csrf', csrf] as [string, string], ...fields].map(
    ([k, v]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
  )
  parts.push(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="awards.csv"\r\n` +
      `Content-Type: text/csv\r\n\r\ngiven_name,family_name\nAda,Lovelace\r\n--${BOUNDARY}--\r\n`,
  )
  const whole = parts.join('')
  // Cut after the CSRF part, so that the request passes CSRF and the body arrives broken.
  const keep = parts[0]!.length + Math.floor(((whole.length - parts[0]!.length) * cut) / 100)
  return whole.slice(0, keep)
}

function inputArb(
  method: string,
  csrf: string,
  fields: string[],
  hot: string[],
  bodySchema: Schema | undefined,
): fc.Arbitrary<Input> {
  const params = fc.oneof(fc.constant('real' as const), junkParam)
  const query = fc.oneof(
    { weight: 1, arbitrary: fc.constant('') },
    { weight: 3, arbitrary: pairsArb(fields, hot).map(encodePairs) },
  )
  const csrfPair: [string, string] = ['_csrf', encodeURIComponent(csrf)]
  const form = pairsArb(fields, hot).map((pairs) => ({
    type: 'application/x-www-form-urlencoded',
    payload: encodePairs([csrfPair, ...pairs]),
  }))
  const json = fc
    .oneof(
      shaped(bodySchema ?? { type: 'object', properties: Object.fromEntries(fields.map((f) => [f, {}])) }),
      jsonJunk,
    )
    .map((value) => ({
      type: 'application/json',
      payload: JSON.stringify(value) ?? 'null',
    }))
  const rawJson = fc.constantFrom(...RAW_JSON).map((payload) => ({ type: 'application/json', payload }))
  const invalidUtf8 = fc
    .constantFrom('application/x-www-form-urlencoded', 'application/json')
    .map((type) => ({
      type,
      payload: Buffer.concat([
        Buffer.from(type === 'application/json' ? '{"q":"' : `_csrf=${encodeURIComponent(csrf)}&q=`),
        Buffer.from([0xed, 0xa0, 0x80, 0xff, 0xc0, 0xaf]),
        Buffer.from(type === 'application/json' ? '"}' : ''),
      ]),
    }))
  const truncated = fc
    .tuple(
      fc.integer({ min: 0, max: 99 }),
      pairsArb(
        fields.filter((f) => !f.includes('[')),
        hot.filter((f) => !f.includes('[')),
      ),
    )
    .map(([cut, pairs]) => ({
      type: `multipart/form-data; boundary=${BOUNDARY}`,
      payload: multipart(
        csrf,
        cut,
        pairs.map(([k, v]) => [k, decodeSafely(v)]),
      ),
    }))
  const oddType = fc.constantFrom(
    { type: undefined, payload: `_csrf=${csrf}&page=1e309` },
    { type: 'text/plain', payload: `_csrf=${csrf}` },
    { type: 'application/json; charset=utf-16', payload: '{}' },
    { type: 'multipart/form-data', payload: `_csrf=${csrf}` },
    { type: 'application/x-www-form-urlencoded; charset=latin1', payload: `_csrf=${csrf}&q=%E9` },
  )
  const bodies = fc.oneof(
    { weight: 4, arbitrary: form.map((b) => ['form', b] as const) },
    { weight: 3, arbitrary: json.map((b) => ['json', b] as const) },
    { weight: 2, arbitrary: rawJson.map((b) => ['raw-json', b] as const) },
    { weight: 1, arbitrary: invalidUtf8.map((b) => ['invalid-utf8', b] as const) },
    { weight: 2, arbitrary: truncated.map((b) => ['truncated-multipart', b] as const) },
    { weight: 1, arbitrary: oddType.map((b) => ['odd-content-type', b] as const) },
  )
  if (method === 'GET' || method === 'OPTIONS')
    return fc.tuple(params, query).map(([p, q]) => ({ kind: 'query', query: q, params: p }))
  return fc.tuple(params, query, bodies).map(([p, q, [kind, body]]) => ({ kind, query: q, params: p, body }))
}

function decodeSafely(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

/** The names route schemas give their fields, so that junk lands where code reads it. */
function schemaFieldNames(): string[] {
  const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../src/web')
  const names = new Set<string>()
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
        for (const m of readFileSync(full, 'utf8').matchAll(/\b([a-zA-Z_]+)\??: Type\./g)) names.add(m[1]!)
    }
  }
  walk(root)
  return [...names].sort()
}

// ---------------------------------------------------------------------------------------------

interface Failure {
  key: string
  detail: string
}

describe('route fuzz: generated junk on every route never gives a 5xx or changes the database when refused', () => {
  let t: TestApp
  const users = new Map<Role, string>()
  const real: Record<string, string> = {}
  let apiToken = ''
  let closer = ''
  let fingerprintSql: ReturnType<typeof sql.raw>

  before(async () => {
    t = await createTestApp()
    const { organisationId, deliveryId } = await insertApprovedDelivery(t.database.db, {
      organisationName: 'Fuzz University',
    })
    for (const role of [
      'centre_admin',
      'provider_admin',
      'provider_staff',
      'practitioner',
      'specification_author',
      'independent_reviewer',
      'credential_group_member',
    ] as const) {
      const scoped = role === 'provider_admin' || role === 'provider_staff'
      users.set(
        role,
        await createAccount(t, `${role}@example.org`, [{ role, ...(scoped ? { organisationId } : {}) }]),
      )
    }
    const audit = { userId: null, label: 'test', ip: null }
    apiToken = (await t.services.apiTokens.create(organisationId, 'Fuzz token', audit)).token
    // What the junk may change for real, it changes on records of their own: a token to
    // revoke, an account to take roles from, and a practitioner who may close their account,
    // so that the identities the other routes use keep working.
    const revocable = await t.services.apiTokens.create(organisationId, 'Revocable', audit)
    const grantee = await createAccount(t, 'grantee@example.org', [{ role: 'practitioner' }])
    closer = await createAccount(t, 'closer@example.org', [{ role: 'practitioner' }])
    const issuer = await t.database.db.selectFrom('issuer_key').select('organisation_id').executeTakeFirst()
    const grant = await t.database.db
      .selectFrom('role_grant')
      .select('id')
      .where('user_id', '=', grantee)
      .executeTakeFirstOrThrow()
    Object.assign(real, {
      organisationId,
      deliveryId,
      tokenId: revocable.summary.id,
      grantId: grant.id,
      userId: grantee,
      issuerId: issuer?.organisation_id ?? organisationId,
    })

    const tables = (
      await sql<{ table_name: string }>`
        select table_name from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`.execute(t.database.db)
    ).rows
      .map((r) => r.table_name)
      .filter((name) => !MAY_CHANGE.has(name))
    // A row's count catches inserts and deletes; the highest xmin, updates (every new row
    // version carries the id of the transaction that wrote it). One query for all tables,
    // cheap on a seeded test database.
    fingerprintSql = sql.raw(
      tables
        .map(
          (name) =>
            `select '${name}' as t, count(*)::text || '/' || coalesce(max(xmin::text::bigint), 0)::text as f from "${name}"`,
        )
        .join(' union all '),
    )
  })
  after(() => t?.close())

  async function fingerprint(): Promise<Map<string, string>> {
    const rows = (await sql<{ t: string; f: string }>`${fingerprintSql}`.execute(t.database.db)).rows
    return new Map(rows.map((r) => [r.t, r.f]))
  }

  /** The routes to try: what the app registers, and what the API documents (`{id}` → `:id`). */
  function routes(): Array<{ method: string; url: string; bodySchema?: Schema; fields: string[] }> {
    const found = new Map<string, { method: string; url: string; bodySchema?: Schema; fields: string[] }>()
    for (const r of t.app.registeredRoutes)
      if (r.method !== 'HEAD') found.set(`${r.method} ${r.url}`, { method: r.method, url: r.url, fields: [] })
    const doc = t.app.swagger() as {
      paths: Record<
        string,
        Record<
          string,
          {
            parameters?: Array<{ name: string; in: string }>
            requestBody?: { content?: Record<string, { schema?: Schema }> }
          }
        >
      >
    }
    for (const [p, operations] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(operations)) {
        const url = p.replace(/\{([^}]+)\}/g, ':$1')
        const key = `${method.toUpperCase()} ${url}`
        const bodySchema = op.requestBody?.content?.['application/json']?.schema
        found.set(key, {
          method: method.toUpperCase(),
          url,
          bodySchema,
          fields: [
            ...(op.parameters ?? []).filter((x) => x.in === 'query').map((x) => x.name),
            ...Object.keys(bodySchema?.properties ?? {}),
          ],
        })
      }
    return [...found.values()].sort((a, b) => (a.url + a.method).localeCompare(b.url + b.method))
  }

  /** Who may use a route, so that the junk gets past authorisation to the code that reads it. */
  function roleFor(url: string): Role | 'api-token' {
    if (url.startsWith('/api/v1/providers') || url === '/api/v1/me') return 'api-token'
    if (url.startsWith('/provider')) return 'provider_admin'
    if (url.startsWith('/my/')) return 'practitioner'
    if (url.startsWith('/reviews')) return 'independent_reviewer'
    if (
      /^\/(recognition|proposals)(\/new|\/:\w+(\/edit|\/submit|\/revise|\/check|\/sections\/:\w+)?)?$/.test(
        url,
      )
    )
      return 'specification_author'
    return 'centre_admin'
  }

  function realParam(url: string, name: string): string {
    if (name === 'slug') return 'acute-medicine'
    if (name === 'number') return '1'
    if (name === 'kind') return 'gateway'
    if (name === 'purpose') return 'revocation'
    if (name === 'grantId') return real.grantId!
    if (name === '*') return url.startsWith('/assets/nhsuk') ? 'nhsuk-frontend.min.js' : 'app/app.css'
    if (url.includes('/deliveries/:id')) return real.deliveryId!
    if (url.startsWith('/provider/api-tokens')) return real.tokenId!
    if (url.startsWith('/admin/accounts')) return real.userId!
    if (url.startsWith('/admin/providers') || url.startsWith('/api/v1/providers')) return real.organisationId!
    if (url.includes('issuers')) return real.issuerId!
    return ZERO_ID
  }

  function concreteUrl(url: string, params: Input['params'], query: string): string {
    const filled = url.replace(/:(\w+)|\*/g, (whole, name: string | undefined) =>
      params === 'real' ? realParam(url, name ?? '*') : params,
    )
    return query ? `${filled}?${query}` : filled
  }

  function describeInput(input: Input, url: string): string {
    const body =
      input.body === undefined
        ? ''
        : ` ${input.body.type ?? '(no content type)'} ${
            Buffer.isBuffer(input.body.payload) ? input.body.payload.toString('hex') : input.body.payload
          }`
    const text = `${url}${body}`
    return text.length > 400 ? `${text.slice(0, 400)}… (${text.length} characters)` : text
  }

  it('answers every route, whoever asks, with anything but a 5xx, and changes nothing when it refuses', async (context) => {
    const failures: Failure[] = []
    const list = routes()
    const fields = [...new Set([...FORM_FIELDS, ...schemaFieldNames()])]
    let requests = 0
    let before = await fingerprint()
    for (const route of list) {
      for (const identity of ['anonymous', roleFor(route.url)] as const) {
        const seed =
          SEED ^
          createHash('sha256').update(`${route.method} ${route.url} ${identity}`).digest().readInt32BE(0)
        const userId =
          identity === 'anonymous' || identity === 'api-token'
            ? null
            : route.url === '/my/account/close'
              ? closer
              : users.get(identity)!
        // One session per route and identity: its CSRF token is built into the inputs.
        const session = await t.services.sessions.create(userId)
        const inputs = fc.sample(
          inputArb(route.method, session.session.csrfToken, fields, route.fields, route.bodySchema),
          { seed, numRuns: RUNS },
        )
        for (const input of inputs) {
          // Signing out, or closing the account, ends the session: each request starts afresh.
          const fresh =
            route.url === '/sign-out' || route.url === '/my/account/close'
              ? await t.services.sessions.create(userId)
              : session
          const url = concreteUrl(route.url, input.params, input.query)
          const headers: Record<string, string> = { cookie: `__Host-apc_session=${fresh.token}` }
          if (identity === 'api-token') headers.authorization = `Bearer ${apiToken}`
          if (input.body?.type) headers['content-type'] = input.body.type
          // A body with no form field to carry the token (JSON, or one the app will not read)
          // carries it in the header instead, as a script would, so that it too reaches the
          // code that reads it.
          if (input.body && !input.body.type?.startsWith('application/x-www-form-urlencoded'))
            headers['x-csrf-token'] = fresh.session.csrfToken
          const payload =
            input.body && fresh !== session && typeof input.body.payload === 'string'
              ? input.body.payload.replaceAll(session.session.csrfToken, fresh.session.csrfToken)
              : input.body?.payload
          if (fresh !== session) before = await fingerprint()
          let status: number
          let body: string
          try {
            const res = await t.app.inject({
              method: route.method as 'GET',
              url,
              headers,
              ...(payload === undefined ? {} : { payload }),
            })
            status = res.statusCode
            body = res.body
          } catch (error) {
            status = 599
            body = String((error as Error).stack)
          }
          requests++
          const where = `${route.method} ${route.url}`
          if (status >= 500)
            failures.push({
              key: `${where} | ${input.kind}`,
              detail: `${where} as ${identity}, ${input.kind}: ${status}\n    ${describeInput(input, url)}\n    ${body.slice(0, 300).replaceAll('\n', ' ')}`,
            })
          const afterwards = await fingerprint()
          const changed = [...afterwards]
            .filter(([table, f]) => before.get(table) !== f)
            .map(([table]) => table)
          if (status >= 400 && status < 500) {
            if (changed.length > 0)
              failures.push({
                key: `${where} | ${input.kind} | changed the database`,
                detail: `${where} as ${identity}, ${input.kind}: ${status} but changed ${changed.join(', ')}\n    ${describeInput(input, url)}`,
              })
          }
          before = afterwards
        }
      }
    }
    context.diagnostic(`${requests} requests on ${list.length} routes`)
    const keys = new Set(failures.map((f) => f.key))
    const unexpected = failures.filter((f) => !KNOWN_FAILURES.includes(f.key))
    const gone = KNOWN_FAILURES.filter((k) => !keys.has(k))
    assert.ok(requests > list.length * 2 * RUNS * 0.99, `only ${requests} requests for ${list.length} routes`)
    assert.deepEqual(
      unexpected.map((f) => f.detail),
      [],
      `${unexpected.length} of ${requests} requests (${list.length} routes) failed:\n${[...new Set(unexpected.map((f) => f.key))].join('\n')}`,
    )
    assert.deepEqual(gone, [], 'known failures that no longer happen: take them off the list')
  })
})
