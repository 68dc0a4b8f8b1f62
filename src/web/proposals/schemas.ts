import { Type, type Static } from '@sinclair/typebox'
import { PROPOSAL_STATES } from '../../domain/proposal-lifecycle.ts'

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

export const DecisionBody = Type.Object(
  {
    rowVersion: text(),
    outcome: text(),
    reason: text(),
    participants: many(),
    expectedSeason: text(),
    expectedYear: text(),
  },
  { additionalProperties: true },
)
export type DecisionBody = Static<typeof DecisionBody>

export const ExpectedDateBody = Type.Object(
  { rowVersion: text(), season: text(), year: text(), reason: text() },
  { additionalProperties: true },
)
export type ExpectedDateBody = Static<typeof ExpectedDateBody>
