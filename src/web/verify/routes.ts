// Verifying a credential, for anyone: paste its JSON or JWT or upload its file at /verify,
// follow the link or QR code on a certificate to /verify/awards/:id, or POST it to
// /api/v1/verify. The answer lists each check in plain words. Nothing is stored, so the
// result is shown in answer to the POST rather than after a redirect.
import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Services } from '../../services/index.ts'
import { unreadableResult, type VerificationResult } from '../../services/verification.ts'
import { longDate } from '../../domain/dates.ts'
import { readCredentialFile } from '../../domain/credentials/credential-files.ts'
import { claimFromText, holderTextProblem, type HolderClaim } from '../../domain/credentials/holder.ts'
import { CHECK_EXPLANATIONS, CHECK_NAMES } from '../../domain/credentials/verdict.ts'
import { Problem } from '../api/schemas.ts'
import { formBody, FormErrors, redirectWithErrors, renderForm, uploadedFile } from '../forms.ts'
import { problem, sendProblem } from '../plugins/errors.ts'

const PUBLIC = { access: 'public' } as const
const MAX_CREDENTIAL_CHARS = 1_000_000

const VerifyBody = formBody({
  credential: Type.Optional(Type.String({ maxLength: MAX_CREDENTIAL_CHARS })),
  holder: Type.Optional(Type.String({ maxLength: 320 })),
  // A multipart form's file arrives as an UploadedFile (see src/app.ts).
  file: Type.Optional(Type.Unknown()),
})
type VerifyBody = Static<typeof VerifyBody>
const HolderBody = formBody({ holder: Type.Optional(Type.String({ maxLength: 320 })) })
type HolderBody = Static<typeof HolderBody>
const AwardParams = Type.Object({ id: Type.String({ format: 'uuid' }) })
type AwardParams = Static<typeof AwardParams>

const ApiVerifyBody = Type.Object(
  {
    credential: Type.Union(
      [Type.Object({}, { additionalProperties: true }), Type.String({ maxLength: MAX_CREDENTIAL_CHARS })],
      {
        description: 'The credential: its JSON (Data Integrity form) or its JWT',
      },
    ),
    holder: Type.Optional(
      Type.String({
        maxLength: 320,
        description:
          'The holder’s e-mail address or professional registration number (such as NMC 09B2345C), to match against the credential',
      }),
    ),
    email: Type.Optional(
      Type.String({
        maxLength: 320,
        description: 'The holder’s e-mail address, to match against the credential (holder says the same)',
      }),
    ),
  },
  { additionalProperties: false },
)
type ApiVerifyBody = Static<typeof ApiVerifyBody>
const nullableString = Type.Union([Type.String(), Type.Null()])
const resultFields = {
  verdict: Type.Union([Type.Literal('valid'), Type.Literal('not-valid'), Type.Literal('unconfirmed')], {
    description:
      'valid: every check passed; not-valid: at least one check failed; unconfirmed: none failed but at least one could not be run',
  }),
  verified: Type.Boolean({ description: 'The verdict is valid' }),
  format: Type.Union([Type.Literal('data-integrity'), Type.Literal('jwt')]),
  issuer: Type.Union([
    Type.Object({
      id: Type.String(),
      name: nullableString,
      ours: Type.Boolean({ description: 'One of this platform’s issuers' }),
      selfDeclared: Type.Boolean({
        description: 'The name is the one the credential gives itself, vouched for by no one',
      }),
    }),
    Type.Null(),
  ]),
  achievement: Type.Union([Type.Object({ id: nullableString, name: nullableString }), Type.Null()]),
  holder: Type.Union([Type.Object({ name: nullableString, registration: nullableString }), Type.Null()], {
    description: 'The holder as the credential names them (not verified unless the verdict is valid)',
  }),
  validFrom: nullableString,
  validUntil: nullableString,
  proof: Type.Object({ verificationMethod: nullableString, created: nullableString }),
  checks: Type.Array(
    Type.Object({
      name: Type.Union(
        CHECK_NAMES.map((name) => Type.Literal(name)),
        { description: 'Failed checks come first' },
      ),
      ok: Type.Union([Type.Boolean(), Type.Null()], { description: 'null when it could not be checked' }),
      message: Type.String(),
    }),
  ),
}
const format = Type.Union([Type.Literal('data-integrity'), Type.Literal('jwt')])
const ApiVerifyResult = Type.Object({
  ...resultFields,
  record: Type.Union(
    [
      Type.Object({
        kind: Type.Literal('clr', { description: 'A 1EdTech CLR 2.0 ClrCredential' }),
        name: nullableString,
        achievements: Type.Integer({ description: 'How many achievements (CPD activities) it records' }),
        credentials: Type.Array(
          Type.Object({
            ...resultFields,
            format: Type.Union([format, Type.Null()]),
            problem: Type.Union([Type.String(), Type.Null()], {
              description: 'Why it could not be read as a credential at all',
            }),
          }),
          { description: 'Each credential it carries, checked as if sent on its own' },
        ),
      }),
      Type.Null(),
    ],
    {
      description:
        'For a record that carries credentials (a CLR): the verdict above is then valid only when its own checks pass and every credential inside is valid',
    },
  ),
})

/**
 * The credential in an uploaded file: JSON or a JWT, or either baked into a badge image (PNG
 * or SVG), read as the portfolio reads uploads; or why it cannot be checked.
 */
function fromFile(content: Buffer): { credential: string | Record<string, unknown> } | { problem: string } {
  const read = readCredentialFile(content)
  if (read.kind === 'ob3-json') return { credential: read.credential }
  if (read.kind === 'ob3-jwt') return { credential: read.jwt }
  if (read.kind === 'ob2')
    return {
      problem:
        'This is an Open Badges 2.0 badge: it is checked by fetching it from its issuer’s site, which this service does not do',
    }
  return { problem: read.reason }
}

const readableDate = (value: string | null) =>
  value === null ? null : Number.isNaN(Date.parse(value)) ? value : longDate(value)

/** What a person typed to say who holds it, or nothing to compare with. */
const claim = (text: string): HolderClaim | undefined => (text.trim() ? claimFromText(text) : undefined)

export function verifyRoutes(
  app: FastifyInstance,
  services: Pick<Services, 'verification' | 'awardCredentials'>,
) {
  const { verification, awardCredentials } = services

  function showResult(
    request: FastifyRequest,
    reply: FastifyReply,
    result: VerificationResult,
    extra: object = {},
  ) {
    return renderForm(request, reply, 'verify/result.njk', {
      pageTitle: result.problem
        ? 'This credential cannot be read'
        : result.record
          ? {
              valid: 'This learner record is valid',
              'not-valid': 'This learner record is not valid',
              unconfirmed: 'This learner record could not be fully checked',
            }[result.verdict]
          : {
              valid: 'This credential is valid',
              'not-valid': 'This credential is not valid',
              unconfirmed: 'This credential could not be fully checked',
            }[result.verdict],
      // A record's awards, each with its verdict and the dates as people read them.
      inner: (result.record?.credentials ?? []).map((c) => ({
        ...c,
        awardedOn: readableDate(c.validFrom),
        failed: c.checks.filter((check) => check.ok === false),
      })),
      innerNotValid: (result.record?.credentials ?? []).filter((c) => c.verdict === 'not-valid').length,
      result,
      failed: result.checks.filter((c) => c.ok === false),
      // As people read them; a file's date that is not a date is shown as written.
      dates: {
        awardedOn: readableDate(result.validFrom),
        validUntil: readableDate(result.validUntil),
        signedOn: readableDate(result.proof.created),
      },
      explanations: CHECK_EXPLANATIONS,
      ...extra,
    })
  }

  app.get('/verify', { config: PUBLIC }, async (request, reply) =>
    renderForm(request, reply, 'verify/form.njk', { pageTitle: 'Check a credential' }),
  )

  app.get('/verify/about', { config: PUBLIC }, async (_request, reply) =>
    reply.render('verify/about.njk', {
      pageTitle: 'What the checks of a credential mean',
      checks: CHECK_NAMES.map((name) => CHECK_EXPLANATIONS[name]),
    }),
  )

  app.post<{ Body: VerifyBody }>(
    '/verify',
    { config: PUBLIC, schema: { body: VerifyBody } },
    async (request, reply) => {
      const file = uploadedFile(request.body.file)
      const pasted = request.body.credential?.trim() ?? ''
      const holder = request.body.holder?.trim() ?? ''
      const errors = new FormErrors()
      if (!pasted && !file?.content.length)
        errors.add('credential', 'Paste the credential, or choose its file')
      else if (file && file.content.length > MAX_CREDENTIAL_CHARS)
        errors.add('credential', 'The selected file must be smaller than 1MB')
      else if (pasted && file?.content.length)
        errors.add('credential', 'Paste the credential or choose its file, not both')
      if (holder) errors.add('holder', holderTextProblem(holder))
      if (errors.any) return redirectWithErrors(request, reply, '/verify', errors, { holder })
      const read = file?.content.length ? fromFile(file.content) : { credential: pasted }
      if ('problem' in read) return showResult(request, reply, unreadableResult(read.problem))
      return showResult(request, reply, await verification.verify(read.credential, { holder: claim(holder) }))
    },
  )

  /** Where the link and QR code on a certificate lead. */
  app.get<{ Params: AwardParams }>(
    '/verify/awards/:id',
    { config: PUBLIC, schema: { params: AwardParams } },
    async (request, reply) => {
      const credential = await awardCredentials.credential(request.params.id)
      if (!credential) return reply.callNotFound()
      return showResult(request, reply, await verification.verify(credential), { awardId: request.params.id })
    },
  )

  app.post<{ Params: AwardParams; Body: HolderBody }>(
    '/verify/awards/:id',
    { config: PUBLIC, schema: { params: AwardParams, body: HolderBody } },
    async (request, reply) => {
      const credential = await awardCredentials.credential(request.params.id)
      if (!credential) return reply.callNotFound()
      const holder = request.body.holder?.trim() ?? ''
      const problem = holder
        ? holderTextProblem(holder)
        : 'Enter their email address or professional registration number'
      if (problem)
        return redirectWithErrors(
          request,
          reply,
          `/verify/awards/${request.params.id}`,
          new FormErrors().add('holder', problem),
          { holder },
        )
      return showResult(request, reply, await verification.verify(credential, { holder: claim(holder) }), {
        awardId: request.params.id,
        holder,
      })
    },
  )

  app.post<{ Body: ApiVerifyBody }>(
    '/api/v1/verify',
    {
      // crossOrigin: other verifiers' pages may call it (src/web/plugins/security.ts).
      config: { ...PUBLIC, changesNothing: true, crossOrigin: true },
      schema: {
        tags: ['verification'],
        summary: 'Verify a credential (Data Integrity JSON or JWT) and say why it is or is not valid',
        body: ApiVerifyBody,
        response: { 200: ApiVerifyResult, 400: Problem, 422: Problem },
      },
    },
    async (request, reply) => {
      const given = request.body.holder ?? request.body.email ?? ''
      const holderProblem = given.trim() ? holderTextProblem(given) : null
      if (holderProblem) return sendProblem(reply, problem(422, holderProblem))
      const result = await verification.verify(request.body.credential, { holder: claim(given) })
      if (result.problem) return sendProblem(reply, problem(422, result.problem))
      return result
    },
  )
}
