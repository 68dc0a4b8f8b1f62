// The database's name_fold (the learner search indexes) and foldName (the words typed) must
// fold every name alike, or a search would miss the person it names.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import fc from 'fast-check'
import { sql } from 'kysely'
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts'
import { foldName } from '../domain/list-search.ts'

describe('folding names for search', () => {
  let t: TestDatabase
  before(async () => {
    t = await createTestDatabase()
  })
  after(() => t.close())

  const inDatabase = async (names: string[]) => {
    const { rows } = await sql<{ folded: string }>`
      select name_fold(n) as folded from unnest(${names}::text[]) with ordinality as u(n, i) order by i`.execute(
      t.db,
    )
    return rows.map((r) => r.folded)
  }

  it('takes accents off as the code does', async () => {
    assert.deepEqual(await inDatabase(['Siân', 'Zoë', 'Ó Briain', 'Łódź', 'Ørsted', 'Ἀθηνᾶ']), [
      'sian',
      'zoe',
      'o briain',
      'łodz',
      'ørsted',
      'αθηνα',
    ])
  })

  it('folds any name the same way in the database and in the code', async () => {
    // Letters with and without accents, in Latin, Greek and Cyrillic, composed and decomposed.
    const letter = fc.constantFrom(...'aeiouAEIOUçñßøłéèêëÉÀÂäöüÄÖÜÿŷŵâîôûαάΩώжЁй- \u0301\u0308\u0327')
    const names = fc.array(fc.string({ unit: letter, maxLength: 12 }), { minLength: 1, maxLength: 50 })
    await fc.assert(
      fc.asyncProperty(names, async (batch) => {
        assert.deepEqual(await inDatabase(batch), batch.map(foldName))
      }),
      { numRuns: 40 },
    )
  })
})
