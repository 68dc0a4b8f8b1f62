// E-mail goes into an outbox table in the same transaction as the change that causes it,
// and a worker sends it later, retrying, so that nothing is lost when the mail server is down.
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Kysely, Transaction } from 'kysely'
import nodemailer from 'nodemailer'
import type { Config } from '../config.ts'
import type { Database } from '../db/schema.ts'
import { MAIL_STATUSES, type MailStatus } from '../domain/mail.ts'
import * as repo from '../repositories/mail.ts'
import { inBatches } from './batches.ts'
import { present } from '../domain/present.ts'

export interface MailMessage {
  to: string
  subject: string
  text: string
}

export interface MailTransport {
  readonly name: string
  send(message: MailMessage & { from: string }): Promise<void>
}

export function enqueueMail(
  trx: Transaction<Database> | Kysely<Database>,
  message: MailMessage,
): Promise<void> {
  return repo.insertMail(trx, { to_address: message.to, subject: message.subject, body_text: message.text })
}

export function createTransport(
  config: Config['mail'],
  log: (line: string) => void = console.log,
): MailTransport {
  switch (config.transport) {
    case 'smtp': {
      // Each stage times out well inside the outbox lease, so a hung connection cannot
      // outlast the claim and let another instance send the same message again.
      const smtp = nodemailer.createTransport({
        url: present(config.smtpUrl, 'SMTP_URL for the smtp mail transport'),
        connectionTimeout: 30_000,
        greetingTimeout: 30_000,
        socketTimeout: 60_000,
      })
      return {
        name: 'smtp',
        async send(message) {
          await smtp.sendMail({
            from: message.from,
            to: message.to,
            subject: message.subject,
            text: message.text,
          })
        },
      }
    }
    case 'file':
      return {
        name: 'file',
        async send(message) {
          await mkdir(config.fileDir, { recursive: true })
          const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${Math.random().toString(36).slice(2, 8)}.txt`
          const body = `From: ${message.from}\nTo: ${message.to}\nSubject: ${message.subject}\n\n${message.text}\n`
          await writeFile(path.join(config.fileDir, name), body, { flag: 'wx' })
        },
      }
    case 'console':
      return {
        name: 'console',
        async send(message) {
          log(`--- e-mail to ${message.to}: ${message.subject}\n${message.text}\n---`)
        },
      }
  }
}

export { MAIL_STATUSES, type MailStatus }
export const isMailStatus = (value: string): value is MailStatus => MAIL_STATUSES.some((s) => s === value)
/** A status the database holds; anything else reads as still waiting to send. */
const mailStatus = (value: string): MailStatus => (isMailStatus(value) ? value : 'pending')

/** A message as a download lists it: never its body. */
export interface OutboxSummary {
  id: string
  to: string
  subject: string
  status: MailStatus
  attempts: number
  lastError: string | null
  createdAt: Date
  sentAt: Date | null
}

export interface OutboxMessage {
  id: string
  to: string
  subject: string
  text: string
  status: 'pending' | 'sent' | 'failed'
  attempts: number
  lastError: string | null
  createdAt: Date
  sentAt: Date | null
  nextAttemptAt: Date
}

export interface MailService {
  /** Sends what is due now; returns how many were sent and how many failed this time. */
  deliverDue(limit?: number): Promise<{ sent: number; failed: number }>
  list(
    filter: repo.MailFilter & { limit: number; offset: number },
  ): Promise<{ messages: OutboxMessage[]; total: number }>
  /**
   * Every message the filter picks out, newest first, a batch at a time, for a download:
   * without bodies, which hold one-time links (invitations, password resets, confirmations).
   */
  exportMail(filter: repo.MailFilter): AsyncGenerator<OutboxSummary[]>
  latestTo(address: string): Promise<OutboxMessage | null>
  /** Delivers every few seconds until the returned function is called. */
  startWorker(intervalMs: number, onError: (error: unknown) => void): () => Promise<void>
}

export const MAX_ATTEMPTS = 10
const LEASE_SECONDS = 300

/** 1, 2, 4 … minutes between attempts, at most an hour; null when it is time to give up. */
export function retryDelaySeconds(attemptsSoFar: number): number | null {
  if (attemptsSoFar + 1 >= MAX_ATTEMPTS) return null
  return Math.min(60 * 2 ** attemptsSoFar, 3600)
}

function toMessage(row: {
  id: string
  to_address: string
  subject: string
  body_text: string
  status: MailStatus
  attempts: number
  last_error: string | null
  created_at: Date
  sent_at: Date | null
  next_attempt_at: Date
}): OutboxMessage {
  return {
    id: row.id,
    to: row.to_address,
    subject: row.subject,
    text: row.body_text,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    nextAttemptAt: row.next_attempt_at,
  }
}

export function createMailService(db: Kysely<Database>, from: string, transport: MailTransport): MailService {
  const service: MailService = {
    async deliverDue(limit = 20) {
      const due = await repo.claimDue(db, limit, LEASE_SECONDS)
      let sent = 0
      let failed = 0
      for (const mail of due) {
        try {
          await transport.send({ from, to: mail.to_address, subject: mail.subject, text: mail.body_text })
          await repo.markSent(db, mail.id)
          sent++
        } catch (error) {
          await repo.markFailedAttempt(db, mail.id, String(error), retryDelaySeconds(mail.attempts))
          failed++
        }
      }
      return { sent, failed }
    },

    async list(filter) {
      const { rows, total } = await repo.listMail(db, filter)
      return { messages: rows.map(toMessage), total }
    },

    async *exportMail(filter) {
      for await (const rows of inBatches(
        (after: { at: string; id: string } | undefined, limit: number) =>
          repo.listMailAfter(db, filter, after, limit),
        (last) => ({ at: last.cursor_at, id: last.id }),
      ))
        yield rows.map((row) => ({
          id: row.id,
          to: row.to_address,
          subject: row.subject,
          status: mailStatus(row.status),
          attempts: row.attempts,
          lastError: row.last_error,
          createdAt: row.created_at,
          sentAt: row.sent_at,
        }))
    },

    async latestTo(address) {
      const row = await repo.latestMailTo(db, address)
      return row ? toMessage(row) : null
    },

    startWorker(intervalMs, onError) {
      // One round at a time: with a slow mail server, overlapping rounds would pile up, and
      // stopping must wait for every round still using the database, not only the latest.
      let running: Promise<void> | undefined
      const timer = setInterval(() => {
        if (running) return
        running = service
          .deliverDue()
          .then(() => undefined, onError)
          .finally(() => {
            running = undefined
          })
      }, intervalMs)
      timer.unref()
      return async () => {
        clearInterval(timer)
        await running
      }
    },
  }
  return service
}
