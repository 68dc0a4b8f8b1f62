import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createViewEnvironment } from './views.ts'

describe('the date filters', () => {
  const env = createViewEnvironment()
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
