import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, TEST_BASE_URL, type TestApp } from '../../../test/support/app.ts'

interface ListBody {
  items: Array<Record<string, unknown> & { slug: string; status: string; area: { slug: string } }>
  total: number
  page: number
  pageSize: number
  pageCount: number
  links: { self: string; next: string | null; prev: string | null }
}

describe('the catalogue API', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp()
  })
  after(() => t.close())

  const get = (url: string) => t.app.inject({ method: 'GET', url })

  it('lists credentials, paginated, each with its fields and page URL', async () => {
    const res = await get('/api/v1/credentials')
    assert.equal(res.statusCode, 200)
    const body = res.json<ListBody>()
    assert.equal(body.total, 36)
    assert.equal(body.items.length, 20)
    assert.equal(body.pageCount, 2)
    assert.equal(body.links.prev, null)
    assert.equal(body.links.next, `${TEST_BASE_URL}/api/v1/credentials?page=2&pageSize=20`)
    const first = body.items[0]!
    for (const key of ['id', 'slug', 'title', 'area', 'status', 'level', 'type', 'due', 'url']) {
      assert.ok(key in first, `item has ${key}`)
    }
    assert.equal(first.url, `${TEST_BASE_URL}/credentials/${first.slug}`)

    const second = (await get('/api/v1/credentials?page=2')).json<ListBody>()
    assert.equal(second.items.length, 16)
    assert.equal(second.links.next, null)
    const slugs = new Set([...body.items, ...second.items].map((i) => i.slug))
    assert.equal(slugs.size, 36, 'the two pages together list every credential once')
  })

  it('filters by area, status, type and words', async () => {
    const body = (await get('/api/v1/credentials?area=rehabilitation&status=endorsed')).json<ListBody>()
    assert.deepEqual(body.items.map((i) => i.slug).sort(), [
      'community-based-rehabilitation',
      'neurological-rehabilitation',
    ])
    const curricula = (await get('/api/v1/credentials?type=curriculum')).json<ListBody>()
    assert.equal(curricula.total, 4)
    const older = (await get('/api/v1/credentials?q=older')).json<ListBody>()
    assert.deepEqual(
      older.items.map((i) => i.slug),
      ['acute-medicine', 'older-people', 'mental-health'],
      'the title, and two notes that name older people',
    )
    const dueItem = (await get('/api/v1/credentials?q=lower+limb')).json<ListBody>().items[0]!
    assert.deepEqual(dueItem.due, { season: 'spring', year: 2020 })
    assert.equal(dueItem.statusLabel, 'Was due Spring 2020', 'a season long past')
  })

  it('searches as the catalogue page does: MSK finds "Musculo-skeletal conditions"', async () => {
    for (const q of ['MSK', 'musculoskeletal', 'musculo skeletal', 'muscùlo-skeletal']) {
      const found = (await get(`/api/v1/credentials?q=${encodeURIComponent(q)}`)).json<ListBody>()
      assert.ok(
        found.items.some((i) => i.slug === 'musculo-skeletal-conditions'),
        q,
      )
    }
  })

  it('gives one credential with its timeline', async () => {
    const res = await get('/api/v1/credentials/pelvic-health')
    assert.equal(res.statusCode, 200)
    const body = res.json<{ status: string; timeline: Array<{ status: string; statusLabel: string }> }>()
    assert.equal(body.status, 'endorsed')
    assert.deepEqual(
      body.timeline.map((e) => e.statusLabel),
      ['Was due Spring 2021', 'Endorsed'],
    )
  })

  it("dates a seeded timeline entry when its source does, to the source's precision, not the day of the seed", async () => {
    const body = (await get('/api/v1/credentials/pelvic-health')).json<{
      timeline: Array<Record<string, unknown>>
    }>()
    assert.deepEqual(
      body.timeline.map(({ recordedAt, recordedAtPrecision, approximate, source }) => ({
        recordedAt,
        recordedAtPrecision,
        approximate,
        source,
      })),
      [
        {
          recordedAt: '2020',
          recordedAtPrecision: 'year',
          approximate: true,
          source: 'Health Education England web page "Credentials"',
        },
        {
          recordedAt: '2022',
          recordedAtPrecision: 'year',
          approximate: false,
          source: 'Centre for Advancing Practice web page "Credentials"',
        },
      ],
    )
  })

  const problems: Array<[string, number, RegExp]> = [
    ['/api/v1/credentials?status=approved', 400, /status/],
    ['/api/v1/credentials?type=book', 400, /type/],
    ['/api/v1/credentials?area=astrology', 400, /no clinical area "astrology"/],
    ['/api/v1/credentials?area=NOT%20A%20SLUG', 400, /area/],
    ['/api/v1/credentials?page=0', 400, /page/],
    ['/api/v1/credentials?page=two', 400, /page/],
    ['/api/v1/credentials?pageSize=1000', 400, /pageSize/],
    ['/api/v1/credentials?colour=blue', 400, /colour|additional/],
    [`/api/v1/credentials?q=${'x'.repeat(201)}`, 400, /q/],
    ['/api/v1/credentials/no-such-credential', 404, /no credential "no-such-credential"/],
    ['/api/v1/credentials/Not_A_Slug', 400, /slug/],
    ['/api/v1/nothing-here', 404, /nothing at/],
  ]
  for (const [url, status, detail] of problems) {
    it(`answers ${url.slice(0, 60)} with a ${status} problem document`, async () => {
      const res = await get(url)
      assert.equal(res.statusCode, status)
      assert.match(res.headers['content-type'] as string, /^application\/problem\+json/)
      const body = res.json<{
        type: string
        title: string
        status: number
        detail: string
        errors?: unknown
      }>()
      assert.equal(body.status, status)
      assert.equal(body.type, 'about:blank')
      assert.ok(body.title.length > 0)
      assert.match(`${body.detail} ${JSON.stringify(body.errors ?? [])}`, detail)
    })
  }

  it('publishes an OpenAPI 3.1 document describing every API route, from the validating schemas', async () => {
    const res = await get('/api/openapi.json')
    assert.equal(res.statusCode, 200)
    const doc = res.json<{
      openapi: string
      paths: Record<string, { get?: { parameters?: Array<{ name: string; schema: { enum?: string[] } }> } }>
    }>()
    assert.equal(doc.openapi, '3.1.0')
    const apiRoutes = t.app.registeredRoutes.filter((r) => r.url.startsWith('/api/') && r.method === 'GET')
    assert.ok(apiRoutes.length >= 3)
    for (const route of apiRoutes) {
      const openApiPath = route.url.replace(/:([A-Za-z]+)/g, '{$1}')
      assert.ok(doc.paths[openApiPath]?.get, `${route.url} is described`)
    }
    const status = doc.paths['/api/v1/credentials']!.get!.parameters!.find((p) => p.name === 'status')
    assert.ok(status?.schema.enum?.includes('endorsed'), 'the status filter lists the lifecycle statuses')
  })
})
