import { Type, type Static } from '@sinclair/typebox'
import { formBody, freeTextField, textField } from '../forms.ts'
import { listChoice, listPage } from '../lists.ts'

const short = () => Type.Optional(Type.String({ maxLength: 2000 }))

export const NumberParams = Type.Object({ number: Type.Integer({ minimum: 1, maximum: 1_000_000 }) })
export type NumberParams = Static<typeof NumberParams>

export const QuestionParams = Type.Object({
  number: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  position: Type.Integer({ minimum: 1, maximum: 1000 }),
})
export type QuestionParams = Static<typeof QuestionParams>

export const ListQuery = Type.Object({ phase: listChoice(), page: listPage() })
export type ListQuery = Static<typeof ListQuery>

export const RespondQuery = Type.Object({
  passage: Type.Optional(Type.String({ maxLength: 200 })),
  token: Type.Optional(Type.String({ maxLength: 200 })),
})
export type RespondQuery = Static<typeof RespondQuery>

export const TokenQuery = Type.Object({ token: Type.Optional(Type.String({ maxLength: 200 })) })
export type TokenQuery = Static<typeof TokenQuery>

export const TokenBody = formBody({ token: Type.Optional(Type.String({ maxLength: 200 })) })
export type TokenBody = Static<typeof TokenBody>

/** The details of a draft; the date boxes (opensOn[day] …) come along as further fields. */
export const DraftBody = formBody({
  rowVersion: textField(),
  title: short(),
  purpose: freeTextField(),
  audience: freeTextField(),
  subject: short(),
  documentBody: Type.Optional(Type.String({ maxLength: 200_000 })),
  specificationVersionId: short(),
  area: short(),
})
export type DraftBody = Static<typeof DraftBody>

export const QuestionBody = formBody({
  rowVersion: textField(),
  kind: short(),
  prompt: freeTextField(),
  hint: freeTextField(),
  required: short(),
  options: freeTextField(),
})
export type QuestionBody = Static<typeof QuestionBody>

export const RowVersionBody = formBody({ rowVersion: textField(), direction: short() })
export type RowVersionBody = Static<typeof RowVersionBody>

/** A response; each question's answer comes as answer-N and each earlier comment as comment-<id>. */
export const ResponseBody = formBody({
  rowVersion: textField(),
  token: Type.Optional(Type.String({ maxLength: 200 })),
  name: short(),
  email: short(),
  organisation: short(),
  capacity: short(),
  profession: short(),
  region: short(),
  publication: short(),
  passage: short(),
  comment: freeTextField(),
})
export type ResponseBody = Static<typeof ResponseBody>
