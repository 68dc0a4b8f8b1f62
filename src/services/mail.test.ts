import assert from 'node:assert/strict'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, beforeEach, describe, it } from 'node:test'
import { sql } from 'kysely'
import { SMTPServer } from 'smtp-server'
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts'
import type { Config } from '../config.ts'
import {
  createMailService,
  createTransport,
  enqueueMail,
  MAX_ATTEMPTS,
  retryDelaySeconds,
  type MailTransport,
} from './mail.ts'

const FROM = 'Advancing Practice Credentials <no-reply@example.test>'

interface Received {
  from: string | undefined
  to: string[]
  raw: string
}

/** A real SMTP server on 127.0.0.1 that keeps what it receives. */
class TestSmtpServer {
  readonly received: Received[] = []
  private server: SMTPServer | undefined

  async start(port = 0): Promise<number> {
    this.server = new SMTPServer({
      // Plain SMTP on the loopback: no certificate to make, and nodemailer sends in the clear.
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = []
        stream.on('data', (chunk: Buffer) => chunks.push(chunk))
        stream.on('end', () => {
          this.received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString(),
          })
          callback()
        })
      },
    })
    const server = this.server
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => resolve())
    })
    return (server.server.address() as AddressInfo).port
  }

  stop(): Promise<void> {
    const server = this.server
    this.server = undefined
    return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()))
  }
}

/** A port that nothing listens on: the mail server is down. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

function mailConfig(overrides: Partial<Config['mail']>): Config['mail'] {
  return { transport: 'console', from: FROM, fileDir: tmpdir(), smtpUrl: undefined, ...overrides }
}

const smtpTransport = (port: number) =>
  createTransport(mailConfig({ transport: 'smtp', smtpUrl: `smtp://127.0.0.1:${port}` }))

describe('retry delays', () => {
  it('doubles from one minute, stays at most an hour, and gives up at the last attempt', () => {
    assert.equal(retryDelaySeconds(0), 60)
    assert.equal(retryDelaySeconds(1), 120)
    assert.equal(retryDelaySeconds(2), 240)
    assert.equal(retryDelaySeconds(5), 1920)
    assert.equal(retryDelaySeconds(6), 3600, '64 minutes is capped at an hour')
    assert.equal(retryDelaySeconds(MAX_ATTEMPTS - 2), 3600)
    assert.equal(retryDelaySeconds(MAX_ATTEMPTS - 1), null, 'the tenth failure is the last')
    assert.equal(MAX_ATTEMPTS, 10)
  })
})

describe('the mail outbox', () => {
  let database: TestDatabase
  const smtp = new TestSmtpServer()
  let smtpPort: number

  before(async () => {
    database = await createTestDatabase({ seed: false })
    smtpPort = await smtp.start()
  })
  after(async () => {
    await smtp.stop()
    await database.close()
  })
  beforeEach(async () => {
    // Each test starts with an empty outbox and an empty mailbox.
    await database.db.deleteFrom('email_outbox').execute()
    smtp.received.length = 0
  })

  const row = (to: string) =>
    database.db.selectFrom('email_outbox').selectAll().where('to_address', '=', to).executeTakeFirstOrThrow()
  const makeDue = (to: string) =>
    database.db
      .updateTable('email_outbox')
      .set({ next_attempt_at: sql`now() - interval '1 second'` })
      .where('to_address', '=', to)
      .execute()

  it('delivers a queued message over SMTP and marks it sent', async () => {
    const mail = createMailService(database.db, FROM, smtpTransport(smtpPort))
    await enqueueMail(database.db, {
      to: 'ada@example.org',
      subject: 'Your invitation',
      text: 'Accept the invitation: https://example.test/accept',
    })

    assert.deepEqual(await mail.deliverDue(), { sent: 1, failed: 0 })

    assert.equal(smtp.received.length, 1)
    const [message] = smtp.received
    assert.deepEqual(message!.to, ['ada@example.org'])
    assert.equal(message!.from, 'no-reply@example.test')
    assert.match(message!.raw, /^To: ada@example\.org\r$/m)
    assert.match(message!.raw, /^Subject: Your invitation\r$/m)
    assert.match(message!.raw, /Accept the invitation: https:\/\/example\.test\/accept/)
    const stored = await row('ada@example.org')
    assert.equal(stored.status, 'sent')
    assert.equal(stored.attempts, 1)
    assert.ok(stored.sent_at)
    assert.equal(stored.last_error, null)
    assert.deepEqual(await mail.deliverDue(), { sent: 0, failed: 0 }, 'nothing is sent twice')
  })

  it('keeps a message when the mail server is down and sends it once it is back', async () => {
    const port = await closedPort()
    const mail = createMailService(database.db, FROM, smtpTransport(port))
    await enqueueMail(database.db, { to: 'grace@example.org', subject: 'Reset', text: 'Reset link' })

    assert.deepEqual(await mail.deliverDue(), { sent: 0, failed: 1 })
    const waiting = await row('grace@example.org')
    assert.equal(waiting.status, 'pending')
    assert.equal(waiting.attempts, 1)
    assert.match(waiting.last_error ?? '', /ECONNREFUSED/)
    const { now } = (await sql<{ now: Date }>`select now() as now`.execute(database.db)).rows[0]!
    const wait = (waiting.next_attempt_at.getTime() - now.getTime()) / 1000
    assert.ok(wait > 50 && wait <= 60, `the next attempt is in a minute, not ${wait} s`)
    assert.deepEqual(await mail.deliverDue(), { sent: 0, failed: 0 }, 'not retried before it is due')

    const server = new TestSmtpServer()
    await server.start(port)
    try {
      await makeDue('grace@example.org')
      assert.deepEqual(await mail.deliverDue(), { sent: 1, failed: 0 })
      assert.deepEqual(await mail.deliverDue(), { sent: 0, failed: 0 })
      assert.equal(server.received.length, 1, 'sent exactly once')
      assert.match(server.received[0]!.raw, /^Subject: Reset\r$/m)
      const sent = await row('grace@example.org')
      assert.equal(sent.status, 'sent')
      assert.equal(sent.attempts, 2)
      assert.equal(sent.last_error, null)
    } finally {
      await server.stop()
    }
  })

  it(`gives up after ${MAX_ATTEMPTS} failed attempts`, async () => {
    const mail = createMailService(database.db, FROM, smtpTransport(await closedPort()))
    await enqueueMail(database.db, { to: 'linus@example.org', subject: 'Hello', text: 'Hello' })
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      await makeDue('linus@example.org')
      assert.deepEqual(await mail.deliverDue(), { sent: 0, failed: 1 })
      const stored = await row('linus@example.org')
      assert.equal(stored.status, 'pending', `still pending after ${attempt} attempts`)
      assert.equal(stored.attempts, attempt)
    }
    await makeDue('linus@example.org')
    assert.deepEqual(await mail.deliverDue(), { sent: 0, failed: 1 })
    const failed = await row('linus@example.org')
    assert.equal(failed.status, 'failed')
    assert.equal(failed.attempts, MAX_ATTEMPTS)
    assert.ok(failed.last_error)
    await makeDue('linus@example.org')
    assert.deepEqual(await mail.deliverDue(), { sent: 0, failed: 0 }, 'a failed message is not retried')
  })

  it('never sends a message twice when two workers deliver at once', async () => {
    const count = 12
    for (let i = 0; i < count; i++) {
      await enqueueMail(database.db, { to: `person${i}@example.org`, subject: `Message ${i}`, text: 'Hi' })
    }
    // Two services, as two instances of the platform would have, each with its own transport.
    const first = createMailService(database.db, FROM, smtpTransport(smtpPort))
    const second = createMailService(database.db, FROM, smtpTransport(smtpPort))
    const results = await Promise.all([
      first.deliverDue(5),
      second.deliverDue(5),
      first.deliverDue(5),
      second.deliverDue(5),
    ])

    assert.equal(
      results.reduce((n, r) => n + r.sent, 0),
      count,
    )
    const recipients = smtp.received.flatMap((m) => m.to).sort()
    assert.equal(recipients.length, count, 'each message reached the server once')
    assert.equal(new Set(recipients).size, count)
    const statuses = await database.db.selectFrom('email_outbox').select(['status', 'attempts']).execute()
    assert.ok(statuses.every((s) => s.status === 'sent' && s.attempts === 1))
  })

  it('holds a claimed message back from other workers while it is being sent', async () => {
    await enqueueMail(database.db, { to: 'slow@example.org', subject: 'Slow', text: 'Slow' })
    let release!: () => void
    const sending = new Promise<void>((resolve) => (release = resolve))
    const sends: string[] = []
    const slow: MailTransport = {
      name: 'slow',
      async send(message) {
        sends.push(message.to)
        await sending
      },
    }
    const first = createMailService(database.db, FROM, slow)
    const second = createMailService(database.db, FROM, slow)
    const firstRun = first.deliverDue()
    while (sends.length === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    assert.deepEqual(await second.deliverDue(), { sent: 0, failed: 0 }, 'the lease keeps it from others')
    release()
    assert.deepEqual(await firstRun, { sent: 1, failed: 0 })
    assert.deepEqual(sends, ['slow@example.org'])
  })

  it('writes each message to a file with the file transport', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'apc-mail-'))
    try {
      const fileDir = path.join(dir, 'mail')
      const mail = createMailService(
        database.db,
        FROM,
        createTransport(mailConfig({ transport: 'file', fileDir })),
      )
      await enqueueMail(database.db, { to: 'tim@example.org', subject: 'Confirm', text: 'Confirm here' })
      assert.deepEqual(await mail.deliverDue(), { sent: 1, failed: 0 })
      const files = await readdir(fileDir)
      assert.equal(files.length, 1)
      assert.match(files[0]!, /\.txt$/)
      assert.equal(
        await readFile(path.join(fileDir, files[0]!), 'utf8'),
        `From: ${FROM}\nTo: tim@example.org\nSubject: Confirm\n\nConfirm here\n`,
      )
      assert.equal((await row('tim@example.org')).status, 'sent')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('prints each message with the console transport', async () => {
    const lines: string[] = []
    const mail = createMailService(
      database.db,
      FROM,
      createTransport(mailConfig({ transport: 'console' }), (line) => lines.push(line)),
    )
    await enqueueMail(database.db, { to: 'ken@example.org', subject: 'Welcome', text: 'Welcome text' })
    assert.deepEqual(await mail.deliverDue(), { sent: 1, failed: 0 })
    assert.equal(lines.length, 1)
    assert.match(lines[0]!, /ken@example\.org: Welcome\nWelcome text/)
  })

  it('runs a worker that delivers until it is stopped', async () => {
    const mail = createMailService(database.db, FROM, smtpTransport(smtpPort))
    const errors: unknown[] = []
    const stop = mail.startWorker(20, (error) => errors.push(error))
    try {
      await enqueueMail(database.db, { to: 'barbara@example.org', subject: 'Queued', text: 'Queued' })
      const deadline = Date.now() + 10_000
      while ((await row('barbara@example.org')).status !== 'sent') {
        assert.ok(Date.now() < deadline, 'the worker delivered within 10 s')
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    } finally {
      await stop()
    }
    assert.deepEqual(errors, [])
    assert.equal(smtp.received.length, 1)
    await enqueueMail(database.db, { to: 'after@example.org', subject: 'Later', text: 'Later' })
    await new Promise((resolve) => setTimeout(resolve, 100))
    assert.equal((await row('after@example.org')).status, 'pending', 'a stopped worker sends nothing')
  })

  it('runs one round at a time, and stopping waits for the round under way', async () => {
    await enqueueMail(database.db, { to: 'edsger@example.org', subject: 'Slow', text: 'Slow' })
    let release!: () => void
    const sending = new Promise<void>((resolve) => (release = resolve))
    let rounds = 0
    const slow: MailTransport = {
      name: 'slow',
      async send() {
        await sending
      },
    }
    const mail = createMailService(database.db, FROM, slow)
    const deliverDue = mail.deliverDue.bind(mail)
    mail.deliverDue = (limit) => {
      rounds++
      return deliverDue(limit)
    }
    const stop = mail.startWorker(5, (error) => assert.fail(String(error)))
    await new Promise((resolve) => setTimeout(resolve, 100))
    assert.equal(rounds, 1, 'no new round while one is sending')
    let stopped = false
    const stopping = stop().then(() => (stopped = true))
    await new Promise((resolve) => setTimeout(resolve, 50))
    assert.equal(stopped, false, 'stopping waits for the message being sent')
    release()
    await stopping
    assert.equal((await row('edsger@example.org')).status, 'sent')
  })
})
