import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { safeBaseName } from './export-safety.ts'

describe('the name an uploaded file is stored under', () => {
  it('keeps a plain name without its extension', () => {
    assert.equal(safeBaseName('Reflection photo.jpeg', 'evidence'), 'Reflection photo')
    assert.equal(safeBaseName('certificate.v2.pdf', 'evidence'), 'certificate.v2')
  })

  it('drops folders, whichever way their separators lean', () => {
    assert.equal(safeBaseName('../../etc/passwd', 'evidence'), 'passwd')
    assert.equal(safeBaseName('C:\\Users\\amara\\award.json', 'credential'), 'award')
  })

  it('keeps only letters, digits, spaces, dots and dashes of Latin script, else the fallback', () => {
    assert.equal(safeBaseName('证书 ✓.json', 'credential'), 'credential')
    assert.equal(safeBaseName('../证书 ✓.json', 'credential'), 'credential')
    assert.equal(safeBaseName('a"b\r\nc.pdf', 'evidence'), 'abc')
    assert.equal(safeBaseName('.hidden', 'evidence'), 'evidence')
  })

  it('is at most 100 characters', () => {
    assert.equal(safeBaseName(`${'x'.repeat(300)}.pdf`, 'evidence').length, 100)
  })
})
