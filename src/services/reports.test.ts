// Every figure of every dashboard, as each audience sees it: a stable, well-formed id of its
// own, the dashboard and id its source names, a chart drawn from columns it has, rows holding
// only its columns, a sentence, and Centre-only figures seen by Centre admins alone.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DASHBOARDS, type Audience } from '../domain/statistics.ts'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { DATASET_SOURCES } from './reports.ts'

const AUDIENCES: Audience[] = [
  { kind: 'public' },
  { kind: 'centre' },
  {
    kind: 'provider',
    organisationId: '00000000-0000-4000-8000-000000000000',
    organisationName: 'A provider',
  },
]

describe('every figure of every dashboard', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp()
  })
  after(() => t.close())

  it('has a stable, well-formed id of its own, and every dashboard has figures', () => {
    const ids = DATASET_SOURCES.map((s) => s.id)
    assert.equal(new Set(ids).size, ids.length, 'ids are unique')
    for (const id of ids) assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/)
    for (const dashboard of DASHBOARDS)
      assert.ok(
        DATASET_SOURCES.some((s) => s.dashboard === dashboard && s.visibility === 'public'),
        `${dashboard} has a public figure`,
      )
  })

  for (const audience of AUDIENCES) {
    it(`computes each figure ${audience.kind === 'public' ? 'for the public' : `for ${audience.kind === 'centre' ? 'a Centre admin' : 'a provider'}`}, drawn from its own columns`, async () => {
      for (const dashboard of DASHBOARDS) {
        const figures = await t.services.reports.dashboard(dashboard, {}, audience)
        const expected = DATASET_SOURCES.filter(
          (s) => s.dashboard === dashboard && (s.visibility === 'public' || audience.kind === 'centre'),
        ).map((s) => s.id)
        assert.deepEqual(
          figures.map((f) => f.id),
          expected,
        )
        for (const f of figures) {
          assert.equal(f.dashboard, dashboard)
          assert.ok(f.title.length > 0 && /[.!]$/.test(f.summary), `${f.id}: a title and a sentence`)
          const keys = new Set(f.columns.map((c) => c.key))
          for (const row of f.rows)
            for (const key of Object.keys(row)) assert.ok(keys.has(key), `${f.id}: ${key} is a column`)
          const chart = f.chart
          const used =
            chart.kind === 'bars'
              ? [chart.category, chart.value]
              : chart.kind === 'lines'
                ? [chart.x, chart.value, ...(chart.series ? [chart.series] : [])]
                : chart.kind === 'regions'
                  ? [chart.region, chart.value]
                  : []
          for (const key of used) assert.ok(keys.has(key), `${f.id}: the chart's ${key} is a column`)
          assert.equal(f.suppressed, audience.kind !== 'centre')
        }
      }
    })
  }
})
