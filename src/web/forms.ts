// Forms follow post-redirect-get: a POST that fails keeps its errors and values in the
// session for one request and redirects to the GET page, which shows them in the one
// error summary of the layout and beside each field.
import { Type, type TProperties } from '@sinclair/typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { dateInputFrom, parseDateInput } from '../domain/date-input.ts'
import { isRecord } from '../domain/present.ts'
import { FieldProblems, NotFound } from '../services/errors.ts'
import { ensureSession, rememberInSession, setFlash, takeFlash } from './plugins/session.ts'

/** A form body: the fields the handler reads, and any others a browser sends along. */
export const formBody = <T extends TProperties>(fields: T) =>
  Type.Object(fields, { additionalProperties: true })

/** A text field of a form or a query, which a browser may leave out. */
export const textField = () => Type.Optional(Type.String())

/*
 * Two schemas meet a form. The route's TypeBox body (formBody) says what a browser may send at
 * all — strings of a bounded size — and anything else is a bad request (400). A form's zod
 * schema says what a person must fill in, with the message each check shows in the error
 * summary; parseForm reads the body with it inside formHandler, so a missing answer goes back
 * to the form like any other field problem. Rules that need the database stay in the services.
 */

/** A text box or choice, trimmed; empty when not sent. */
export const answer = () =>
  z
    .string()
    .optional()
    .transform((value) => (value ?? '').trim())

/** A text box or choice that must be filled in, with the message shown when it is not. */
export const required = (message: string) => answer().pipe(z.string().min(1, message))

/** The three boxes of the date input `name`: `name[day]`, `name[month]` and `name[year]`. */
export const dateBoxes = (name: string) => ({
  [`${name}[day]`]: answer(),
  [`${name}[month]`]: answer(),
  [`${name}[year]`]: answer(),
})

/**
 * A form whose date input `name` (its boxes spread in with dateBoxes) is read as one ISO date,
 * answered as `date`, with the service manual's messages for `label` shown on the day box —
 * checked together with the form's other fields, so every problem shows at once.
 */
export function withDateInput<Form extends Record<string, unknown>>(
  schema: z.ZodType<Form>,
  name: string,
  label: string,
) {
  const read = (form: Form) => parseDateInput(dateInputFrom(form, name), label)
  const onDay = [`${name}-day`]
  return schema
    .superRefine(
      (form, ctx) => {
        const typed = read(form)
        if ('error' in typed) ctx.addIssue({ code: 'custom', path: onDay, message: typed.error })
      },
      { when: () => true },
    )
    .transform((form, ctx) => {
      const typed = read(form)
      if ('date' in typed) return { ...form, date: typed.date }
      ctx.addIssue({ code: 'custom', path: onDay, message: typed.error })
      return z.NEVER
    })
}

/** The fields of a form's schema in the order it lists them, through any refinement or transform. */
function fieldOrder(schema: z.core.$ZodType): string[] {
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape)
  if (schema instanceof z.ZodPipe) return fieldOrder(schema.in)
  return []
}

/**
 * The body read through a form's schema, or FieldProblems with the first message of each field
 * in the order the schema lists its fields (a person reads the summary from the top).
 */
export function parseForm<Output>(schema: z.ZodType<Output>, body: unknown): Output {
  const result = schema.safeParse(body)
  if (result.success) return result.data
  const order = fieldOrder(schema)
  const firstByField = new Map<string, string>()
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? '')
    if (!firstByField.has(field)) firstByField.set(field, issue.message)
  }
  const rank = (field: string) => (order.includes(field) ? order.indexOf(field) : order.length)
  throw new FieldProblems(
    [...firstByField]
      .sort(([a], [b]) => rank(a) - rank(b))
      .map(([field, text]) => (field ? { field, text } : { text })),
  )
}

/**
 * The choices of radios or a select, each labelled; `selected` marks the one chosen (views of
 * a form mark it from the form's values instead).
 */
export const choiceItems = <T extends string>(
  values: readonly T[],
  labels: Record<T, string>,
  selected?: string,
) => values.map((v) => ({ value: v, text: labels[v], checked: v === selected, selected: v === selected }))

/** A field of free text, which the service checks: absent, or any answer up to 10,000 characters. */
export const freeTextField = () => Type.Optional(Type.String({ maxLength: 10_000 }))

/** A field a form may send several times (a group of checkboxes): one value or a list of them. */
export const repeatedField = () =>
  Type.Optional(
    Type.Union([
      Type.String({ maxLength: 100 }),
      Type.Array(Type.String({ maxLength: 100 }), { maxItems: 200 }),
    ]),
  )

/** What a repeated field sent, as a list, however many times it came (none when it did not). */
export const repeatedValues = (value: string | readonly string[] | undefined): string[] =>
  value === undefined ? [] : typeof value === 'string' ? [value] : [...value]

export interface FieldError {
  text: string
  href: string
}

/** An error kept in the session for the next page, as formHandler put it there. */
export const isFieldError = (value: unknown): value is FieldError =>
  isRecord(value) && typeof value.text === 'string' && typeof value.href === 'string'

const record = (value: unknown) => (isRecord(value) ? value : {})

/** { area: "Select a clinical area from the list" } from [{ text, href: "#area" }]. */
export function errorsByField(errors: FieldError[]): Record<string, string> {
  const byField: Record<string, string> = {}
  for (const error of errors) {
    const id = error.href.replace(/^#/, '')
    byField[id] ??= error.text
  }
  return byField
}

/** Collects one message per field, in the order the checks are written. */
export class FormErrors {
  readonly list: FieldError[] = []

  add(field: string, text: string | null | undefined): this {
    if (text && !this.list.some((e) => e.href === `#${field}`)) this.list.push({ text, href: `#${field}` })
    return this
  }

  get any(): boolean {
    return this.list.length > 0
  }
}

/** How a form shows what its use case refused. */
export interface FormAnswer {
  /** The form's page: field problems send the person back there. */
  back: string
  /** The form's field a problem is shown on when the service names none. */
  field: string
  /** What was typed, shown again on the form (never passwords); it may depend on the problems. */
  values?: Record<string, unknown> | ((error: FieldProblems) => Record<string, unknown> | undefined)
  /** Where a problem's summary entry links, when the form names the service's field differently. */
  href?: (field: string, error: FieldProblems) => string
}

/** A service's field problems as the form's errors, each one in the summary. */
export function problemsToForm(error: FieldProblems, answer: Pick<FormAnswer, 'field' | 'href'>): FormErrors {
  const errors = new FormErrors()
  for (const p of error.problems) {
    const href =
      p.field === undefined ? `#${answer.field}` : answer.href ? answer.href(p.field, error) : `#${p.field}`
    // Several problems can share a field: each one still shows in the summary.
    if (p.text) errors.list.push({ text: p.text, href })
  }
  return errors
}

/**
 * Runs a form's use case and answers what it refused: field problems send the person back
 * to the form with them in the error summary, and no such thing is the 404 page. Anything
 * else goes on to the error handler. `run` answers the request when the use case succeeds.
 */
export async function formHandler(
  request: FastifyRequest,
  reply: FastifyReply,
  answer: FormAnswer,
  run: () => Promise<unknown>,
): Promise<unknown> {
  try {
    return await run()
  } catch (error) {
    if (error instanceof NotFound) {
      reply.callNotFound()
      return reply
    }
    if (error instanceof FieldProblems) {
      const values = typeof answer.values === 'function' ? answer.values(error) : answer.values
      return redirectWithErrors(request, reply, answer.back, problemsToForm(error, answer), values)
    }
    throw error
  }
}

/** Sends the person back to the form with its errors and what they typed (never passwords). */
export async function redirectWithErrors(
  request: FastifyRequest,
  reply: FastifyReply,
  location: string,
  errors: FormErrors,
  values: Record<string, unknown> = {},
): Promise<FastifyReply> {
  const kept = Object.fromEntries(
    Object.entries(values).filter(([key]) => !/password|_csrf|token/i.test(key)),
  )
  await setFlash(request, reply, { errors: errors.list, values: kept })
  return reply.redirect(location, 303)
}

/** Shows a banner on the next page. */
export async function redirectWithBanner(
  request: FastifyRequest,
  reply: FastifyReply,
  location: string,
  banner: { title: string; text?: string },
): Promise<FastifyReply> {
  await setFlash(request, reply, { banner })
  return reply.redirect(location, 303)
}

/** Renders a page with a form: makes sure there is a session (for the CSRF token). */
export async function renderForm(
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  context: Record<string, unknown>,
): Promise<FastifyReply> {
  await ensureSession(request, reply)
  const flash = await takeFlash(request)
  const errors = Array.isArray(flash.errors) ? flash.errors.filter(isFieldError) : []
  return reply.render(template, {
    ...context,
    errors,
    fieldErrors: errorsByField(errors),
    values: { ...record(context.values), ...record(flash.values) },
    banner: flash.banner,
  })
}

/*
 * A decision is recorded in two steps: its form, then a page that shows the answers and asks to
 * confirm them, which carries them in hidden fields to the POST that records them. That page's
 * Change links are plain links back to the form, so the answers it shows are kept in the
 * session too, one form at a time, and the form shows them again.
 */

/** Keeps the answers the check page of the form at `form` (its path) shows. */
export async function keepAnswers(
  request: FastifyRequest,
  reply: FastifyReply,
  form: string,
  values: Record<string, unknown>,
): Promise<void> {
  await rememberInSession(request, reply, { answers: { form, values } })
}

/** The answers kept for the form at `form`, or none. */
export function keptAnswers(request: FastifyRequest, form: string): Record<string, unknown> {
  const kept = request.session?.data.answers
  return isRecord(kept) && kept.form === form && isRecord(kept.values) ? kept.values : {}
}

/** A local path to return to after signing in; anything else becomes the home page. */
const RETURN_TO_BASE = 'https://return-to.invalid'
/** A control character (tab, line break, …, DEL) or a backslash. */
const unsafeInPath = (ch: string) => ch.charCodeAt(0) < 0x20 || ch === '\u007f' || ch === '\\'

export function safeReturnTo(value: unknown): string {
  // Browsers drop tabs and line breaks from addresses and read a backslash as "/", so a tab
  // or a backslash after the first "/" leads off-site; a line break in a header is a 500. A
  // path is kept only when it has none of those and still names a page of this site once
  // parsed as a browser would.
  if (typeof value !== 'string' || !value.startsWith('/') || [...value].some(unsafeInPath)) return '/home'
  let url: URL
  try {
    url = new URL(value, RETURN_TO_BASE)
  } catch {
    return '/home'
  }
  return url.origin === RETURN_TO_BASE ? `${url.pathname}${url.search}${url.hash}` : '/home'
}

/** A file from a multipart form, as the multipart options in src/app.ts attach it to the body. */
export interface UploadedFile {
  filename: string
  content: Buffer
}

/** The file in a form field, or null when none was chosen (browsers send an empty part). */
export function uploadedFile(value: unknown): UploadedFile | null {
  if (!isRecord(value)) return null
  const { filename, content } = value
  if (!Buffer.isBuffer(content) || typeof filename !== 'string') return null
  return content.length || filename ? { filename, content } : null
}
