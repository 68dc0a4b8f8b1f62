import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  agreementOf,
  agreementWords,
  draftReport,
  editReport,
  reportAllows,
  reportStageOf,
  reportText,
} from './consolidated-report.ts'

const LABELS = { met: 'Met', partly_met: 'Partly met', not_met: 'Not met' }

describe('the consolidated report', () => {
  it('says whether reviewers agree, naming each judgement when they do not', () => {
    const agree = agreementOf([
      { reviewer: 'Reviewer 1', judgement: 'met' },
      { reviewer: 'Reviewer 2', judgement: 'met' },
    ])
    assert.equal(agreementWords(agree, LABELS), 'Reviewers agree: Met')
    const disagree = agreementOf([
      { reviewer: 'Reviewer 1', judgement: 'met' },
      { reviewer: 'Reviewer 2', judgement: 'not_met' },
    ])
    assert.equal(
      agreementWords(disagree, LABELS),
      'Reviewers disagree: Met (Reviewer 1), Not met (Reviewer 2)',
    )
    assert.equal(agreementWords(agreementOf([]), LABELS), 'Not judged yet')
    assert.equal(
      agreementWords(agreementOf([{ reviewer: 'Reviewer 2', judgement: 'partly_met' }]), LABELS),
      'Only Reviewer 2 has judged it so far: Partly met',
    )
  })

  it('drafts each criterion and crosswalk row with every judgement and comment, and the recommendations', () => {
    const content = draftReport({
      criteria: [{ code: 'E1', heading: 'E1: Purpose' }],
      rows: [{ code: 'R1', heading: 'R1: Resuscitate' }],
      reviews: [
        {
          reviewer: 'Reviewer 1',
          judgements: { E1: { judgement: 'met', comment: 'Clear.' } },
          rowJudgements: { R1: { judgement: 'meets', comment: 'Covers 1.1.' } },
          recommendation: 'endorse',
          recommendationComment: 'Ready.',
        },
        {
          reviewer: 'Reviewer 2',
          judgements: { E1: { judgement: 'not_met', comment: 'Vague.' } },
          rowJudgements: { R1: { judgement: 'meets', comment: 'Yes.' } },
          recommendation: 'revise_and_resubmit',
          recommendationComment: 'Sharpen the purpose.',
        },
      ],
      judgementLabels: LABELS,
      rowLabels: { meets: 'Meets' },
      recommendationLabels: { endorse: 'Endorse', revise_and_resubmit: 'Revise and resubmit' },
    })
    const [criterion, row] = content.items
    assert.equal(criterion?.agreed, false)
    assert.equal(criterion?.agreement, 'Reviewers disagree: Met (Reviewer 1), Not met (Reviewer 2)')
    assert.equal(criterion?.finding, 'Reviewer 1: Clear.\nReviewer 2: Vague.')
    assert.equal(row?.kind, 'crosswalk')
    assert.equal(row?.agreement, 'Reviewers agree: Meets')
    assert.equal(
      content.recommendationAgreement,
      'Reviewers disagree: Endorse (Reviewer 1), Revise and resubmit (Reviewer 2)',
    )
    assert.match(content.overall, /Reviewer 2 recommends: Revise and resubmit\. Sharpen the purpose\./)
    const text = reportText(content)
    assert.match(
      text,
      /Criterion E1: Purpose\nReviewers disagree: Met \(Reviewer 1\), Not met \(Reviewer 2\)/,
    )
    assert.match(text, /Crosswalk row R1: Resuscitate\nReviewers agree: Meets/)

    const edited = editReport(content, ['The purpose needs sharpening.', ' '], '')
    assert.deepEqual(edited, {
      ok: false,
      problems: [
        { field: 'finding_1', text: 'Enter the finding on crosswalk row R1' },
        { field: 'overall', text: 'Enter the overall recommendation' },
      ],
    })
    const done = editReport(content, ['Sharpen it.', 'Fine.'], 'Revise.')
    assert.ok(done.ok)
    assert.equal(done.content.items[0]?.finding, 'Sharpen it.')
    assert.equal(done.content.items[0]?.agreement, criterion?.agreement, 'what the reviewers said stays')
  })

  it('records no decision until the report is signed off, and changes nothing signed off', () => {
    assert.equal(reportStageOf(null), 'none')
    assert.equal(reportStageOf({ signedOffAt: null }), 'draft')
    assert.equal(reportStageOf({ signedOffAt: new Date() }), 'signed_off')
    assert.deepEqual(reportAllows('none', 'decide'), {
      ok: false,
      reason: 'Draft the consolidated report from the reviews and sign it off before you record the decision',
    })
    assert.deepEqual(reportAllows('draft', 'decide'), {
      ok: false,
      reason: 'Sign off the consolidated report before you record the decision',
    })
    assert.deepEqual(reportAllows('signed_off', 'decide'), { ok: true })
    assert.deepEqual(reportAllows('signed_off', 'edit'), {
      ok: false,
      reason: 'The consolidated report is signed off and cannot be changed',
    })
    assert.equal(reportAllows('draft', 'draft').ok, false)
  })
})
