import { Type, type Static } from '@sinclair/typebox'
import { formBody, textField } from '../forms.ts'

export const SignInBody = formBody({ email: textField(), password: textField() })
export type SignInBody = Static<typeof SignInBody>

export const ReturnToQuery = Type.Object({ returnTo: textField() })
export type ReturnToQuery = Static<typeof ReturnToQuery>

export const EmailBody = formBody({ email: textField() })
export type EmailBody = Static<typeof EmailBody>

/** The reset page, opened from the link in the e-mail. */
export const ResetPasswordQuery = Type.Object({ token: textField() })
export type ResetPasswordQuery = Static<typeof ResetPasswordQuery>

export const ResetPasswordBody = formBody({
  token: textField(),
  password: textField(),
  confirmPassword: textField(),
})
export type ResetPasswordBody = Static<typeof ResetPasswordBody>
