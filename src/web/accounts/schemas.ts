import { Type, type Static } from '@sinclair/typebox'
import { formBody } from '../forms.ts'

const field = () => Type.Optional(Type.String())

export const SignInBody = formBody({ email: field(), password: field() })
export type SignInBody = Static<typeof SignInBody>

export const RegisterBody = formBody({
  displayName: field(),
  email: field(),
  password: field(),
  confirmPassword: field(),
})
export type RegisterBody = Static<typeof RegisterBody>

export const EmailBody = formBody({ email: field() })
export type EmailBody = Static<typeof EmailBody>

export const TokenBody = formBody({ token: field() })
export type TokenBody = Static<typeof TokenBody>

export const ResetPasswordBody = formBody({ token: field(), password: field(), confirmPassword: field() })
export type ResetPasswordBody = Static<typeof ResetPasswordBody>

export const AcceptInvitationBody = formBody({
  token: field(),
  displayName: field(),
  password: field(),
  confirmPassword: field(),
})
export type AcceptInvitationBody = Static<typeof AcceptInvitationBody>

export const TokenQuery = Type.Object({ token: Type.Optional(Type.String()) })
export type TokenQuery = Static<typeof TokenQuery>

export const ReturnToQuery = Type.Object({ returnTo: Type.Optional(Type.String()) })
export type ReturnToQuery = Static<typeof ReturnToQuery>

export const MAX_NAME_LENGTH = 200
