// A browser-like client over app.inject(): keeps cookies, finds the CSRF token in the last
// page, and submits forms as a browser would (application/x-www-form-urlencoded).
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import type { TestApp } from './app.ts'
import { html } from './html.ts'

export class Agent {
  private cookies = new Map<string, string>()
  csrfToken: string | undefined

  constructor(private readonly app: FastifyInstance) {}

  private remember(res: LightMyRequestResponse): void {
    for (const cookie of res.cookies) {
      if (cookie.value === '' || (cookie.expires && cookie.expires.getTime() < Date.now()))
        this.cookies.delete(cookie.name)
      else this.cookies.set(cookie.name, cookie.value)
    }
    if (!String(res.headers['content-type'] ?? '').startsWith('text/html')) return
    const token = html(res.body).querySelector('input[name="_csrf"]')?.getAttribute('value')
    if (token) this.csrfToken = token
  }

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name)
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({
      method: 'GET',
      url,
      headers: { cookie: this.cookieHeader, ...headers },
    })
    this.remember(res)
    return res
  }

  /** Posts a form with the current CSRF token unless the fields say otherwise. */
  async post(url: string, fields: Record<string, string | string[]> = {}, options: { csrf?: boolean } = {}) {
    const body = new URLSearchParams(
      options.csrf === false || !this.csrfToken ? {} : { _csrf: this.csrfToken },
    )
    for (const [name, value] of Object.entries(fields))
      for (const one of [value].flat()) {
        if (name === '_csrf') body.delete(name)
        body.append(name, one)
      }
    const res = await this.app.inject({
      method: 'POST',
      url,
      headers: { cookie: this.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    })
    this.remember(res)
    return res
  }

  /** Posts a multipart form with one file, as a browser does, with the current CSRF token. */
  async upload(
    url: string,
    file: { field: string; filename: string; content: Buffer | string; contentType?: string },
    fields: Record<string, string | string[]> = {},
  ) {
    const boundary = '----agent-upload-boundary'
    const parts: Buffer[] = []
    const all = { ...(this.csrfToken ? { _csrf: this.csrfToken } : {}), ...fields }
    for (const [name, value] of Object.entries(all))
      for (const one of [value].flat())
        parts.push(
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${one}\r\n`),
        )
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.filename}"\r\n` +
          `Content-Type: ${file.contentType ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      Buffer.from(file.content),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    )
    const res = await this.app.inject({
      method: 'POST',
      url,
      headers: { cookie: this.cookieHeader, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat(parts),
    })
    this.remember(res)
    return res
  }

  /** GET a form page, then POST it; follows the redirect and returns the page shown. */
  async submit(formUrl: string, action: string, fields: Record<string, string | string[]>) {
    await this.get(formUrl)
    const posted = await this.post(action, fields)
    if (posted.statusCode !== 303) return { posted, page: posted }
    return { posted, page: await this.get(posted.headers.location as string) }
  }
}

/** Extracts the one link with that path from an e-mail body. */
export function linkIn(text: string, path: string): string {
  const match = new RegExp(`https?://[^\\s]+${path.replace(/[/]/g, '\\/')}\\?token=[^\\s]+`).exec(text)
  if (!match) throw new Error(`No ${path} link in:\n${text}`)
  const url = new URL(match[0])
  return `${url.pathname}${url.search}`
}

export async function latestLinkTo(t: TestApp, email: string, path: string): Promise<string> {
  const mail = await t.services.mail.latestTo(email)
  if (!mail) throw new Error(`No email to ${email}`)
  return linkIn(mail.text, path)
}

/** An account with the given roles, made through the real invitation journey. */
export async function createAccount(
  t: TestApp,
  email: string,
  roles: Array<{
    role: Parameters<TestApp['services']['accountAdministration']['invite']>[0]['role']
    organisationId?: string
  }>,
  password = 'correct horse battery staple',
): Promise<string> {
  let userId = ''
  for (const [i, { role, organisationId }] of roles.entries()) {
    const token = await t.services.accountAdministration.invite(
      { email, displayName: `Test ${role}`, role, organisationId: organisationId ?? null },
      { userId: null, label: 'test', ip: null },
    )
    userId = await t.services.registration.acceptInvitation(
      token,
      { displayName: `Test ${role}`, password: i === 0 ? password : '' },
      { userId: null, label: 'test', ip: null },
    )
  }
  return userId
}

export async function signedIn(
  t: TestApp,
  email: string,
  password = 'correct horse battery staple',
): Promise<Agent> {
  const agent = new Agent(t.app)
  const { posted } = await agent.submit('/sign-in', '/sign-in', { email, password })
  if (posted.statusCode !== 303 || posted.headers.location !== '/home') {
    throw new Error(`Could not sign in as ${email}: ${posted.statusCode} ${String(posted.headers.location)}`)
  }
  return agent
}
