import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import fc from 'fast-check'
import Fastify, { type FastifyInstance } from 'fastify'
import { FieldProblems, NotFound, ServiceError } from '../services/errors.ts'
import type { Session, SessionService } from '../services/sessions.ts'
import { testConfig } from '../../test/support/app.ts'
import { z } from 'zod'
import {
  answer,
  dateBoxes,
  formHandler,
  parseForm,
  problemsToForm,
  required,
  safeReturnTo,
  withDateInput,
} from './forms.ts'
import { sessionPlugin } from './plugins/session.ts'

describe('safeReturnTo', () => {
  it('keeps a path of this site, with its query and fragment', () => {
    assert.equal(safeReturnTo('/specifications/x?tab=2#top'), '/specifications/x?tab=2#top')
  })

  it('refuses what a browser would follow off-site, and line breaks', () => {
    for (const value of [
      '/\t/other.host/',
      '//other.host',
      '/\\other.host',
      '/\\/other.host',
      'https://other.host',
      '/%0d%0aSet-Cookie:x',
      '/a\r\nSet-Cookie: x',
      '',
    ])
      assert.ok(
        !/other\.host|\r|\n/.test(safeReturnTo(value)) && safeReturnTo(value).startsWith('/'),
        JSON.stringify(value),
      )
    assert.equal(safeReturnTo('/\t/other.host/'), '/home')
    assert.equal(safeReturnTo('/a\r\nSet-Cookie: x'), '/home')
  })

  it('never leads anywhere but a page of this site, whatever it is given', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string().map((s) => `/${s}`),
          fc.webUrl(),
        ),
        (value) => {
          const kept = safeReturnTo(value)
          // As a browser resolves it against the site, and with nothing a header cannot carry.
          assert.equal(new URL(kept, 'https://credentials.example').origin, 'https://credentials.example')
          assert.ok(
            [...kept].every((ch) => ch.charCodeAt(0) >= 0x20 && ch !== '\u007f' && ch !== '\\'),
            kept,
          )
        },
      ),
      { numRuns: 2000 },
    )
  })
})

describe('problemsToForm', () => {
  it('puts a problem without a field on the form’s field, and keeps each problem in the summary', () => {
    const errors = problemsToForm(
      new FieldProblems([
        { text: 'This record changed since you opened it' },
        { field: 'title', text: 'Enter a title' },
        { field: 'title', text: 'Title must be 200 characters or fewer' },
      ]),
      { field: 'actions' },
    )
    assert.deepEqual(errors.list, [
      { text: 'This record changed since you opened it', href: '#actions' },
      { text: 'Enter a title', href: '#title' },
      { text: 'Title must be 200 characters or fewer', href: '#title' },
    ])
  })

  it('links the fields a service names as the form names them, and leaves the form’s own field alone', () => {
    const href = (field: string) => (field === 'date' ? '#date-day' : `#${field}-renamed`)
    const named = problemsToForm(new ServiceError('Enter a real date', 'date'), { field: 'title', href })
    assert.deepEqual(named.list, [{ text: 'Enter a real date', href: '#date-day' }])
    const unnamed = problemsToForm(new ServiceError('Refused'), { field: 'title', href })
    assert.deepEqual(unnamed.list, [{ text: 'Refused', href: '#title' }])
  })
})

describe('formHandler', () => {
  let app: FastifyInstance
  const saved: Session[] = []

  before(async () => {
    const session = (): Session => ({
      id: 'session-1',
      userId: null,
      csrfToken: 'csrf',
      data: {},
      createdAt: new Date(0),
      lastSeenAt: new Date(0),
    })
    const sessions: SessionService = {
      load: () => Promise.resolve(null),
      create: () => Promise.resolve({ token: 'token', session: session() }),
      saveData: (s) => {
        saved.push(structuredClone(s))
        return Promise.resolve()
      },
      destroy: () => Promise.resolve(),
      destroyAllForUser: () => Promise.resolve(),
      deleteExpired: () => Promise.resolve(),
    }
    app = Fastify()
    await app.register(sessionPlugin, {
      sessions,
      authentication: { currentUser: () => Promise.resolve(null) },
      config: { session: { ...testConfig().session, secureCookie: false } },
    })
    app.setNotFoundHandler((_request, reply) => reply.code(404).send('no such page'))
    app.setErrorHandler((error: Error, _request, reply) => reply.code(500).send(`failed: ${error.message}`))
    const outcomes: Record<string, () => Promise<unknown>> = {
      problems: () =>
        Promise.reject(
          new FieldProblems([{ field: 'title', text: 'Enter a title' }, { text: 'Select a clinical area' }]),
        ),
      'not-found': () => Promise.reject(new NotFound()),
      broken: () => Promise.reject(new Error('the disk is full')),
    }
    app.post<{ Params: { outcome: string } }>('/forms/:outcome', async (request, reply) =>
      formHandler(
        request,
        reply,
        { back: '/forms/new', field: 'area', values: { title: 'A title', password: 'secret' } },
        outcomes[request.params.outcome] ?? (async () => reply.redirect('/forms/done', 303)),
      ),
    )
    await app.ready()
  })
  after(() => app?.close())

  it('answers what the use case answers when it succeeds', async () => {
    const res = await app.inject({ method: 'POST', url: '/forms/fine' })
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, '/forms/done')
  })

  it('sends field problems back to the form, in the error summary, with what was typed but no password', async () => {
    saved.length = 0
    const res = await app.inject({ method: 'POST', url: '/forms/problems' })
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, '/forms/new')
    assert.deepEqual(saved.at(-1)?.data.flash, {
      errors: [
        { text: 'Enter a title', href: '#title' },
        { text: 'Select a clinical area', href: '#area' },
      ],
      values: { title: 'A title' },
    })
  })

  it('answers 404 when there is no such thing', async () => {
    const res = await app.inject({ method: 'POST', url: '/forms/not-found' })
    assert.equal(res.statusCode, 404)
    assert.equal(res.body, 'no such page')
  })

  it('leaves any other error to the error handler, and keeps nothing for the form', async () => {
    saved.length = 0
    const res = await app.inject({ method: 'POST', url: '/forms/broken' })
    assert.equal(res.statusCode, 500)
    assert.equal(res.body, 'failed: the disk is full')
    assert.equal(saved.length, 0)
  })
})

describe('the service errors', () => {
  it('are field problems when one rule is not met, on its field when it has one', () => {
    const onField = new ServiceError('Enter a title', 'title')
    assert.ok(onField instanceof FieldProblems)
    assert.deepEqual(onField.problems, [{ field: 'title', text: 'Enter a title' }])
    assert.equal(onField.message, 'Enter a title')
    assert.deepEqual(new ServiceError('Refused').problems, [{ text: 'Refused' }])
  })

  it('say every problem in their message unless told otherwise', () => {
    const problems = [
      { field: 'a', text: 'First' },
      { field: 'b', text: 'Second' },
    ]
    assert.equal(new FieldProblems(problems).message, 'First; Second')
    assert.equal(new FieldProblems(problems, 'The draft has problems').message, 'The draft has problems')
  })
})

describe('parseForm', () => {
  const Form = z
    .object({
      name: required('Enter your name').pipe(z.string().max(5, 'Name must be 5 characters or fewer')),
      choice: z.enum(['yes', 'no'], { message: 'Select yes or no' }),
      detail: answer(),
    })
    .refine((form) => form.choice !== 'yes' || form.detail !== '', {
      path: ['detail'],
      message: 'Enter the detail',
      when: () => true,
    })

  const problemsOf = (body: unknown) => {
    try {
      parseForm(Form, body)
    } catch (error) {
      assert.ok(error instanceof FieldProblems)
      return error.problems
    }
    assert.fail('the form was accepted')
  }

  it('answers the values read through the schema, trimmed', () => {
    assert.deepEqual(parseForm(Form, { name: ' Ann ', choice: 'no', other: 'x' }), {
      name: 'Ann',
      choice: 'no',
      detail: '',
    })
  })

  it('gives each field its first message, in the order of the form', () => {
    assert.deepEqual(problemsOf({ choice: 'maybe', name: '   ' }), [
      { field: 'name', text: 'Enter your name' },
      { field: 'choice', text: 'Select yes or no' },
    ])
    assert.deepEqual(problemsOf({ name: 'Annabelle' }), [
      { field: 'name', text: 'Name must be 5 characters or fewer' },
      { field: 'choice', text: 'Select yes or no' },
    ])
  })

  it('checks a rule across fields together with the fields themselves', () => {
    assert.deepEqual(problemsOf({ name: '', choice: 'yes', detail: ' ' }), [
      { field: 'name', text: 'Enter your name' },
      { field: 'detail', text: 'Enter the detail' },
    ])
  })
})

describe('withDateInput', () => {
  const Form = withDateInput(
    z.object({ ...dateBoxes('from'), reason: required('Enter the reason') }),
    'from',
    'Start date',
  )

  it('reads the three boxes as one ISO date', () => {
    assert.deepEqual(
      parseForm(Form, { 'from[day]': '5', 'from[month]': '9', 'from[year]': '2027', reason: 'x' }),
      {
        'from[day]': '5',
        'from[month]': '9',
        'from[year]': '2027',
        reason: 'x',
        date: '2027-09-05',
      },
    )
  })

  it('shows a date that is not real on the day box, with the other problems', () => {
    assert.throws(
      () => parseForm(Form, { 'from[day]': '31', 'from[month]': '2', 'from[year]': '2027' }),
      (error: unknown) =>
        error instanceof FieldProblems &&
        error.problems.length === 2 &&
        error.problems.some((p) => p.field === 'reason' && p.text === 'Enter the reason') &&
        error.problems.some((p) => p.field === 'from-day' && p.text === 'Start date must be a real date'),
    )
  })
})
