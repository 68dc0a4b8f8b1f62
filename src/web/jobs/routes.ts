// Centre admins: the job queue (src/services/jobs.ts), a page at a time, filtered by state and
// kind; a dead job with its last error and attempts, and "Try again" after a confirmation.
import type { FastifyInstance } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import { isJobKind, JOB_STATE_WORDS, JOB_STATES } from '../../domain/jobs.ts'
import { JOB_KINDS } from '../../services/jobs.ts'
import type { Services } from '../../services/index.ts'
import { formHandler, redirectWithBanner, renderForm } from '../forms.ts'
import { pageLinks } from '../pagination.ts'
import { actorOf } from '../plugins/session.ts'

const ADMIN = { access: { roles: ['centre_admin'] } } as const
const PAGE_SIZE = 25

const oneOf = <T extends string>(values: readonly T[]) =>
  Type.Optional(Type.Union([Type.Literal(''), ...values.map((v) => Type.Literal(v))]))

const JobsQuery = Type.Object({
  state: oneOf(JOB_STATES),
  kind: oneOf(Object.keys(JOB_KINDS).filter(isJobKind)),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
})
type JobsQuery = Static<typeof JobsQuery>
const JobParams = Type.Object({ id: Type.String({ format: 'uuid' }) })
type JobParams = Static<typeof JobParams>

export function jobRoutes(app: FastifyInstance, services: Pick<Services, 'jobs'>) {
  const { jobs } = services

  app.get<{ Querystring: JobsQuery }>(
    '/admin/jobs',
    { config: ADMIN, schema: { querystring: JobsQuery } },
    async (request, reply) => {
      const filters = {
        state: request.query.state || undefined,
        kind: request.query.kind || undefined,
      }
      const page = request.query.page ?? 1
      const [{ jobs: rows, total }, counts] = await Promise.all([
        jobs.list(filters, PAGE_SIZE, (page - 1) * PAGE_SIZE),
        jobs.countByState(),
      ])
      return renderForm(request, reply, 'jobs/list.njk', {
        pageTitle: 'Background jobs',
        columnWidth: 'full',
        jobs: rows.map((j) => ({ ...j, stateWord: JOB_STATE_WORDS[j.state] })),
        total,
        dead: counts.dead ?? 0,
        filters,
        stateItems: [
          { value: '', text: 'All states' },
          ...JOB_STATES.map((s) => ({
            value: s,
            text: JOB_STATE_WORDS[s].text,
            selected: s === filters.state,
          })),
        ],
        kindItems: [
          { value: '', text: 'All kinds' },
          ...Object.entries(JOB_KINDS).map(([value, text]) => ({
            value,
            text,
            selected: value === filters.kind,
          })),
        ],
        pagination: pageLinks('/admin/jobs', filters, page, Math.max(1, Math.ceil(total / PAGE_SIZE))),
      })
    },
  )

  app.get<{ Params: JobParams }>(
    '/admin/jobs/:id/retry',
    { config: ADMIN, schema: { params: JobParams } },
    async (request, reply) => {
      const job = await jobs.get(request.params.id)
      if (!job) return reply.callNotFound()
      if (job.state !== 'dead') return reply.redirect('/admin/jobs', 303)
      return renderForm(request, reply, 'jobs/retry.njk', {
        pageTitle: 'Try the job again?',
        job,
        breadcrumbs: [
          { href: '/home', text: 'Home' },
          { href: '/admin/jobs?state=dead', text: 'Background jobs' },
        ],
      })
    },
  )

  app.post<{ Params: JobParams }>(
    '/admin/jobs/:id/retry',
    { config: ADMIN, schema: { params: JobParams } },
    async (request, reply) => {
      const job = await jobs.get(request.params.id)
      if (!job) return reply.callNotFound()
      // A refusal shows above the list of jobs, whichever field the service names.
      const answer = { back: '/admin/jobs?state=dead', field: 'jobs', href: () => '#jobs' }
      return formHandler(request, reply, answer, async () => {
        await jobs.retry(job.id, actorOf(request))
        return redirectWithBanner(request, reply, '/admin/jobs?state=dead', {
          title: `${job.kindLabel} job queued again`,
          text: 'A worker will try it again in the next few seconds.',
        })
      })
    },
  )
}
