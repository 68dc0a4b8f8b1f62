import type { Kysely } from 'kysely'
import type { Config } from '../config.ts'
import type { Database } from '../db/schema.ts'
import * as repo from '../repositories/sessions.ts'
import { hashToken, newToken } from './tokens.ts'

export interface Session {
  id: string
  userId: string | null
  csrfToken: string
  data: Record<string, unknown>
  createdAt: Date
  lastSeenAt: Date
}

export interface SessionService {
  /** The live session for a cookie value, or null when unknown or timed out. */
  load(token: string): Promise<Session | null>
  create(userId: string | null): Promise<{ token: string; session: Session }>
  saveData(session: Session): Promise<void>
  destroy(sessionId: string): Promise<void>
  destroyAllForUser(userId: string): Promise<void>
  deleteExpired(): Promise<void>
}

// Writing last_seen_at on every request would turn every page view into a write.
const TOUCH_AFTER_MS = 60_000

export function createSessionService(db: Kysely<Database>, config: Pick<Config, 'session'>): SessionService {
  const idleMs = config.session.idleMinutes * 60_000
  const absoluteMs = config.session.absoluteHours * 3_600_000

  return {
    async load(token) {
      const row = await repo.findSession(db, hashToken(token))
      if (!row) return null
      const now = Date.now()
      if (now - row.last_seen_at.getTime() > idleMs || now - row.created_at.getTime() > absoluteMs) {
        await repo.deleteSession(db, row.id)
        return null
      }
      if (now - row.last_seen_at.getTime() > TOUCH_AFTER_MS) await repo.touchSession(db, row.id)
      return {
        id: row.id,
        userId: row.user_id,
        csrfToken: row.csrf_token,
        data: row.data,
        createdAt: row.created_at,
        lastSeenAt: row.last_seen_at,
      }
    },

    async create(userId) {
      const token = newToken()
      const session: Session = {
        id: hashToken(token),
        userId,
        csrfToken: newToken(),
        data: {},
        createdAt: new Date(),
        lastSeenAt: new Date(),
      }
      await repo.insertSession(db, { id: session.id, user_id: userId, csrf_token: session.csrfToken })
      return { token, session }
    },

    saveData: (session) => repo.saveSessionData(db, session.id, session.data),
    destroy: (sessionId) => repo.deleteSession(db, sessionId),
    destroyAllForUser: (userId) => repo.deleteSessionsOfUser(db, userId),
    async deleteExpired() {
      const now = Date.now()
      await repo.deleteExpiredSessions(db, new Date(now - idleMs), new Date(now - absoluteMs))
    },
  }
}
