// The dashboards' pages and open data, with figures computed from a real database: each figure
// is a chart named by its title and sentence, with the same rows as a table, a CSV and a JSON
// document; small counts are withheld from everyone but Centre admins; Centre-only figures are
// refused to everyone else; a provider sees its own column and never another provider's; a
// filter that cannot be read is shown in the error summary or refused as a problem document.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { parse as parseCsv } from 'csv-parse/sync'
import { createApp } from '../../app.ts'
import { fixedClock } from '../../domain/clock.ts'
import type { Audience, Dataset, ReportFilters } from '../../domain/statistics.ts'
import { createServices } from '../../services/index.ts'
import { createReferenceData } from '../../services/reference-data.ts'
import { createReportsService, type DatasetSource } from '../../services/reports.ts'
import { Agent, createAccount, signedIn } from '../../../test/support/agent.ts'
import { testConfig, type TestApp } from '../../../test/support/app.ts'
import { createTestDatabase } from '../../../test/support/database.ts'
import { errorSummary, html, words } from '../../../test/support/html.ts'
import { cellText } from './charts.ts'

const clock = fixedClock('2027-01-06T10:00:00Z')
const seen: Array<{ id: string; filters: ReportFilters; audience: Audience['kind'] }> = []

/** Providers by region, counted in the database: a figure with small and large counts. */
const byRegion: DatasetSource = {
  id: 'providers-by-region',
  dashboard: 'delivery',
  visibility: 'public',
  filters: ['region', 'area', 'from', 'to'],
  totalled: ['providers'],
  async compute({ db }, filters, audience) {
    seen.push({ id: 'providers-by-region', filters, audience: audience.kind })
    const rows = await db
      .selectFrom('organisation')
      .select(['region', (eb) => eb.fn.countAll<string>().as('n')])
      .where('kind', '=', 'provider')
      .where('region', 'is not', null)
      .groupBy('region')
      .orderBy('region')
      .execute()
    const own =
      audience.kind === 'provider'
        ? await db
            .selectFrom('organisation')
            .select('region')
            .where('id', '=', audience.organisationId)
            .executeTakeFirst()
        : undefined
    return {
      id: 'providers-by-region',
      dashboard: 'delivery',
      title: 'Providers by region',
      summary: `Providers are registered in ${rows.length} regions.`,
      columns: [
        { key: 'region', label: 'Region', numeric: false },
        { key: 'providers', label: 'Providers', numeric: true },
        ...(own
          ? [
              {
                key: 'yours',
                label: audience.kind === 'provider' ? audience.organisationName : '',
                numeric: true,
              },
            ]
          : []),
      ],
      rows: rows.map((r) => ({
        region: r.region,
        providers: Number(r.n),
        ...(own ? { yours: own.region === r.region ? 1 : 0 } : {}),
      })),
      chart: { kind: 'bars', category: 'region', value: 'providers' },
      computedAt: clock.now(),
      suppressed: false,
    }
  },
}

/** A month-by-month figure drawn as lines, with two series. */
const monthly: DatasetSource = {
  id: 'registrations-by-month',
  dashboard: 'delivery',
  visibility: 'public',
  filters: ['from', 'to'],
  async compute() {
    const rows = [
      ['2026-10', 'Universities', 12],
      ['2026-11', 'Universities', 15],
      ['2026-10', 'Employers', 6],
      ['2026-11', 'Employers', 9],
    ] as const
    return {
      id: 'registrations-by-month',
      dashboard: 'delivery',
      title: 'Registrations by month',
      summary: 'Registrations rose in November 2026.',
      columns: [
        { key: 'month', label: 'Month', numeric: false },
        { key: 'kind', label: 'Kind of provider', numeric: false },
        { key: 'registrations', label: 'Registrations', numeric: true },
      ],
      rows: rows.map(([month, kind, registrations]) => ({ month, kind, registrations })),
      chart: { kind: 'lines', x: 'month', value: 'registrations', series: 'kind' },
      computedAt: new Date('2027-01-06T09:30:00Z'),
      suppressed: false,
    }
  },
}

/** Provider-level details: for Centre admins only. */
const centreOnly: DatasetSource = {
  id: 'provider-details',
  dashboard: 'delivery',
  visibility: 'centre',
  filters: [],
  async compute() {
    return {
      id: 'provider-details',
      dashboard: 'delivery',
      title: 'Each provider',
      summary: 'Two providers.',
      columns: [
        { key: 'provider', label: 'Provider', numeric: false },
        { key: 'returns', label: 'Late returns', numeric: true },
      ],
      rows: [
        { provider: 'North University', returns: 2 },
        { provider: 'South University', returns: 7 },
      ],
      chart: { kind: 'table' },
      computedAt: clock.now(),
      suppressed: false,
    }
  },
}

describe('dashboards and open data', () => {
  let t: TestApp
  let north: string

  before(async () => {
    const database = await createTestDatabase()
    const config = testConfig()
    const services = createServices(database, config, { clock })
    services.reports = createReportsService(database.db, clock, createReferenceData(database), [
      byRegion,
      monthly,
      centreOnly,
    ])
    const app = await createApp(services, { config })
    await app.ready()
    t = {
      app,
      services,
      config,
      database,
      async close() {
        await app.close()
        await database.close()
      },
    }
    const providers = [
      ...Array.from({ length: 3 }, (_, i) => ({ name: `London provider ${i}`, region: 'london' as const })),
      ...Array.from({ length: 8 }, (_, i) => ({
        name: `Midlands provider ${i}`,
        region: 'midlands' as const,
      })),
      ...Array.from({ length: 6 }, (_, i) => ({
        name: `North West provider ${i}`,
        region: 'north_west' as const,
      })),
    ]
    const inserted = await database.db
      .insertInto('organisation')
      .values(providers.map((p) => ({ ...p, kind: 'provider' as const })))
      .returning(['id', 'name'])
      .execute()
    north = inserted.find((o) => o.name === 'North West provider 0')?.id ?? ''
    await createAccount(t, 'reports.admin@example.org', [{ role: 'centre_admin' }])
    await createAccount(t, 'reports.provider@example.org', [
      { role: 'provider_admin', organisationId: north },
    ])
  })
  after(() => t.close())

  const csvOf = async (agent: Agent, url: string) => {
    const response = await agent.get(url)
    assert.equal(response.statusCode, 200, url)
    assert.match(String(response.headers['content-type']), /^text\/csv/)
    const rows: string[][] = parseCsv(response.body)
    return rows
  }

  it('lists the dashboards that have figures, and the open data', async () => {
    const page = html((await new Agent(t.app).get('/reports')).body)
    const links = page.querySelectorAll('main h2 a').map((a) => a.getAttribute('href'))
    assert.deepEqual(links, ['/reports/delivery'])
    assert.ok(page.querySelector('a[href="/reports/data"]'))
  })

  it('shows each figure as a chart named by its title and sentence, with the same rows as its CSV and JSON', async () => {
    const agent = new Agent(t.app)
    const page = html((await agent.get('/reports/delivery')).body)
    const sections = page.querySelectorAll('section.app-figure')
    assert.deepEqual(
      sections.map((s) => words(s.querySelector('h2')?.textContent)),
      ['Providers by region', 'Registrations by month'],
      'the Centre-only figure is not shown to the public',
    )
    for (const section of sections) {
      const svg = section.querySelector('svg')
      assert.ok(svg, 'a chart')
      const title = words(section.querySelector('h2')?.textContent)
      assert.equal(words(svg.querySelector('title')?.textContent), title)
      assert.equal(
        words(svg.querySelector('desc')?.textContent),
        words(section.querySelector('p')?.textContent),
      )
      assert.equal(svg.querySelectorAll('style').length, 0)
      const table = section.querySelector('details table')
      assert.ok(table, 'the numbers in a details component')
      const shown = table.querySelectorAll('tbody tr').map((tr) =>
        tr.querySelectorAll('td').map((td) => {
          td.querySelector('.nhsuk-table__heading')?.remove()
          return words(td.textContent)
        }),
      )
      const [csvLink, jsonLink] = section
        .querySelectorAll('a[href^="/reports/data/"]')
        .map((a) => a.getAttribute('href') ?? '')
      assert.ok(csvLink?.endsWith('.csv') && jsonLink?.endsWith('.json'), 'links to its data')
      if (!csvLink || !jsonLink) continue
      const json: Dataset & { licence: { name: string } } = JSON.parse((await agent.get(jsonLink)).body)
      assert.equal(json.title, title)
      assert.equal(json.licence.name, 'Open Government Licence v3.0')
      const [header, ...csvRows] = await csvOf(agent, csvLink)
      assert.deepEqual(
        header,
        json.columns.map((c) => c.label),
      )
      assert.deepEqual(
        csvRows,
        json.rows.map((row) => json.columns.map((c) => (row[c.key] === null ? '' : String(row[c.key])))),
        'the CSV holds the JSON rows',
      )
      // A line chart with series is read across (a row a month, a column a series); any other
      // figure's table is its rows as they are.
      const expected =
        json.id === 'registrations-by-month'
          ? ['2026-10', '2026-11'].map((month) => [
              cellText({ key: 'month', label: 'Month', numeric: false }, month),
              ...['Universities', 'Employers'].map((kind) =>
                String(json.rows.find((r) => r.month === month && r.kind === kind)?.registrations),
              ),
            ])
          : json.rows.map((row) => json.columns.map((c) => cellText(c, row[c.key] ?? null)))
      assert.deepEqual(shown, expected, 'the table shows the same numbers')
      if (json.id === 'registrations-by-month')
        assert.deepEqual(
          table.querySelectorAll('thead th').map((th) => words(th.textContent)),
          ['Month', 'Universities', 'Employers'],
        )
    }
  })

  it('withholds counts from 1 to 4 from the public, and recoverable ones too; Centre admins see them', async () => {
    const publicJson = JSON.parse((await new Agent(t.app).get('/reports/data/providers-by-region.json')).body)
    assert.equal(publicJson.suppressed, true)
    assert.deepEqual(
      publicJson.rows.map((r: { region: string; providers: number | null }) => [r.region, r.providers]),
      [
        ['london', null],
        // The published total would give London's 3 away, so the next smallest is withheld too.
        ['midlands', 8],
        ['north_west', null],
      ],
    )
    const page = html((await new Agent(t.app).get('/reports/delivery')).body)
    assert.ok(
      words(page.querySelector('#providers-by-region-heading')?.parentNode?.textContent).includes(
        'fewer than 5',
      ),
    )
    const admin = await signedIn(t, 'reports.admin@example.org')
    const exact = JSON.parse((await admin.get('/reports/data/providers-by-region.json')).body)
    assert.equal(exact.suppressed, false)
    assert.deepEqual(
      exact.rows.map((r: { providers: number }) => r.providers),
      [3, 8, 6],
    )
  })

  it('refuses Centre-only figures to everyone else, and shows them to Centre admins', async () => {
    const anonymous = await new Agent(t.app).get('/reports/data/provider-details.json')
    assert.equal(anonymous.statusCode, 404)
    assert.match(String(anonymous.headers['content-type']), /^application\/problem\+json/)
    const provider = await signedIn(t, 'reports.provider@example.org')
    assert.equal((await provider.get('/reports/data/provider-details.csv')).statusCode, 404)
    const providerPage = html((await provider.get('/reports/delivery')).body)
    assert.equal(providerPage.querySelector('#provider-details-heading'), null)
    const admin = await signedIn(t, 'reports.admin@example.org')
    const adminPage = html((await admin.get('/reports/delivery')).body)
    assert.ok(adminPage.querySelector('#provider-details-heading'))
    const [header] = await csvOf(admin, '/reports/data/provider-details.csv')
    assert.deepEqual(header, ['Provider', 'Late returns'])
  })

  it("shows a provider its own column beside the nation's, and no other provider's", async () => {
    const provider = await signedIn(t, 'reports.provider@example.org')
    const json = JSON.parse((await provider.get('/reports/data/providers-by-region.json')).body)
    assert.deepEqual(
      json.columns.map((c: { label: string }) => c.label),
      ['Region', 'Providers', 'North West provider 0'],
    )
    assert.ok(!(await provider.get('/reports/delivery')).body.includes('Midlands provider'))
    assert.equal(seen.at(-1)?.audience, 'provider')
  })

  it('passes the filters to the figures that honour them, the area by its id, and keeps them in the data links', async () => {
    const area = await t.database.db
      .selectFrom('clinical_area')
      .select(['id', 'slug'])
      .executeTakeFirstOrThrow()
    const page = html(
      (
        await new Agent(t.app).get(
          `/reports/delivery?from=2026-01&to=2026-06&region=london&area=${area.slug}`,
        )
      ).body,
    )
    assert.deepEqual(seen.at(-1)?.filters, {
      from: '2026-01',
      to: '2026-06',
      area: String(area.id),
      region: 'london',
    })
    assert.equal(
      page.querySelector('a[href^="/reports/data/providers-by-region.csv"]')?.getAttribute('href'),
      `/reports/data/providers-by-region.csv?from=2026-01&to=2026-06&area=${area.slug}&region=london`,
    )
    assert.equal(page.querySelector('select#region option[selected]')?.getAttribute('value'), 'london')
  })

  it('shows a filter that cannot be read in the error summary, and refuses it in the data', async () => {
    const page = html(
      (await new Agent(t.app).get('/reports/delivery?from=2026-09&to=2026-02&region=mars')).body,
    )
    assert.deepEqual(errorSummary(page), [
      'The month to end with must be the same as or after September 2026',
      'Choose an NHS England region from the list',
    ])
    const refused = await new Agent(t.app).get('/reports/data/providers-by-region.json?region=mars')
    assert.equal(refused.statusCode, 400)
    assert.match(String(refused.headers['content-type']), /^application\/problem\+json/)
    assert.equal((await new Agent(t.app).get('/reports/nowhere')).statusCode, 404)
    assert.equal(
      (await new Agent(t.app).get('/reports/engagement')).statusCode,
      404,
      'a dashboard with no figures',
    )
  })

  it('says when the figures were computed, and lists every public figure as open data', async () => {
    const response = await new Agent(t.app).get('/reports/data/registrations-by-month.csv')
    assert.equal(response.headers['last-modified'], 'Wed, 06 Jan 2027 09:30:00 GMT')
    assert.match(String(response.headers.link), /open-government-licence.*rel="license"/)
    const index = JSON.parse((await new Agent(t.app).get('/reports/data')).body)
    assert.deepEqual(
      index.datasets.map((d: { id: string }) => d.id),
      ['providers-by-region', 'registrations-by-month'],
    )
    const page = html((await new Agent(t.app).get('/reports/delivery')).body)
    const monthlySection = page.querySelectorAll('section.app-figure')[1]
    assert.match(words(monthlySection?.textContent), /Figures computed 6 January 2027 at 9:30 am/)
  })

  it('documents the open data in the OpenAPI description, under the Open Government Licence', () => {
    const doc = t.app.swagger() as {
      paths: Record<string, { get?: { tags?: string[]; description?: string } }>
    }
    for (const path of ['/reports/data', '/reports/data/{file}'])
      assert.deepEqual(doc.paths[path]?.get?.tags, ['open data'], path)
    assert.match(doc.paths['/reports/data/{file}']?.get?.description ?? '', /Open Government Licence/)
  })
})
