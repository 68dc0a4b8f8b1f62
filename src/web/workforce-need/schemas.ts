import { Type, type Static } from '@sinclair/typebox'
import { formBody, freeTextField, textField } from '../forms.ts'
import { listChoice, listPage } from '../lists.ts'

const short = () => Type.Optional(Type.String({ maxLength: 2000 }))
const datePart = () => Type.Optional(Type.String({ maxLength: 20 }))

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) })
export type IdParams = Static<typeof IdParams>

export const ListQuery = Type.Object({ area: listChoice(), region: listChoice(), page: listPage() })
export type ListQuery = Static<typeof ListQuery>

/** A need's figure, its source and the source's date, and the reason for a change. */
export const NeedBody = formBody({
  rowVersion: textField(),
  subjectKind: short(),
  credential: short(),
  area: short(),
  region: short(),
  financialYear: short(),
  planned: short(),
  source: short(),
  'sourceDate[day]': datePart(),
  'sourceDate[month]': datePart(),
  'sourceDate[year]': datePart(),
  reason: freeTextField(),
})
export type NeedBody = Static<typeof NeedBody>
