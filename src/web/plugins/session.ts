// Server-side sessions: the cookie holds a random token, the database holds the session
// under the token's hash. A session is created only when one is needed (a form, a sign-in),
// so browsing the public catalogue costs no database write.
import cookie from '@fastify/cookie'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Config } from '../../config.ts'
import type { AuthenticationService, CurrentUser } from '../../services/authentication.ts'
import type { Actor } from '../../services/audit.ts'
import { isRecord } from '../../domain/present.ts'
import type { ProcessActor } from '../../services/process.ts'
import type { Session, SessionService } from '../../services/sessions.ts'

declare module 'fastify' {
  interface FastifyRequest {
    session: Session | null
    user: CurrentUser | null
  }
}

export interface SessionPluginOptions {
  sessions: SessionService
  authentication: Pick<AuthenticationService, 'currentUser'>
  config: Pick<Config, 'session'>
}

export const sessionPlugin = fp(async (app: FastifyInstance, options: SessionPluginOptions) => {
  const { sessions, authentication, config } = options
  const secure = config.session.secureCookie
  // The __Host- prefix makes browsers refuse the cookie unless it is Secure, host-only and path=/.
  const sessionCookie = { name: secure ? '__Host-apc_session' : 'apc_session', secure }

  await app.register(cookie)
  app.decorateRequest('session', null)
  app.decorateRequest('user', null)
  app.decorate('sessions', sessions)
  app.decorate('sessionCookie', sessionCookie)

  app.addHook('onRequest', async (request) => {
    const token = request.cookies[sessionCookie.name]
    if (!token) return
    const session = await sessions.load(token)
    if (!session) return
    request.session = session
    if (session.userId) request.user = await authentication.currentUser(session.userId)
  })
})

declare module 'fastify' {
  interface FastifyInstance {
    sessions: SessionService
    sessionCookie: { name: string; secure: boolean }
  }
}

function cookieOptions(reply: FastifyReply) {
  return { path: '/', httpOnly: true, secure: reply.server.sessionCookie.secure, sameSite: 'lax' as const }
}

function setCookie(reply: FastifyReply, token: string): void {
  reply.setCookie(reply.server.sessionCookie.name, token, cookieOptions(reply))
}

/** The request's session, creating an anonymous one (and its cookie) when there is none. */
export async function ensureSession(request: FastifyRequest, reply: FastifyReply): Promise<Session> {
  if (request.session) return request.session
  const { token, session } = await request.server.sessions.create(null)
  setCookie(reply, token)
  request.session = session
  return session
}

/** Signs a person in with a brand-new session, so that no earlier session id carries over. */
export async function startSignedInSession(request: FastifyRequest, reply: FastifyReply, userId: string) {
  const carried = request.session?.data.returnTo
  if (request.session) await request.server.sessions.destroy(request.session.id)
  const { token, session } = await request.server.sessions.create(userId)
  setCookie(reply, token)
  request.session = session
  return typeof carried === 'string' ? carried : undefined
}

/**
 * Whether the person signed in within the last `minutes`: a session starts afresh at every
 * sign-in (startSignedInSession), so its age is the time since they last proved who they are.
 */
export function signedInWithin(request: FastifyRequest, minutes: number): boolean {
  const session = request.session
  return Boolean(session?.userId) && Date.now() - (session?.createdAt.getTime() ?? 0) <= minutes * 60_000
}

export async function endSession(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.session) await request.server.sessions.destroy(request.session.id)
  request.session = null
  request.user = null
  reply.clearCookie(reply.server.sessionCookie.name, cookieOptions(reply))
}

/** Keeps something for the next page only: errors and values after a failed POST, a banner. */
export async function setFlash(request: FastifyRequest, reply: FastifyReply, flash: Record<string, unknown>) {
  const session = await ensureSession(request, reply)
  session.data = { ...session.data, flash }
  await request.server.sessions.saveData(session)
}

export async function takeFlash(request: FastifyRequest): Promise<Record<string, unknown>> {
  const session = request.session
  const flash = session?.data.flash
  if (!session || !isRecord(flash)) return {}
  const rest = { ...session.data }
  delete rest.flash
  session.data = rest
  await request.server.sessions.saveData(session)
  return flash
}

export async function rememberInSession(
  request: FastifyRequest,
  reply: FastifyReply,
  values: Record<string, unknown>,
) {
  const session = await ensureSession(request, reply)
  session.data = { ...session.data, ...values }
  await request.server.sessions.saveData(session)
}

export function actorOf(request: FastifyRequest): Actor {
  return {
    userId: request.user?.id ?? null,
    label: request.user?.email ?? 'anonymous',
    ip: request.ip,
  }
}

/** The signed-in person as the approval process sees them: id, name and roles. */
export function processActorOf(request: FastifyRequest): ProcessActor {
  const user = request.user
  if (!user) throw new Error('processActorOf needs a signed-in route')
  return {
    userId: user.id,
    label: user.email,
    ip: request.ip,
    name: user.displayName,
    roles: [...new Set(user.grants.map((g) => g.role))],
  }
}
