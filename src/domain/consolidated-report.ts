// The consolidated report of an independent review, drafted from the reviewers' judgements:
// per criterion (and, for recognition, per crosswalk row) each reviewer's judgement and
// comment, whether they agree, and the Centre's finding; then their recommendations and the
// Centre's overall view. A Centre admin edits the draft and signs it off; only a signed-off
// report is published with the decision, and no decision is recorded without one.

/** One reviewer's judgement of one thing, the reviewer named as in the report ("Reviewer 1"). */
export interface Given<J extends string> {
  reviewer: string
  judgement: J
}

/** Whether the reviewers who judged something agree on it. */
export type Agreement<J extends string> =
  | { kind: 'none' }
  | { kind: 'single'; given: Given<J> }
  | { kind: 'agree'; judgement: J; count: number }
  | { kind: 'disagree'; given: Given<J>[] }

/** Agreement of the judgements given, in the order given: every judgement the same, or not. */
export function agreementOf<J extends string>(given: readonly Given<J>[]): Agreement<J> {
  const [first] = given
  if (first === undefined) return { kind: 'none' }
  if (given.length === 1) return { kind: 'single', given: first }
  if (given.every((g) => g.judgement === first.judgement))
    return { kind: 'agree', judgement: first.judgement, count: given.length }
  return { kind: 'disagree', given: [...given] }
}

/** "Reviewers agree: Met" or "Reviewers disagree: Met (Reviewer 1), Not met (Reviewer 2)". */
export function agreementWords<J extends string>(
  agreement: Agreement<J>,
  labels: Readonly<Partial<Record<J, string>>>,
): string {
  const word = (j: J) => labels[j] ?? j
  switch (agreement.kind) {
    case 'none':
      return 'Not judged yet'
    case 'single':
      return `Only ${agreement.given.reviewer} has judged it so far: ${word(agreement.given.judgement)}`
    case 'agree':
      return `Reviewers agree: ${word(agreement.judgement)}`
    case 'disagree':
      return `Reviewers disagree: ${agreement.given.map((g) => `${word(g.judgement)} (${g.reviewer})`).join(', ')}`
  }
}

/** One reviewer's judgement as the report keeps it: the code, its words, and the comment. */
export interface ReportJudgement {
  reviewer: string
  judgement: string
  label: string
  comment: string
}

export interface ReportItem {
  /** An endorsement criterion, or a row of a recognition's crosswalk. */
  kind: 'criterion' | 'crosswalk'
  code: string
  heading: string
  judgements: ReportJudgement[]
  agreed: boolean
  /** The agreement in words (agreementWords). */
  agreement: string
  /** The Centre's finding: drafted from the reviewers' comments, then the admin's words. */
  finding: string
}

export interface ReportContent {
  items: ReportItem[]
  recommendations: ReportJudgement[]
  recommendationsAgreed: boolean
  recommendationAgreement: string
  /** The Centre's overall view: drafted from the recommendations, then the admin's words. */
  overall: string
}

/** A completed review as the draft reads it, the reviewer already named as in the report. */
export interface ReviewForReport {
  reviewer: string
  judgements: Readonly<Record<string, { judgement: string; comment: string } | undefined>>
  rowJudgements: Readonly<Record<string, { judgement: string; comment: string } | undefined>>
  recommendation: string
  recommendationComment: string
}

export interface DraftInput {
  criteria: ReadonlyArray<{ code: string; heading: string }>
  /** A recognition's crosswalk rows; none for a specification. */
  rows: ReadonlyArray<{ code: string; heading: string }>
  reviews: readonly ReviewForReport[]
  judgementLabels: Readonly<Record<string, string>>
  rowLabels: Readonly<Record<string, string>>
  recommendationLabels: Readonly<Record<string, string>>
}

/** How reviewers are named in the report, which is published: by number, in assignment order. */
export const reviewerInReport = (index: number) => `Reviewer ${index + 1}`

function item(
  kind: ReportItem['kind'],
  thing: { code: string; heading: string },
  given: ReportJudgement[],
  labels: Readonly<Record<string, string>>,
): ReportItem {
  const agreement = agreementOf(given.map((g) => ({ reviewer: g.reviewer, judgement: g.judgement })))
  return {
    kind,
    code: thing.code,
    heading: thing.heading,
    judgements: given,
    agreed: agreement.kind === 'agree',
    agreement: agreementWords(agreement, labels),
    finding: given.map((g) => `${g.reviewer}: ${g.comment}`).join('\n'),
  }
}

const labelOf = (labels: Readonly<Record<string, string>>, key: string): string => labels[key] ?? key

/** The draft: everything the completed reviews said, item by item, agreements marked. */
export function draftReport(input: DraftInput): ReportContent {
  const given = (
    thing: { code: string },
    of: (r: ReviewForReport) => ReviewForReport['judgements'],
    labels: Readonly<Record<string, string>>,
  ): ReportJudgement[] =>
    input.reviews.flatMap((r) => {
      const j = of(r)[thing.code]
      return j
        ? [
            {
              reviewer: r.reviewer,
              judgement: j.judgement,
              label: labelOf(labels, j.judgement),
              comment: j.comment,
            },
          ]
        : []
    })
  const recommendations = input.reviews.map((r) => ({
    reviewer: r.reviewer,
    judgement: r.recommendation,
    label: labelOf(input.recommendationLabels, r.recommendation),
    comment: r.recommendationComment,
  }))
  const recommendation = item(
    'criterion',
    { code: '', heading: '' },
    recommendations,
    input.recommendationLabels,
  )
  return {
    items: [
      ...input.criteria.map((c) =>
        item(
          'criterion',
          c,
          given(c, (r) => r.judgements, input.judgementLabels),
          input.judgementLabels,
        ),
      ),
      ...input.rows.map((row) =>
        item(
          'crosswalk',
          row,
          given(row, (r) => r.rowJudgements, input.rowLabels),
          input.rowLabels,
        ),
      ),
    ],
    recommendations,
    recommendationsAgreed: recommendation.agreed,
    recommendationAgreement: recommendation.agreement,
    overall: recommendations.map((r) => `${r.reviewer} recommends: ${r.label}. ${r.comment}`).join('\n'),
  }
}

export interface ReportProblem {
  field: string
  text: string
}

/**
 * The admin's words put into the draft: a finding for each item (finding_0 …) and the overall
 * view. Each must be written; what the reviewers said stays as drafted.
 */
export function editReport(
  content: ReportContent,
  findings: readonly string[],
  overall: string,
): { ok: true; content: ReportContent } | { ok: false; problems: ReportProblem[] } {
  const problems: ReportProblem[] = []
  const items = content.items.map((it, i) => {
    const finding = (findings[i] ?? '').trim()
    if (!finding)
      problems.push({
        field: `finding_${i}`,
        text: `Enter the finding on ${it.kind === 'criterion' ? 'criterion' : 'crosswalk row'} ${it.code}`,
      })
    return { ...it, finding }
  })
  const view = overall.trim()
  if (!view) problems.push({ field: 'overall', text: 'Enter the overall recommendation' })
  if (problems.length) return { ok: false, problems }
  return { ok: true, content: { ...content, items, overall: view } }
}

/** The report as text: what the author is e-mailed and the public timeline shows with the decision. */
export function reportText(content: ReportContent): string {
  const part = (heading: string, agreement: string, text: string) => `${heading}\n${agreement}\n${text}`
  return [
    ...content.items.map((it) =>
      part(
        it.kind === 'criterion' ? `Criterion ${it.heading}` : `Crosswalk row ${it.heading}`,
        it.agreement,
        it.finding,
      ),
    ),
    part('Overall recommendation', content.recommendationAgreement, content.overall),
  ].join('\n\n')
}

/** Where a version's consolidated report is. */
export type ReportStage = 'none' | 'draft' | 'signed_off'
export type ReportAction = 'draft' | 'edit' | 'sign_off' | 'decide'

export const REPORT_STAGE_LABELS: Record<ReportStage, { text: string; colour: string }> = {
  none: { text: 'Not drafted', colour: 'grey' },
  draft: { text: 'Draft', colour: 'blue' },
  signed_off: { text: 'Signed off', colour: 'green' },
}

/**
 * What each stage allows: drafting once, editing and signing off a draft, and recording the
 * decision only once the report is signed off. A signed-off report cannot be changed.
 */
export function reportAllows(
  stage: ReportStage,
  action: ReportAction,
): { ok: true } | { ok: false; reason: string } {
  const no = (reason: string) => ({ ok: false as const, reason })
  switch (action) {
    case 'draft':
      return stage === 'none' ? { ok: true } : no('The consolidated report is already drafted')
    case 'edit':
    case 'sign_off':
      if (stage === 'none') return no('Draft the consolidated report from the reviews first')
      if (stage === 'signed_off') return no('The consolidated report is signed off and cannot be changed')
      return { ok: true }
    case 'decide':
      if (stage === 'none')
        return no(
          'Draft the consolidated report from the reviews and sign it off before you record the decision',
        )
      if (stage === 'draft') return no('Sign off the consolidated report before you record the decision')
      return { ok: true }
  }
}

/** The stage after an action the stage allows. */
export function nextReportStage(stage: ReportStage, action: ReportAction): ReportStage {
  if (!reportAllows(stage, action).ok) return stage
  if (action === 'draft') return 'draft'
  if (action === 'sign_off') return 'signed_off'
  return stage
}

export const reportStageOf = (report: { signedOffAt: Date | null } | null | undefined): ReportStage =>
  !report ? 'none' : report.signedOffAt ? 'signed_off' : 'draft'
