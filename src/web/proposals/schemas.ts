import { Type, type Static } from '@sinclair/typebox'
import { z } from 'zod'
import { isSeason, type Due } from '../../domain/catalogue.ts'
import { PROPOSAL_STATES } from '../../domain/proposal-lifecycle.ts'
import { JUDGEMENTS } from '../../domain/gateway-check.ts'
import { answer, required } from '../forms.ts'

// Generous limits: the service says, field by field, what is too long; these only stop
// requests no form could send.
const LONG = 20_000
const text = () => Type.Optional(Type.String({ maxLength: LONG }))
const many = () =>
  Type.Optional(
    Type.Union([
      Type.String({ maxLength: 500 }),
      Type.Array(Type.String({ maxLength: 500 }), { maxItems: 200 }),
    ]),
  )

export const ProposalParams = Type.Object({ id: Type.String({ format: 'uuid' }) })
export type ProposalParams = Static<typeof ProposalParams>

export const SectionParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  section: Type.String({ minLength: 1, maxLength: 40 }),
})
export type SectionParams = Static<typeof SectionParams>

/** A gateway criterion of a proposal, by its code (G1, G1.1). */
export const CriterionParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  criterion: Type.String({ pattern: '^[A-Z][A-Za-z0-9.+-]{0,15}$' }),
})
export type CriterionParams = Static<typeof CriterionParams>

export const SlugParams = Type.Object({ slug: Type.String({ maxLength: 200 }) })
export type SlugParams = Static<typeof SlugParams>

export const ListQuery = Type.Object({
  state: Type.Optional(Type.Union([...PROPOSAL_STATES, 'all'].map((s) => Type.Literal(s)))),
  area: Type.Optional(Type.String({ maxLength: 20 })),
  q: Type.Optional(Type.String()),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  format: Type.Optional(Type.Literal('csv')),
})
export type ListQuery = Static<typeof ListQuery>

/** The proposal form; each gateway answer comes in a field of its own (gateway_G1 …). */
export const ProposalBody = Type.Object(
  {
    rowVersion: text(),
    clinicalArea: text(),
    title: text(),
    need: text(),
    evidence: text(),
    targetProfessions: many(),
  },
  { additionalProperties: Type.String({ maxLength: LONG }) },
)
export type ProposalBody = Static<typeof ProposalBody>

export const RowVersionBody = Type.Object({ rowVersion: text() }, { additionalProperties: true })
export type RowVersionBody = Static<typeof RowVersionBody>

export const CheckBody = Type.Object(
  { rowVersion: text(), decision: text(), note: text() },
  { additionalProperties: true },
)
export type CheckBody = Static<typeof CheckBody>

export const JudgementBody = Type.Object(
  { rowVersion: text(), judgement: text(), reason: text() },
  { additionalProperties: true },
)
export type JudgementBody = Static<typeof JudgementBody>

export const ExpectedDateBody = Type.Object(
  { rowVersion: text(), season: text(), year: text(), reason: text() },
  { additionalProperties: true },
)
export type ExpectedDateBody = Static<typeof ExpectedDateBody>

/** The season and year a specification is expected: both or neither. */
export function readDue(season: string | undefined, year: string | undefined): Due | null | 'invalid' {
  const s = (season ?? '').trim()
  const y = (year ?? '').trim()
  if (!s && !y) return null
  if (!isSeason(s) || !/^\d{4}$/.test(y)) return 'invalid'
  return { season: s, year: Number(y) }
}

export const INVALID_DUE = 'Enter the expected date as a season and a 4-digit year, such as Autumn 2027'
const MISSING_DUE = 'Enter the season and year the specification is expected'
// Cross-field rules are checked with the fields themselves, so every missing answer shows at once.
const always = () => true

/** Putting a proposal to the group or returning it; the buttons' message shows by the note. */
export const CheckForm = z
  .object({
    decision: z.enum(['send', 'return'], {
      message: 'Choose whether to put the proposal to the group or return it',
    }),
    note: z.string().default(''),
  })
  .refine((form) => form.decision !== 'return' || form.note.trim() !== '', {
    path: ['note'],
    message: 'Enter what the author needs to change',
  })

/** A Centre admin's judgement of one gateway criterion, with the reason (the service checks its length). */
export const JudgementForm = z.object({
  judgement: z.enum(JUDGEMENTS, { message: 'Select whether the proposal meets the criterion' }),
  reason: required('Enter the reason for your judgement'),
})

/**
 * The date the refinements have let through. A date they refused cannot reach here; if one did,
 * it is refused again rather than passed on.
 */
export function checkedDue(season: string, year: string, ctx: z.RefinementCtx, field: string): Due | null {
  const due = readDue(season, year)
  if (due !== 'invalid') return due
  ctx.addIssue({ code: 'custom', path: [field], message: INVALID_DUE })
  return z.NEVER
}

export const ExpectedDateForm = z
  .object({ season: answer(), year: answer(), reason: required('Enter why the expected date is changing') })
  .refine((form) => readDue(form.season, form.year) !== null, {
    path: ['season'],
    message: MISSING_DUE,
    when: always,
  })
  .refine((form) => readDue(form.season, form.year) !== 'invalid', {
    path: ['season'],
    message: INVALID_DUE,
    when: always,
  })
  .transform((form, ctx) => {
    const expected = readDue(form.season, form.year)
    if (expected !== null && expected !== 'invalid') return { expected, reason: form.reason }
    ctx.addIssue({ code: 'custom', path: ['season'], message: expected ? INVALID_DUE : MISSING_DUE })
    return z.NEVER
  })
