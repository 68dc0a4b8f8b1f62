import { Type, type Static } from '@sinclair/typebox'
import { z } from 'zod'
import { GROUP_OUTCOMES } from '../../domain/proposal-lifecycle.ts'
import { answer, freeTextField, repeatedField, required, textField } from '../forms.ts'
import { checkedDue, INVALID_DUE, readDue } from '../proposals/schemas.ts'

export const MeetingParams = Type.Object({ id: Type.String({ format: 'uuid' }) })
export type MeetingParams = Static<typeof MeetingParams>

export const ItemParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  itemId: Type.String({ format: 'uuid' }),
})
export type ItemParams = Static<typeof ItemParams>

export const ListQuery = Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })) })
export type ListQuery = Static<typeof ListQuery>

const short = () => Type.Optional(Type.String({ maxLength: 100 }))

export const MeetingBody = Type.Object(
  {
    'meetsOn[day]': short(),
    'meetsOn[month]': short(),
    'meetsOn[year]': short(),
    startsAt: short(),
    proposals: repeatedField(),
  },
  { additionalProperties: true },
)
export type MeetingBody = Static<typeof MeetingBody>

export const WrittenBody = Type.Object(
  {
    proposal: short(),
    'closesOn[day]': short(),
    'closesOn[month]': short(),
    'closesOn[year]': short(),
  },
  { additionalProperties: true },
)
export type WrittenBody = Static<typeof WrittenBody>

export const AttendanceBody = Type.Object(
  { rowVersion: textField(), present: repeatedField() },
  { additionalProperties: true },
)
export type AttendanceBody = Static<typeof AttendanceBody>

export const MinutesBody = Type.Object(
  { rowVersion: textField(), minutes: Type.Optional(Type.String({ maxLength: 30_000 })) },
  { additionalProperties: true },
)
export type MinutesBody = Static<typeof MinutesBody>

export const RowVersionBody = Type.Object({ rowVersion: textField() }, { additionalProperties: true })
export type RowVersionBody = Static<typeof RowVersionBody>

export const InterestBody = Type.Object(
  { member: short(), interest: freeTextField() },
  { additionalProperties: true },
)
export type InterestBody = Static<typeof InterestBody>

export const VoteBody = Type.Object(
  { vote: short(), reason: freeTextField() },
  { additionalProperties: true },
)
export type VoteBody = Static<typeof VoteBody>

export const CloseBody = Type.Object(
  { rowVersion: textField(), reason: freeTextField(), expectedSeason: short(), expectedYear: short() },
  { additionalProperties: true },
)
export type CloseBody = Static<typeof CloseBody>

export const VoteForm = z.object({
  vote: z.enum(GROUP_OUTCOMES, { message: 'Select your vote' }),
  reason: required('Enter the reason for your vote'),
})

export const InterestForm = z.object({ member: answer(), interest: required('Enter the interest') })

/** The chair's closing of an item: the reasons, and the expected date (needed if it is agreed). */
export const CloseForm = z
  .object({
    // The service checks the reasons with the expected date, which only it knows is needed.
    reason: answer(),
    expectedSeason: answer(),
    expectedYear: answer(),
  })
  .refine((form) => readDue(form.expectedSeason, form.expectedYear) !== 'invalid', {
    path: ['expectedSeason'],
    message: INVALID_DUE,
    when: () => true,
  })
  .transform((form, ctx) => ({
    reason: form.reason,
    expected: checkedDue(form.expectedSeason, form.expectedYear, ctx, 'expectedSeason'),
  }))
