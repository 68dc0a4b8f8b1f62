import { Type, type Static } from '@sinclair/typebox'
import { formBody, textField } from '../forms.ts'

export const RegisterBody = formBody({
  displayName: textField(),
  email: textField(),
  password: textField(),
  confirmPassword: textField(),
})
export type RegisterBody = Static<typeof RegisterBody>

/** A page opened from the link in an e-mail: confirming the address, accepting an invitation. */
export const TokenQuery = Type.Object({ token: textField() })
export type TokenQuery = Static<typeof TokenQuery>

export const TokenBody = formBody({ token: textField() })
export type TokenBody = Static<typeof TokenBody>

export const AcceptInvitationBody = formBody({
  token: textField(),
  displayName: textField(),
  password: textField(),
  confirmPassword: textField(),
})
export type AcceptInvitationBody = Static<typeof AcceptInvitationBody>
