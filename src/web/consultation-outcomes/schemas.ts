import { Type, type Static } from '@sinclair/typebox'
import { z } from 'zod'
import { answer, freeTextField, repeatedField, required, textField } from '../forms.ts'
import { listChoice, listPage } from '../lists.ts'

const short = () => Type.Optional(Type.String({ maxLength: 200 }))

export const NumberParams = Type.Object({ number: Type.Integer({ minimum: 1, maximum: 2_000_000_000 }) })
export type NumberParams = Static<typeof NumberParams>

export const ItemParams = Type.Object({
  number: Type.Integer({ minimum: 1, maximum: 2_000_000_000 }),
  kind: Type.Union([Type.Literal('answer'), Type.Literal('comment')]),
  id: Type.String({ format: 'uuid' }),
})
export type ItemParams = Static<typeof ItemParams>

export const ThemeParams = Type.Object({
  number: Type.Integer({ minimum: 1, maximum: 2_000_000_000 }),
  id: Type.String({ format: 'uuid' }),
})
export type ThemeParams = Static<typeof ThemeParams>

export const ResponsesQuery = Type.Object({
  view: Type.Optional(Type.Union([Type.Literal('question'), Type.Literal('passage')])),
  question: listChoice(),
  passage: short(),
  capacity: listChoice(),
  profession: listChoice(),
  region: listChoice(),
  page: listPage(),
})
export type ResponsesQuery = Static<typeof ResponsesQuery>

export const HideBody = Type.Object({ reason: freeTextField() }, { additionalProperties: true })
export type HideBody = Static<typeof HideBody>
export const HideForm = z.object({ reason: required('Enter why it is hidden') })

export const TagBody = Type.Object(
  {
    theme: short(),
    kind: short(),
    item: short(),
    remove: short(),
    back: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: true },
)
export type TagBody = Static<typeof TagBody>
export const TagForm = z.object({
  theme: required('Select a theme'),
  kind: z.enum(['answer', 'comment'], { message: 'Select an answer or a comment' }),
  item: required('Select an answer or a comment'),
  remove: answer(),
})

export const ThemeBody = Type.Object(
  {
    rowVersion: textField(),
    name: short(),
    youSaid: freeTextField(),
    weDid: freeTextField(),
    changedCodes: repeatedField(),
  },
  { additionalProperties: true },
)
export type ThemeBody = Static<typeof ThemeBody>
export const ThemeForm = z.object({
  name: required('Enter the name of the theme'),
  youSaid: answer(),
  weDid: answer(),
})

export const PublishBody = Type.Object(
  { rowVersion: textField(), summary: Type.Optional(Type.String({ maxLength: 20_000 })) },
  { additionalProperties: true },
)
export type PublishBody = Static<typeof PublishBody>
export const PublishForm = z.object({ summary: required('Enter a summary of what you heard') })

export const SubscribeBody = Type.Object({ email: short(), area: short() }, { additionalProperties: true })
export type SubscribeBody = Static<typeof SubscribeBody>
export const SubscribeForm = z.object({
  email: required('Enter your email address'),
  area: required('Select the areas you want to hear about'),
})

export const TokenQuery = Type.Object({ token: Type.Optional(Type.String({ maxLength: 200 })) })
export type TokenQuery = Static<typeof TokenQuery>
export const TokenBody = Type.Object(
  { token: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: true },
)
export type TokenBody = Static<typeof TokenBody>
