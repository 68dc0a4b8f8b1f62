// The answers that signing in, registering, resetting a password and accepting an invitation
// share, read by the account rules of src/domain/accounts.ts with their messages.
import { z } from 'zod'
import { emailProblem, newPasswordProblems } from '../domain/accounts.ts'
import { answer } from './forms.ts'

/** An e-mail address, trimmed; `missing` replaces the general message when none is typed. */
export const emailAddress = (missing?: string) =>
  answer().superRefine((email, ctx) => {
    const problem = email === '' && missing ? missing : emailProblem(email)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })

/** A password exactly as typed: spaces count. */
export const password = () => z.string().default('')

/**
 * A form choosing a new password, typed twice, by the password rules (never the e-mail
 * address `emailOf` gives); checked with the form's other fields, so every problem shows at once.
 */
export function withNewPassword<Form extends { password: string; confirmPassword: string }>(
  schema: z.ZodType<Form>,
  emailOf: (form: Form) => string | undefined = () => undefined,
) {
  return schema.superRefine(
    (form, ctx) => {
      const problems = newPasswordProblems(form.password, form.confirmPassword, emailOf(form))
      if (problems.password) ctx.addIssue({ code: 'custom', path: ['password'], message: problems.password })
      if (problems.confirmPassword)
        ctx.addIssue({ code: 'custom', path: ['confirmPassword'], message: problems.confirmPassword })
    },
    { when: () => true },
  )
}
