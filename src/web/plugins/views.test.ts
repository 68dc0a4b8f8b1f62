import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parse } from 'node-html-parser'
import { systemClock } from '../../domain/clock.ts'
import { createViewEnvironment } from './views.ts'

describe('the date filters', () => {
  const env = createViewEnvironment(systemClock)
  const render = (template: string, context: Record<string, unknown>) => env.renderString(template, context)

  it('writes a calendar date as that day, and an instant as its day in London', () => {
    assert.equal(render('{{ d | govukDate }}', { d: '2026-06-30' }), '30 June 2026')
    assert.equal(render('{{ d | govukDate }}', { d: '2026-01-12' }), '12 January 2026')
    assert.equal(render('{{ d | govukDate }}', { d: new Date('2026-06-30T23:30:00Z') }), '1 July 2026')
  })

  it('shows text that is not a date as it is, and nothing for no value, without failing the page', () => {
    assert.equal(render('{{ d | govukDate }}', { d: 'not a date' }), 'not a date')
    assert.equal(render('{{ d | govukDate }}', { d: '2026-02-31' }), '2026-02-31')
    assert.equal(render('[{{ d | govukDate }}]', {}), '[]')
    assert.equal(render('{{ d | govukDateTime }}', { d: 'soon' }), 'soon')
    assert.equal(render('[{{ d | govukDateTime }}]', { d: null }), '[]')
  })
})

describe('the fieldError global', () => {
  const env = createViewEnvironment(systemClock)
  const render = (template: string, context: Record<string, unknown>) => env.renderString(template, context)
  const fieldErrors = { area: 'Select a clinical area', 'from-day': 'Enter a real date' }

  it("gives a field's message as an NHS.UK errorMessage, from the page's own fieldErrors", () => {
    assert.equal(
      render('{{ fieldError("area") | dump | safe }}', { fieldErrors }),
      '{"text":"Select a clinical area"}',
    )
    assert.equal(render('{{ fieldError(key).text }}', { fieldErrors, key: 'from-day' }), 'Enter a real date')
  })

  it('gives nothing for a field without a message, and on a page without fieldErrors', () => {
    assert.equal(render('[{{ fieldError("level") }}]', { fieldErrors }), '[]')
    assert.equal(render('{{ "none" if not fieldError("level") }}', { fieldErrors }), 'none')
    assert.equal(render('{{ "none" if not fieldError("area") }}', {}), 'none')
    assert.equal(render('{{ "none" if not fieldError("area") }}', { fieldErrors: null }), 'none')
  })

  it('reads the context it is called from: inside a macro the page defines, a loop and a call block', () => {
    const template = [
      '{% macro field(name) %}<{{ fieldError(name).text }}>{% endmacro %}',
      '{% macro wrap() %}[{{ caller() }}]{% endmacro %}',
      '{% for name in ["area", "level"] %}{{ field(name) }}{% endfor %}',
      '{% call wrap() %}{{ fieldError("area").text }}{% endcall %}',
    ].join('')
    assert.equal(render(template, { fieldErrors }), '<Select a clinical area><>[Select a clinical area]')
    assert.equal(render(template, { fieldErrors: { level: 'Choose a level' } }), '<><Choose a level>[]')
  })

  it('shows the message beside the field in the NHS.UK input, as the pages use it', () => {
    const template =
      '{% from "nhsuk/components/input/macro.njk" import input %}' +
      '{{ input({ id: "area", name: "area", label: { text: "Area" }, errorMessage: fieldError("area") }) }}'
    const withError = parse(render(template, { fieldErrors }))
    assert.equal(withError.querySelector('#area-error')?.textContent.trim(), 'Error: Select a clinical area')
    assert.equal(withError.querySelector('#area')?.getAttribute('aria-describedby'), 'area-error')
    assert.equal(parse(render(template, { fieldErrors: {} })).querySelector('.nhsuk-error-message'), null)
  })
})
