import { Type, type Static } from '@sinclair/typebox'
import { z } from 'zod'
import { MAX_NAME_LENGTH } from '../../domain/accounts.ts'
import { emailAddress, password, withNewPassword } from '../account-answers.ts'
import { formBody, required, textField } from '../forms.ts'

const fullName = () =>
  required('Enter your full name').pipe(
    z.string().max(MAX_NAME_LENGTH, `Full name must be ${MAX_NAME_LENGTH} characters or fewer`),
  )

export const RegisterForm = withNewPassword(
  z.object({
    displayName: fullName(),
    email: emailAddress(),
    password: password(),
    confirmPassword: password(),
  }),
  (form) => form.email,
)

/** Accepting an invitation as someone new: a name and a password (never the invited address). */
export const NewAccountForm = (invitedEmail: string) =>
  withNewPassword(
    z.object({
      displayName: required('Enter your full name'),
      password: password(),
      confirmPassword: password(),
    }),
    () => invitedEmail,
  )

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
