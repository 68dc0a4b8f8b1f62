// The employer check: anyone may ask which credentials a person holds, by registration number
// and surname, a limited number of times an hour.
import type { FastifyInstance } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import type { Services } from '../../services/index.ts'
import { EMPLOYER_CHECKS_PER_HOUR, TooManyChecks } from '../../services/employer-checks.ts'
import { formBody, formHandler, renderForm } from '../forms.ts'

const PUBLIC = { access: 'public' } as const
const CheckBody = formBody({
  registrationNumber: Type.Optional(Type.String()),
  surname: Type.Optional(Type.String()),
})
type CheckBody = Static<typeof CheckBody>

export function employerCheckRoutes(app: FastifyInstance, services: Services) {
  const { employerChecks } = services

  app.get('/employer-check', { config: PUBLIC }, async (request, reply) =>
    renderForm(request, reply, 'employer-checks/employer-check.njk', {
      pageTitle: 'Check a practitioner’s credentials',
      checksPerHour: EMPLOYER_CHECKS_PER_HOUR,
      values: {},
    }),
  )

  app.post<{ Body: CheckBody }>(
    '/employer-check',
    { config: PUBLIC, schema: { body: CheckBody } },
    async (request, reply) => {
      const values = {
        registrationNumber: request.body.registrationNumber ?? '',
        surname: request.body.surname ?? '',
      }
      const answer = { back: '/employer-check', field: 'registrationNumber', values }
      // Too many checks is its own answer, 429, not a problem with the form.
      try {
        return await formHandler(request, reply, answer, async () => {
          const result = await employerChecks.employerCheck(
            { userId: request.user?.id ?? null, label: request.user?.email ?? 'public', ip: request.ip },
            values,
          )
          // The answer is shown once, not kept: the checker's browser history holds no names.
          return reply
            .header('cache-control', 'no-store')
            .render('employer-checks/employer-check-result.njk', {
              pageTitle: result.found ? 'Credentials held' : 'No credentials found',
              values,
              result,
            })
        })
      } catch (error) {
        if (!(error instanceof TooManyChecks)) throw error
        return reply.code(429).header('retry-after', '3600').render('employer-checks/too-many-checks.njk', {
          pageTitle: 'You have made too many checks',
          checksPerHour: EMPLOYER_CHECKS_PER_HOUR,
        })
      }
    },
  )
}
