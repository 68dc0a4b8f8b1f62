// The signed-in home page: the tasks each of the account's roles can do, with how many wait.
import type { FastifyInstance } from 'fastify'
import type { Services } from '../../services/index.ts'
import { signedInUser } from '../plugins/auth.ts'
import { takeFlash } from '../plugins/session.ts'
import { tasksFor } from './tasks.ts'

export function homeRoutes(app: FastifyInstance, services: Pick<Services, 'workQueue' | 'clock'>): void {
  app.get('/home', { config: { access: 'signed-in' } }, async (request, reply) => {
    const flash = await takeFlash(request)
    const user = signedInUser(request)
    const roles = [...new Set(user.grants.map((g) => g.role))]
    const counts = await services.workQueue.countsFor(user.id, roles, services.clock.today())
    return reply.render('home/tasks.njk', {
      pageTitle: 'Your tasks',
      banner: flash.banner,
      tasks: tasksFor(user.grants, counts),
    })
  })
}
