import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isPipelineStage, PIPELINE_STAGES, spanInWords, waitingLabel } from './pipeline.ts'

const NOW = new Date('2027-03-01T12:00:00Z')
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000)

describe('how long an item has waited', () => {
  it('says it as people do, one or many', () => {
    assert.equal(spanInWords(0), 'less than a day')
    assert.equal(spanInWords(1), '1 day')
    assert.equal(spanInWords(13), '13 days')
    assert.equal(spanInWords(14), '2 weeks')
    assert.equal(spanInWords(21), '3 weeks')
    assert.equal(spanInWords(61), '2 months')
    assert.equal(spanInWords(31), '4 weeks')
    assert.equal(spanInWords(400), '13 months')
    assert.equal(spanInWords(730), '1 year')
    assert.equal(spanInWords(3653), '10 years')
  })

  it('counts from when the item reached its stage, or says when it falls due', () => {
    assert.equal(waitingLabel(daysAgo(21), NOW), 'Waited 3 weeks')
    assert.equal(waitingLabel(new Date(NOW.getTime() - 3_600_000), NOW), 'Waited less than a day')
    assert.equal(waitingLabel(daysAgo(-5), NOW), 'Due in 5 days')
  })

  it('knows its stages and no others', () => {
    for (const stage of PIPELINE_STAGES) assert.ok(isPipelineStage(stage))
    assert.ok(!isPipelineStage('toString'))
  })
})
