import { Type, type Static } from '@sinclair/typebox'
import { z } from 'zod'
import { emailAddress, password, withNewPassword } from '../account-answers.ts'
import { formBody, textField } from '../forms.ts'

export const SignInForm = z.object({
  email: emailAddress('Enter your email address'),
  password: password().pipe(z.string().min(1, 'Enter your password')),
})

export const ForgotPasswordForm = z.object({ email: emailAddress() })

export const NewPasswordForm = withNewPassword(
  z.object({ password: password(), confirmPassword: password() }),
)

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
