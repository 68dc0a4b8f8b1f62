// Centre admins: sent mail and the audit trail.
import type { FastifyInstance } from 'fastify'
import type { Services } from '../../services/index.ts'
import { auditActionLabel } from '../../domain/audit-sentences.ts'
import { isMailStatus, MAIL_STATUSES } from '../../services/mail.ts'
import { MAIL_STATUS_WORDS } from '../../domain/mail.ts'
import {
  countLabel,
  downloadLink,
  isoTime,
  LIST_PAGE_SIZE,
  numberedPagination,
  pageOf,
  offsetOf,
  readDateRange,
  searchWords,
  sendCsv,
} from '../lists.ts'
import { AuditQuery, MailQuery } from './schemas.ts'

const ADMIN = { access: { roles: ['centre_admin'] } } as const

export function adminRoutes(app: FastifyInstance, services: Pick<Services, 'mail' | 'audit'>) {
  app.get<{ Querystring: MailQuery }>(
    '/admin/mail',
    { config: ADMIN, schema: { querystring: MailQuery } },
    async (request, reply) => {
      const range = readDateRange(request.query)
      const asked = request.query.status ?? ''
      const status = isMailStatus(asked) ? asked : undefined
      const words = {
        recipient: searchWords(request.query.recipient),
        subject: searchWords(request.query.subject),
      }
      const filter = { ...words, status, from: range.from, to: range.to }
      const query = { ...words, status, ...range.query }
      if (range.errors.length === 0 && request.query.format === 'csv')
        return sendCsv(
          reply,
          'sent-email.csv',
          ['Created', 'To', 'Subject', 'Status', 'Attempts', 'Sent', 'Last error'],
          services.mail.exportMail(filter),
          (m) => [
            isoTime(m.createdAt),
            m.to,
            m.subject,
            MAIL_STATUS_WORDS[m.status].text,
            m.attempts,
            isoTime(m.sentAt),
            m.lastError,
          ],
        )
      const page = pageOf(request.query.page)
      const { messages, total } = range.errors.length
        ? { messages: [], total: 0 }
        : await services.mail.list({ ...filter, limit: LIST_PAGE_SIZE, offset: offsetOf(page) })
      if (range.errors.length) reply.code(400)
      return reply.render('admin/mail.njk', {
        pageTitle: 'Sent email',
        columnWidth: 'full',
        errors: range.errors,
        fieldErrors: Object.fromEntries(range.errors.map((e) => [e.href.slice(1), e.text])),
        messages: messages.map((m) => ({ ...m, statusWord: MAIL_STATUS_WORDS[m.status] })),
        total,
        totalText: countLabel(total, 'email', 'emails'),
        filters: query,
        statusItems: [
          { value: '', text: 'Any status' },
          ...MAIL_STATUSES.map((s) => ({
            value: s,
            text: MAIL_STATUS_WORDS[s].text,
            selected: s === status,
          })),
        ],
        pagination: numberedPagination('/admin/mail', query, page, total),
        downloadHref: downloadLink('/admin/mail', query),
      })
    },
  )

  app.get<{ Querystring: AuditQuery }>(
    '/admin/audit',
    { config: ADMIN, schema: { querystring: AuditQuery } },
    async (request, reply) => {
      const range = readDateRange(request.query)
      const words = {
        action: searchWords(request.query.action),
        entityType: searchWords(request.query.entityType),
        actor: searchWords(request.query.actor),
      }
      const filter = { ...words, from: range.from, to: range.to }
      const query = { ...words, ...range.query }
      if (range.errors.length === 0 && request.query.format === 'csv')
        return sendCsv(
          reply,
          'audit-trail.csv',
          ['Event', 'When', 'Who', 'Action', 'Record type', 'Record', 'From', 'Before', 'After'],
          services.audit.exportEvents(filter),
          (e) => [
            e.id,
            isoTime(e.occurredAt),
            e.actorLabel,
            e.action,
            e.entityType,
            e.entityId,
            e.ip,
            e.before === null || e.before === undefined ? '' : JSON.stringify(e.before),
            e.after === null || e.after === undefined ? '' : JSON.stringify(e.after),
          ],
        )
      const page = pageOf(request.query.page)
      const [{ events, total }, actions] = await Promise.all([
        range.errors.length
          ? { events: [], total: 0 }
          : services.audit.list({ ...filter, limit: LIST_PAGE_SIZE, offset: offsetOf(page) }),
        services.audit.actions(),
      ])
      if (range.errors.length) reply.code(400)
      return reply.render('admin/audit.njk', {
        pageTitle: 'Audit trail',
        columnWidth: 'full',
        errors: range.errors,
        fieldErrors: Object.fromEntries(range.errors.map((e) => [e.href.slice(1), e.text])),
        events: events.map((e) => ({
          ...e,
          change:
            e.before || e.after
              ? JSON.stringify({ before: e.before ?? undefined, after: e.after ?? undefined })
              : '',
        })),
        total,
        totalText: countLabel(total, 'event', 'events'),
        filters: query,
        actionItems: [
          { value: '', text: 'All actions' },
          ...actions
            .map((a) => ({ value: a, text: auditActionLabel(a), selected: a === words.action }))
            .sort((a, b) => a.text.localeCompare(b.text, 'en-GB')),
        ],
        pagination: numberedPagination('/admin/audit', query, page, total),
        downloadHref: downloadLink('/admin/audit', query),
      })
    },
  )
}
