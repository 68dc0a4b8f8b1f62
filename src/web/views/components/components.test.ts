// Our own components, checked as nhsuk-frontend checks its own: every fixture of every
// component under views/components is rendered through the service's Nunjucks environment,
// its key markup read with an HTML parser, and the page it makes checked by axe-core in
// Chromium with the service's stylesheets. A component without fixtures or checks fails here.
import { systemClock } from '../../../domain/clock.ts'
import { Type } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { parse, type HTMLElement } from 'node-html-parser'
import { chromium, type Browser, type Page } from 'playwright-core'
import {
  assertAccessible,
  CHROMIUM_ARGS,
  chromiumPath,
  newContext,
} from '../../../../test/support/browser.ts'
import { createViewEnvironment, govukDate, nhsukStylesheet } from '../../plugins/views.ts'

const componentsDir = path.dirname(fileURLToPath(import.meta.url))
// The stylesheets as the service serves them.
const stylesheets = [
  nhsukStylesheet(),
  readFileSync(path.join(componentsDir, '../../public/app.css'), 'utf8'),
]

const FixturesFile = Type.Object({
  component: Type.String(),
  macro: Type.String({ pattern: '^app[A-Z][A-Za-z]*$' }),
  fixtures: Type.Array(
    Type.Object({
      name: Type.String(),
      context: Type.Record(Type.String(), Type.Unknown()),
      /** What the page writes between {% call %} and {% endcall %}, for a component that takes it. */
      callBlock: Type.Optional(Type.String()),
    }),
    { minItems: 1 },
  ),
})
type Fixture = (typeof FixturesFile.static)['fixtures'][number]

function readFixtures(component: string): typeof FixturesFile.static {
  const data: unknown = JSON.parse(readFileSync(path.join(componentsDir, component, 'fixtures.json'), 'utf8'))
  assert.ok(
    Value.Check(FixturesFile, data),
    `${component}/fixtures.json: ${[...Value.Errors(FixturesFile, data)][0]?.message}`,
  )
  assert.equal(data.component, component)
  return data
}

const env = createViewEnvironment(systemClock)

function render(
  component: string,
  macro: string,
  fixture: Fixture,
  page: Record<string, unknown> = {},
): string {
  const call =
    fixture.callBlock === undefined
      ? `{{ ${macro}(params) }}`
      : `{% call ${macro}(params) %}{{ callBlock | safe }}{% endcall %}`
  return env.renderString(
    `{% from "components/${component}/macro.njk" import ${macro} with context %}${call}`,
    {
      ...page,
      params: fixture.context,
      callBlock: fixture.callBlock,
    },
  )
}

const text = (element: HTMLElement | null | undefined) => element?.textContent.replace(/\s+/g, ' ').trim()
const one = (root: HTMLElement, selector: string): HTMLElement => {
  const found = root.querySelectorAll(selector)
  assert.equal(found.length, 1, `one ${selector}`)
  const [element] = found
  assert.ok(element)
  return element
}
/** A value in a fixture's context, following keys and list indexes: get(fixture, "rows", 0, "id"). */
function get(fixture: Fixture, ...keys: Array<string | number>): unknown {
  let value: unknown = fixture.context
  for (const key of keys)
    value = typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined
  return value
}
const str = (value: unknown) => (value === undefined || value === null ? '' : String(value))

/** What each component's markup must say for a fixture, read as HTML. */
const CHECKS: Record<string, (root: HTMLElement, fixture: Fixture) => void> = {
  form(root, fixture) {
    const form = one(root, 'form')
    const method = get(fixture, 'method') ?? 'post'
    assert.equal(form.getAttribute('method'), method)
    assert.equal(form.getAttribute('action'), get(fixture, 'action'))
    assert.ok(form.hasAttribute('novalidate'), 'the server checks the fields, not the browser')
    assert.equal(form.getAttribute('enctype'), get(fixture, 'enctype'))
    assert.equal(form.getAttribute('class'), get(fixture, 'classes'))
    const csrf = form.querySelectorAll('input[name="_csrf"]')
    if (method === 'post') {
      assert.equal(csrf.length, 1)
      assert.equal(csrf[0]?.getAttribute('type'), 'hidden')
      assert.equal(csrf[0]?.getAttribute('value'), get(fixture, 'csrfToken'))
    } else {
      assert.equal(csrf.length, 0, 'a GET form puts no token in the address')
    }
    assert.ok(form.querySelector('button[type="submit"]'), 'the call block is inside the form')
  },

  'check-answers'(root, fixture) {
    const sections = get(fixture, 'sections')
    assert.ok(Array.isArray(sections))
    const headings = root.querySelectorAll('h2')
    assert.deepEqual(
      headings.map((h) => [h.getAttribute('id'), text(h)]),
      sections.map((_, i) => [
        `check-${str(get(fixture, 'sections', i, 'id'))}`,
        get(fixture, 'sections', i, 'title'),
      ]),
    )
    const lists = root.querySelectorAll('dl.nhsuk-summary-list')
    assert.equal(lists.length, sections.length, 'a summary list for each section')
    lists.forEach((list, i) => {
      const rows = list.querySelectorAll('.nhsuk-summary-list__row')
      const given = get(fixture, 'sections', i, 'rows')
      assert.ok(Array.isArray(given))
      assert.equal(rows.length, given.length)
      rows.forEach((row, j) => {
        const key = str(get(fixture, 'sections', i, 'rows', j, 'key', 'text'))
        assert.equal(text(row.querySelector('dt')), key)
        assert.equal(
          text(row.querySelector('.nhsuk-summary-list__value')),
          get(fixture, 'sections', i, 'rows', j, 'value', 'text'),
        )
        const change = one(row, '.nhsuk-summary-list__actions a')
        assert.equal(
          change.getAttribute('href'),
          get(fixture, 'sections', i, 'rows', j, 'actions', 'items', 0, 'href'),
        )
        assert.equal(text(change), `Change ${key}`, 'the link names what it changes')
      })
    })
  },

  'date-field'(root, fixture) {
    const id = str(get(fixture, 'id'))
    assert.equal(text(one(root, 'legend')), get(fixture, 'legend'))
    assert.equal(text(root.querySelector(`#${id}-hint`)), get(fixture, 'hint'))
    const inputs = root.querySelectorAll('input')
    // Named id[day] and so on, unless the fixture gives another prefix ("" for plain names).
    const prefix = get(fixture, 'namePrefix') ?? id
    const parts = ['day', 'month', 'year']
    const names = parts.map((part) => (prefix ? `${str(prefix)}[${part}]` : part))
    assert.deepEqual(
      inputs.map((input) => input.getAttribute('name')),
      names,
    )
    assert.deepEqual(
      inputs.map((input) => input.getAttribute('id')),
      parts.map((part) => `${id}-${part}`),
    )
    assert.deepEqual(
      inputs.map((input) => input.getAttribute('value')),
      names.map((name) => get(fixture, 'values', name)),
    )
    const error = get(fixture, 'errorMessage', 'text')
    if (error) {
      assert.equal(text(one(root, `#${id}-error`)), `Error: ${str(error)}`)
      assert.ok(
        inputs.every((input) => input.classList.contains('nhsuk-input--error')),
        'every box is marked',
      )
      assert.ok(one(root, 'fieldset').getAttribute('aria-describedby')?.split(' ').includes(`${id}-error`))
    } else {
      assert.equal(root.querySelector('.nhsuk-error-message'), null)
      assert.ok(inputs.every((input) => !input.classList.contains('nhsuk-input--error')))
    }
  },

  chart(root, fixture) {
    const id = str(get(fixture, 'id'))
    const heading = one(root, `h${str(get(fixture, 'headingLevel') ?? 2)}`)
    assert.equal(text(heading), get(fixture, 'title'))
    assert.equal(one(root, 'section').getAttribute('aria-labelledby'), heading.getAttribute('id'))
    const svg = root.querySelector('svg')
    if (get(fixture, 'svg')) {
      assert.ok(svg, 'the chart is drawn')
      assert.equal(svg.getAttribute('role'), 'img')
      assert.equal(text(svg.querySelector('title')), get(fixture, 'title'))
      assert.equal(text(svg.querySelector('desc')), get(fixture, 'summary'))
      assert.ok(one(root, 'details').querySelector('table'), 'the numbers are in a details component')
    } else assert.equal(svg, null)
    // The table holds the same rows as the data, each cell as the page shows it.
    const rows = one(root, 'table').querySelectorAll('tbody tr')
    const expected = get(fixture, 'table', 'rows')
    assert.ok(Array.isArray(expected))
    const cells = rows.map((r) =>
      r.querySelectorAll('td').map((td) => {
        td.querySelector('.nhsuk-table__heading')?.remove()
        return text(td)
      }),
    )
    assert.deepEqual(
      cells,
      expected.map((row: unknown) =>
        (Array.isArray(row) ? row : []).map((cell: unknown) => str(Reflect.get(Object(cell), 'text'))),
      ),
    )
    const key = root.querySelectorAll('.app-chart-key li')
    const names = get(fixture, 'key')
    assert.equal(key.length, Array.isArray(names) && names.length > 1 ? names.length : 0)
    const links = root.querySelectorAll('a').map((a) => a.getAttribute('href'))
    assert.deepEqual(links, [get(fixture, 'csvHref'), get(fixture, 'jsonHref')])
    assert.ok(str(get(fixture, 'csvHref')).startsWith(`/reports/data/${id}.csv`))
  },

  'list-total'(root, fixture) {
    const status = one(root, 'p[role="status"]')
    const shown = str(get(fixture, 'text'))
    const link = status.querySelector('a')
    if (get(fixture, 'total')) {
      assert.equal(text(status), `${shown} (download all ${shown} as CSV)`)
      assert.equal(link?.getAttribute('href'), get(fixture, 'downloadHref'))
      assert.ok(link?.hasAttribute('download'))
    } else {
      assert.equal(text(status), shown)
      assert.equal(link, null, 'nothing to download')
    }
  },

  'award-copies'(root, fixture) {
    const links = one(root, 'ul.app-award-copies').querySelectorAll('li > a')
    const active = get(fixture, 'status') === 'active'
    const wallet = get(fixture, 'walletPath')
    assert.deepEqual(
      links.map((a) => a.getAttribute('href')),
      [
        ...['certificatePath', 'jsonPath', 'jwtPath', 'verifyPath'].map((key) => get(fixture, key)),
        ...(wallet ? [wallet] : []),
        ...(active ? [get(fixture, 'linkedInUrl')] : []),
      ],
    )
    assert.deepEqual(
      links.map((a) => a.hasAttribute('download')),
      [true, true, true, false, ...(wallet ? [false] : []), ...(active ? [false] : [])],
    )
    const title = str(get(fixture, 'credentialTitle'))
    for (const a of links) assert.ok(text(a.querySelector('.nhsuk-u-visually-hidden'))?.includes(title))
  },

  'phase-banner'(root, fixture) {
    const banner = one(root, '.app-phase-banner')
    assert.equal(text(one(banner, 'strong.nhsuk-tag')), get(fixture, 'phase'))
    const link = one(banner, 'a')
    assert.equal(link.getAttribute('href'), get(fixture, 'feedbackHref'))
    assert.equal(text(link), get(fixture, 'feedbackText'))
    assert.equal(
      text(banner),
      `${str(get(fixture, 'phase'))} ${str(get(fixture, 'text'))} ${str(get(fixture, 'feedbackText'))}.`,
    )
  },

  'returns-table'(root, fixture) {
    const table = one(root, 'table.nhsuk-table')
    assert.equal(text(table.querySelector('caption')), get(fixture, 'caption'))
    const showProvider = get(fixture, 'showProvider') === true
    assert.deepEqual(table.querySelectorAll('thead th').map(text), [
      ...(showProvider ? ['Provider'] : []),
      'Credential',
      'Year',
      'Due',
      'State',
    ])
    const rows = get(fixture, 'rows')
    assert.ok(Array.isArray(rows))
    const bodyRows = table.querySelectorAll('tbody tr')
    assert.equal(bodyRows.length, rows.length)
    bodyRows.forEach((tr, i) => {
      const row = (key: string) => get(fixture, 'rows', i, key)
      const title = `${str(row('credentialTitle'))}, year ${str(row('periodYear'))}`
      // Each cell repeats its column's heading for the card it becomes on a phone.
      assert.deepEqual(
        tr.querySelectorAll('td').map((td) => text(td.querySelector('.nhsuk-table__heading'))),
        table.querySelectorAll('thead th').map(text),
      )
      assert.deepEqual(
        tr.querySelectorAll('td').map((td) => text(td.querySelector('div'))),
        [
          ...(showProvider ? [row('organisationName')] : []),
          title,
          str(row('periodYear')),
          govukDate(row('dueOn')),
          row('overdue') ? 'Overdue' : get(fixture, 'labels', str(row('state'))),
        ],
      )
      const link = tr.querySelector('a')
      assert.equal(link?.getAttribute('href'), `${str(get(fixture, 'hrefBase'))}/${str(row('id'))}`)
      assert.equal(text(link), title)
    })
  },
}

const components = readdirSync(componentsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort()

describe('our components', () => {
  let browser: Browser
  let page: Page

  before(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS })
    page = await (await newContext(browser)).newPage()
  })
  after(async () => {
    await browser?.close()
  })

  it('each has a macro, a template, fixtures and checks', () => {
    assert.ok(components.length > 0)
    for (const component of components) {
      for (const file of ['macro.njk', 'template.njk', 'fixtures.json'])
        assert.ok(existsSync(path.join(componentsDir, component, file)), `${component}/${file}`)
    }
    assert.deepEqual(Object.keys(CHECKS).sort(), components)
  })

  for (const component of components) {
    describe(component, () => {
      const { macro, fixtures } = readFixtures(component)
      for (const fixture of fixtures) {
        it(`${fixture.name}: says what it should, and axe finds nothing wrong`, async () => {
          const html = render(component, macro, fixture)
          CHECKS[component]?.(parse(html), fixture)
          await page.setContent(
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">' +
              `<title>${component}: ${fixture.name}</title></head><body>` +
              `<main class="nhsuk-main-wrapper" id="maincontent"><div class="nhsuk-width-container">` +
              `<h1 class="nhsuk-heading-l">${component}</h1>${html}</div></main></body></html>`,
          )
          for (const content of stylesheets) await page.addStyleTag({ content })
          await assertAccessible(page, `${component} (${fixture.name})`)
        })
      }
    })
  }

  it("form: a page that imports it with context gives it the page's own CSRF token", () => {
    const html = env.renderString(
      '{% from "components/form/macro.njk" import appForm with context %}' +
        '{% call appForm({ action: "/my/profile" }) %}{{ fieldError("name").text }}{% endcall %}',
      { csrfToken: 'the-page-token', fieldErrors: { name: 'Enter your name' } },
    )
    const form = one(parse(html), 'form')
    assert.equal(form.querySelector('input[name="_csrf"]')?.getAttribute('value'), 'the-page-token')
    assert.equal(text(form), 'Enter your name', "the call block reads the page's fieldErrors")
  })
})
