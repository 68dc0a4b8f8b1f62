// The signed-in home page: the tasks each of the account's roles can do, with how many wait;
// and for the Centre, the pipeline: every stage, its items and how long each has waited.
import type { FastifyInstance } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import { isPipelineStage, PIPELINE_STAGES } from '../../domain/pipeline.ts'
import type { Services } from '../../services/index.ts'
import { countLabel, LIST_PAGE_SIZE, listPage, numberedPagination, pageOf } from '../lists.ts'
import { signedInUser } from '../plugins/auth.ts'
import { processActorOf, takeFlash } from '../plugins/session.ts'
import { tasksFor } from './tasks.ts'

const CENTRE_ADMIN = { access: { roles: ['centre_admin'] } } as const
/** How many of each stage's longest waiting items the pipeline page shows. */
const ITEMS_EACH = 5
/** How many overdue periodic reviews a Centre admin's home lists before linking to them all. */
const OVERDUE_SHOWN = 5

const StageParams = Type.Object({ stage: Type.String({ maxLength: 50 }) })
type StageParams = Static<typeof StageParams>
const StageQuery = Type.Object({ page: listPage() })
type StageQuery = Static<typeof StageQuery>

export function homeRoutes(
  app: FastifyInstance,
  services: Pick<Services, 'workQueue' | 'periodicReviews' | 'clock'>,
): void {
  app.get('/home', { config: { access: 'signed-in' } }, async (request, reply) => {
    const flash = await takeFlash(request)
    const user = signedInUser(request)
    const roles = [...new Set(user.grants.map((g) => g.role))]
    const today = services.clock.today()
    const counts = await services.workQueue.countsFor(user.id, roles, today)
    const overdue = roles.includes('centre_admin')
      ? await services.periodicReviews.overdue(processActorOf(request), today, OVERDUE_SHOWN)
      : null
    return reply.render('home/tasks.njk', {
      pageTitle: 'Your tasks',
      banner: flash.banner,
      tasks: tasksFor(user.grants, counts),
      overdue: overdue && {
        ...overdue,
        totalText: countLabel(overdue.total, 'overdue periodic review', 'overdue periodic reviews'),
      },
    })
  })

  app.get('/pipeline', { config: CENTRE_ADMIN }, async (_request, reply) => {
    const stages = await services.workQueue.pipeline(services.clock.now(), services.clock.today(), ITEMS_EACH)
    return reply.render('home/pipeline.njk', {
      pageTitle: 'The pipeline: every stage and what waits there',
      columnWidth: 'full',
      stages: stages.map((s) => ({ ...s, totalText: countLabel(s.total, 'item', 'items') })),
      breadcrumbs: [{ href: '/home', text: 'Home' }],
    })
  })

  app.get<{ Params: StageParams; Querystring: StageQuery }>(
    '/pipeline/:stage',
    { config: CENTRE_ADMIN, schema: { params: StageParams, querystring: StageQuery } },
    async (request, reply) => {
      const { stage } = request.params
      if (!isPipelineStage(stage)) return reply.callNotFound()
      const page = pageOf(request.query.page)
      const summary = await services.workQueue.stage(
        stage,
        services.clock.now(),
        services.clock.today(),
        page,
        LIST_PAGE_SIZE,
      )
      return reply.render('home/stage.njk', {
        pageTitle: summary.title,
        columnWidth: 'full',
        summary,
        stageNumber: PIPELINE_STAGES.indexOf(stage) + 1,
        stageCount: PIPELINE_STAGES.length,
        totalText: countLabel(summary.total, 'item waiting', 'items waiting'),
        pagination: numberedPagination(`/pipeline/${stage}`, {}, page, summary.total),
        breadcrumbs: [
          { href: '/home', text: 'Home' },
          { href: '/pipeline', text: 'The pipeline' },
        ],
      })
    },
  )
}
