import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import {
  diffEntries,
  documentType,
  entriesOf,
  frameworkProblems,
  glossaryProblems,
  noChange,
  referenceKindOf,
  safeFilename,
  slugFor,
  summaryProblems,
  wordDiff,
  type WordChange,
} from './reference-content.ts'
import { criteriaEntries } from './criteria.ts'

const side = (changes: WordChange[], keep: 'added' | 'removed') =>
  changes
    .filter((c) => c.kind === 'same' || c.kind === keep)
    .map((c) => c.text)
    .join(' ')

describe('the word-by-word difference of two texts', () => {
  it('marks the words added and removed, keeping the rest', () => {
    assert.deepEqual(wordDiff('A unit of assessed learning', 'A standardised unit of learning'), [
      { kind: 'same', text: 'A' },
      { kind: 'added', text: 'standardised' },
      { kind: 'same', text: 'unit of' },
      { kind: 'removed', text: 'assessed' },
      { kind: 'same', text: 'learning' },
    ])
  })

  it('is all added from nothing and all removed to nothing', () => {
    assert.deepEqual(wordDiff('', 'new words'), [{ kind: 'added', text: 'new words' }])
    assert.deepEqual(wordDiff('old words', ''), [{ kind: 'removed', text: 'old words' }])
    assert.deepEqual(wordDiff('', ''), [])
  })

  it('gives back both texts, word for word, and keeps as many words as any common subsequence (property)', () => {
    const text = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 12 }).map((w) => w.join(' '))
    fc.assert(
      fc.property(text, text, (before, after) => {
        const changes = wordDiff(before, after)
        assert.equal(side(changes, 'removed'), before)
        assert.equal(side(changes, 'added'), after)
        if (before === after) assert.ok(changes.every((c) => c.kind === 'same'))
      }),
    )
  })
})

describe('comparing two versions entry by entry', () => {
  const before = [
    { key: 'a', label: 'A', text: 'first text' },
    { key: 'b', label: 'B', text: 'second text' },
    { key: 'c', label: 'C', text: 'third' },
  ]
  const after = [
    { key: 'a', label: 'A', text: 'first text' },
    { key: 'b', label: 'B', text: 'second changed text' },
    { key: 'd', label: 'D', text: 'fourth' },
  ]

  it('finds what was added, removed and changed, with the words of each change', () => {
    const diff = diffEntries(before, after)
    assert.deepEqual(diff.added, [{ key: 'd', label: 'D', text: 'fourth' }])
    assert.deepEqual(diff.removed, [{ key: 'c', label: 'C', text: 'third' }])
    assert.equal(diff.unchanged, 1)
    assert.equal(diff.changed.length, 1)
    assert.deepEqual(diff.changed[0]?.words, [
      { kind: 'same', text: 'second' },
      { kind: 'added', text: 'changed' },
      { kind: 'same', text: 'text' },
    ])
    assert.ok(!noChange(diff))
    assert.ok(noChange(diffEntries(before, before)))
  })

  it('matches glossary terms whatever their capitals, and sees a renamed capital as a change', () => {
    const v1 = entriesOf('glossary', { terms: [{ term: 'CPD', definition: 'Learning' }] })
    const v2 = entriesOf('glossary', { terms: [{ term: 'Cpd', definition: 'Learning' }] })
    const diff = diffEntries(v1, v2)
    assert.equal(diff.changed.length, 1)
    assert.equal(diff.added.length + diff.removed.length, 0)
  })

  it('compares the framework by capability number and criteria by code', () => {
    const v1 = entriesOf('framework', {
      capabilities: [{ code: '1.1', pillarCode: '1', label: 'Practise safely' }],
    })
    const v2 = entriesOf('framework', {
      capabilities: [{ code: '1.1', pillarCode: '1', label: 'Practise safely and lawfully' }],
    })
    assert.equal(diffEntries(v1, v2).changed[0]?.key, '1.1')
    const c = criteriaEntries([
      {
        code: 'E1',
        parentCode: null,
        title: 'Need',
        statement: 'Meets a need.',
        guidance: ['Say which'],
        note: null,
      },
    ])
    assert.deepEqual(c, [{ key: 'E1', label: 'E1: Need', text: 'Meets a need. Say which' }])
  })

  it('compares the introduction and comparison of the intervention types as entries too', () => {
    const entries = entriesOf('intervention_types', {
      introduction: 'Five types.',
      types: [{ name: 'A module', description: '' }],
      comparison: 'Compared on focus.',
    })
    assert.deepEqual(
      entries.map((e) => e.label),
      ['Introduction', 'A module', 'How they compare'],
    )
  })
})

describe('the rules of a version', () => {
  it('needs a change summary', () => {
    assert.deepEqual(summaryProblems('  '), [
      { field: 'changeSummary', text: 'Enter a summary of what changed' },
    ])
    assert.deepEqual(summaryProblems('Clarified the definition of a credential'), [])
  })

  it('numbers a capability under its pillar, once, never reusing a retired number', () => {
    const problems = frameworkProblems(
      {
        capabilities: [
          { code: '1.1', pillarCode: '1', label: 'One' },
          { code: '1.1', pillarCode: '1', label: 'Two' },
          { code: '2.1', pillarCode: '1', label: 'Three' },
          { code: '1.9', pillarCode: '1', label: 'Four' },
          { code: '1.10', pillarCode: '9', label: '' },
        ],
      },
      new Set(['1', '2', '3', '4']),
      new Set(['1.9']),
    )
    assert.deepEqual(problems, [
      { field: 'code_1', text: '1.1 is used twice' },
      { field: 'code_2', text: "Number must be the pillar's number, a dot and a number, such as 1.12" },
      { field: 'code_3', text: '1.9 was retired: give the capability a new number' },
      { field: 'pillar_4', text: 'Select a pillar' },
      { field: 'code_4', text: "Number must be the pillar's number, a dot and a number, such as 1.12" },
      { field: 'label_4', text: 'Enter the capability' },
    ])
  })

  it('keeps each glossary term once, with a definition', () => {
    assert.deepEqual(
      glossaryProblems({
        terms: [
          { term: 'Credential', definition: 'A unit' },
          { term: 'credential', definition: '' },
        ],
      }),
      [
        { field: 'term_1', text: 'credential is in the glossary twice' },
        { field: 'definition_1', text: 'Enter the definition' },
      ],
    )
  })
})

describe('document files', () => {
  const pdf = Buffer.from('%PDF-1.7\n')
  const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0])

  it('takes PDF and Office files by their bytes and name, and nothing else', () => {
    assert.equal(documentType('guide.pdf', pdf)?.contentType, 'application/pdf')
    assert.equal(documentType('guide.docx', zip)?.extension, 'docx')
    assert.equal(documentType('sheet.XLSX', zip)?.extension, 'xlsx')
    assert.equal(documentType('guide.pdf', zip), null, 'a zip named .pdf')
    assert.equal(documentType('guide.docx', pdf), null, 'a PDF named .docx')
    assert.equal(documentType('page.html', Buffer.from('<html>')), null)
    assert.equal(documentType('archive.zip', zip), null)
  })

  it('gives a file name safe in a header', () => {
    assert.equal(safeFilename('../../"evil"\r\nname.pdf', 'document.pdf'), 'evil-name.pdf')
    assert.equal(safeFilename('C:\\docs\\Guide 2027.pdf', 'document.pdf'), 'Guide-2027.pdf')
    assert.equal(safeFilename('...', 'document.pdf'), 'document.pdf')
  })

  it('makes a slug from a title that no document has', () => {
    assert.equal(slugFor('Delivery guide 2027', new Set()), 'delivery-guide-2027')
    assert.equal(slugFor('Framework', new Set(['framework'])), 'framework-2')
  })

  it('knows the kinds by their paths', () => {
    assert.equal(referenceKindOf('intervention-types'), 'intervention_types')
    assert.equal(referenceKindOf('astrology'), null)
  })
})
