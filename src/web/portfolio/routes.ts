// A practitioner's own pages: profile, CPD portfolio (awards, credentials from elsewhere, CPD
// activities and their evidence, the capability view), directory entry, and their data.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import { REGULATORS } from '../../domain/award-rows.ts'
import { ACTIVITY_TYPE_LABELS, ACTIVITY_TYPES } from '../../domain/practitioners.ts'
import { REGION_LABELS, REGIONS } from '../../domain/providers.ts'
import type { Services } from '../../services/index.ts'
import { signedInUser } from '../plugins/auth.ts'
import {
  formBody,
  formHandler,
  FormErrors,
  redirectWithBanner,
  redirectWithErrors,
  renderForm,
  uploadedFile,
} from '../forms.ts'
import { endSession, processActorOf } from '../plugins/session.ts'
import { rowVersionOf } from '../row-version.ts'

const PRACTITIONER = { access: { roles: ['practitioner'] } } as const

const text = () => Type.Optional(Type.String({ maxLength: 10_000 }))
const many = () =>
  Type.Optional(
    Type.Union([
      Type.String({ maxLength: 100 }),
      Type.Array(Type.String({ maxLength: 100 }), { maxItems: 200 }),
    ]),
  )
const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) })
type IdParams = Static<typeof IdParams>
const ProfileBody = formBody({
  rowVersion: text(),
  givenName: text(),
  familyName: text(),
  profession: text(),
  regulator: text(),
  registrationNumber: text(),
  region: text(),
  employer: text(),
})
type ProfileBody = Static<typeof ProfileBody>
// Multipart: the file arrives as an UploadedFile (see the multipart options in src/app.ts).
const CredentialBody = formBody({ credentialFile: Type.Optional(Type.Unknown()) })
type CredentialBody = Static<typeof CredentialBody>
const ActivityBody = formBody({
  title: text(),
  day: text(),
  month: text(),
  year: text(),
  hours: text(),
  type: text(),
  reflection: text(),
  capabilities: many(),
  evidence: Type.Optional(Type.Unknown()),
})
type ActivityBody = Static<typeof ActivityBody>
const EvidenceBody = formBody({ evidence: Type.Optional(Type.Unknown()) })
type EvidenceBody = Static<typeof EvidenceBody>
const DirectoryBody = formBody({ listed: text(), show: many(), awardIds: many() })
type DirectoryBody = Static<typeof DirectoryBody>
const CloseBody = formBody({ confirm: text() })
type CloseBody = Static<typeof CloseBody>
const EmptyBody = formBody({})

const str = (value: unknown) => (typeof value === 'string' ? value : '')
const list = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : typeof value === 'string'
      ? [value]
      : []
const items = (values: readonly string[], labels: Record<string, string>) =>
  values.map((value) => ({ value, text: labels[value] ?? value }))

const actorOf = (request: FastifyRequest) => {
  const actor = processActorOf(request)
  return { ...actor, userId: actor.userId }
}

function sendFile(reply: FastifyReply, file: { filename: string; contentType: string; content: Buffer }) {
  return reply
    .type(file.contentType)
    .header('Content-Disposition', `attachment; filename="${file.filename.replace(/["\\\r\n]/g, '')}"`)
    .header('X-Content-Type-Options', 'nosniff')
    .send(file.content)
}

// A file over the limit stops the upload before the handler runs: say so on the form.
const tooLarge = (back: string, field: string) => ({
  errorHandler: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
    if ((error as { code?: string }).code !== 'FST_REQ_FILE_TOO_LARGE') throw error
    return redirectWithErrors(
      request,
      reply,
      back,
      new FormErrors().add(field, 'The selected file must be smaller than 5MB'),
    )
  },
})

export function portfolioRoutes(app: FastifyInstance, services: Services) {
  const { practitioners } = services
  const breadcrumbs = [{ href: '/home', text: 'Home' }]
  const portfolioCrumbs = [...breadcrumbs, { href: '/my/portfolio', text: 'Your CPD portfolio' }]

  app.get('/my/profile', { config: PRACTITIONER }, async (request, reply) => {
    const [profile, professions] = await Promise.all([
      practitioners.profile(signedInUser(request).id),
      practitioners.professions(),
    ])
    return renderForm(request, reply, 'portfolio/profile.njk', {
      pageTitle: 'Your profile',
      breadcrumbs,
      professions,
      regulators: REGULATORS,
      regions: items(REGIONS, REGION_LABELS),
      values: profile
        ? { ...profile, rowVersion: String(profile.rowVersion) }
        : { givenName: '', familyName: '', employer: '' },
    })
  })

  app.post<{ Body: ProfileBody }>(
    '/my/profile',
    { config: PRACTITIONER, schema: { body: ProfileBody } },
    async (request, reply) => {
      const b = request.body
      const values = {
        givenName: str(b.givenName),
        familyName: str(b.familyName),
        profession: str(b.profession),
        regulator: str(b.regulator),
        registrationNumber: str(b.registrationNumber),
        region: str(b.region),
        employer: str(b.employer),
      }
      return formHandler(request, reply, { back: '/my/profile', field: 'givenName', values }, async () => {
        await practitioners.saveProfile(actorOf(request), values, rowVersionOf(b.rowVersion))
        return redirectWithBanner(request, reply, '/my/portfolio', { title: 'Profile saved' })
      })
    },
  )

  app.get('/my/portfolio', { config: PRACTITIONER }, async (request, reply) => {
    const userId = signedInUser(request).id
    const [profile, awards, externals, activities] = await Promise.all([
      practitioners.profile(userId),
      practitioners.awards(userId),
      practitioners.externals(userId),
      practitioners.activities(userId),
    ])
    return renderForm(request, reply, 'portfolio/portfolio.njk', {
      pageTitle: 'Your CPD portfolio',
      breadcrumbs,
      profile,
      awards,
      externals,
      activities,
    })
  })

  app.get('/my/portfolio/credentials/new', { config: PRACTITIONER }, async (request, reply) =>
    renderForm(request, reply, 'portfolio/credential-new.njk', {
      pageTitle: 'Add a credential from elsewhere',
      breadcrumbs: portfolioCrumbs,
    }),
  )

  app.post<{ Body: CredentialBody }>(
    '/my/portfolio/credentials',
    {
      config: PRACTITIONER,
      schema: { body: CredentialBody },
      ...tooLarge('/my/portfolio/credentials/new', 'credentialFile'),
    },
    async (request, reply) => {
      const file = uploadedFile(request.body.credentialFile)
      if (!file)
        return redirectWithErrors(
          request,
          reply,
          '/my/portfolio/credentials/new',
          new FormErrors().add('credentialFile', 'Select a credential file'),
        )
      const answer = { back: '/my/portfolio/credentials/new', field: 'credentialFile' }
      return formHandler(request, reply, answer, async () => {
        const id = await practitioners.addExternal(actorOf(request), file)
        const added = (await practitioners.externals(signedInUser(request).id)).find((e) => e.id === id)
        return redirectWithBanner(request, reply, `/my/portfolio#credential-${id}`, {
          title: added?.verified
            ? 'Credential added and verified'
            : 'Credential added, but not counted as verified',
          ...(added ? { text: added.summary } : {}),
        })
      })
    },
  )

  app.get<{ Params: IdParams }>(
    '/my/portfolio/credentials/:id/file',
    { config: PRACTITIONER, schema: { params: IdParams } },
    async (request, reply) => {
      const file = await practitioners.externalFile(signedInUser(request).id, request.params.id)
      return file ? sendFile(reply, file) : reply.callNotFound()
    },
  )

  app.post<{ Params: IdParams }>(
    '/my/portfolio/credentials/:id/delete',
    { config: PRACTITIONER, schema: { params: IdParams, body: EmptyBody } },
    async (request, reply) => {
      if (!(await practitioners.removeExternal(actorOf(request), request.params.id)))
        return reply.callNotFound()
      return redirectWithBanner(request, reply, '/my/portfolio', {
        title: 'Credential removed from your portfolio',
      })
    },
  )

  app.get('/my/cpd/new', { config: PRACTITIONER }, async (request, reply) => {
    const capabilities = await practitioners.capabilityOptions()
    return renderForm(request, reply, 'portfolio/activity-new.njk', {
      pageTitle: 'Record a CPD activity',
      breadcrumbs: portfolioCrumbs,
      types: items(ACTIVITY_TYPES, ACTIVITY_TYPE_LABELS),
      pillars: [...new Set(capabilities.map((c) => c.pillarName))].map((name) => ({
        name,
        capabilities: capabilities.filter((c) => c.pillarName === name),
      })),
      values: { capabilities: [] },
    })
  })

  app.post<{ Body: ActivityBody }>(
    '/my/cpd',
    { config: PRACTITIONER, schema: { body: ActivityBody }, ...tooLarge('/my/cpd/new', 'evidence') },
    async (request, reply) => {
      const b = request.body
      const values = {
        title: str(b.title),
        day: str(b.day),
        month: str(b.month),
        year: str(b.year),
        hours: str(b.hours),
        type: str(b.type),
        reflection: str(b.reflection),
        capabilities: list(b.capabilities),
      }
      // The date is one field to the service; its first box is the day.
      const href = (field: string) => (field === 'date' ? '#date-day' : `#${field}`)
      return formHandler(request, reply, { back: '/my/cpd/new', field: 'title', values, href }, async () => {
        await practitioners.addActivity(actorOf(request), values, uploadedFile(b.evidence))
        return redirectWithBanner(request, reply, '/my/portfolio#activities', {
          title: 'CPD activity recorded',
        })
      })
    },
  )

  app.get<{ Params: IdParams }>(
    '/my/cpd/:id/evidence/new',
    { config: PRACTITIONER, schema: { params: IdParams } },
    async (request, reply) => {
      const activity = (await practitioners.activities(signedInUser(request).id)).find(
        (a) => a.id === request.params.id,
      )
      if (!activity) return reply.callNotFound()
      return renderForm(request, reply, 'portfolio/evidence-new.njk', {
        pageTitle: `Add evidence to ${activity.title}`,
        breadcrumbs: portfolioCrumbs,
        activity,
      })
    },
  )

  app.post<{ Params: IdParams; Body: EvidenceBody }>(
    '/my/cpd/:id/evidence',
    {
      config: PRACTITIONER,
      schema: { params: IdParams, body: EvidenceBody },
      errorHandler: (error, request, reply) => {
        const { id } = request.params as { id?: unknown }
        if ((error as { code?: string }).code !== 'FST_REQ_FILE_TOO_LARGE' || typeof id !== 'string')
          throw error
        return redirectWithErrors(
          request,
          reply,
          `/my/cpd/${encodeURIComponent(id)}/evidence/new`,
          new FormErrors().add('evidence', 'The selected file must be smaller than 5MB'),
        )
      },
    },
    async (request, reply) => {
      const back = `/my/cpd/${encodeURIComponent(request.params.id)}/evidence/new`
      return formHandler(request, reply, { back, field: 'evidence' }, async () => {
        const added = await practitioners.addEvidence(
          actorOf(request),
          request.params.id,
          uploadedFile(request.body.evidence),
        )
        if (!added) return reply.callNotFound()
        return redirectWithBanner(request, reply, '/my/portfolio#activities', { title: 'Evidence added' })
      })
    },
  )

  app.post<{ Params: IdParams }>(
    '/my/cpd/:id/delete',
    { config: PRACTITIONER, schema: { params: IdParams, body: EmptyBody } },
    async (request, reply) => {
      if (!(await practitioners.removeActivity(actorOf(request), request.params.id)))
        return reply.callNotFound()
      return redirectWithBanner(request, reply, '/my/portfolio#activities', { title: 'CPD activity deleted' })
    },
  )

  app.get<{ Params: IdParams }>(
    '/my/cpd/evidence/:id',
    { config: PRACTITIONER, schema: { params: IdParams } },
    async (request, reply) => {
      const file = await practitioners.evidenceFile(signedInUser(request).id, request.params.id)
      return file ? sendFile(reply, file) : reply.callNotFound()
    },
  )

  app.get('/my/capabilities', { config: PRACTITIONER }, async (request, reply) => {
    const pillars = await practitioners.coverage(signedInUser(request).id)
    return reply.render('portfolio/capabilities.njk', {
      pageTitle: 'Capabilities your CPD shows',
      breadcrumbs: portfolioCrumbs,
      pillars,
    })
  })

  app.get('/my/directory-entry', { config: PRACTITIONER }, async (request, reply) => {
    const userId = signedInUser(request).id
    const [profile, choices, awards] = await Promise.all([
      practitioners.profile(userId),
      practitioners.directoryChoices(userId),
      practitioners.awards(userId),
    ])
    const show = [
      ...(choices.showProfession ? ['profession'] : []),
      ...(choices.showRegion ? ['region'] : []),
      ...(choices.showEmployer ? ['employer'] : []),
    ]
    return renderForm(request, reply, 'portfolio/directory-entry.njk', {
      pageTitle: 'Your directory entry',
      breadcrumbs,
      profile,
      awards,
      entryPath: `/directory/${userId}`,
      listed: choices.listed,
      values: { listed: choices.listed ? 'yes' : 'no', show, awardIds: choices.awardIds },
    })
  })

  app.post<{ Body: DirectoryBody }>(
    '/my/directory-entry',
    { config: PRACTITIONER, schema: { body: DirectoryBody } },
    async (request, reply) => {
      const b = request.body
      const listed = str(b.listed)
      const show = list(b.show)
      const awardIds = list(b.awardIds)
      const values = { listed, show, awardIds }
      if (listed !== 'yes' && listed !== 'no')
        return redirectWithErrors(
          request,
          reply,
          '/my/directory-entry',
          new FormErrors().add('listed', 'Select yes if you want to appear in the directory'),
          values,
        )
      const choices = {
        listed: listed === 'yes',
        showProfession: show.includes('profession'),
        showRegion: show.includes('region'),
        showEmployer: show.includes('employer'),
        awardIds,
      }
      return formHandler(
        request,
        reply,
        { back: '/my/directory-entry', field: 'listed', values },
        async () => {
          await practitioners.saveDirectoryChoices(actorOf(request), choices)
          return redirectWithBanner(request, reply, '/my/directory-entry', {
            title: listed === 'yes' ? 'Your directory entry is public' : 'You are not in the directory',
          })
        },
      )
    },
  )

  app.get('/my/data', { config: PRACTITIONER }, async (request, reply) =>
    renderForm(request, reply, 'portfolio/data.njk', { pageTitle: 'Your data', breadcrumbs }),
  )

  app.get('/my/data/export', { config: PRACTITIONER }, async (request, reply) => {
    const archive = await practitioners.exportArchive(signedInUser(request).id)
    return reply
      .type('application/zip')
      .header('Content-Disposition', `attachment; filename="my-data-${services.clock.today()}.zip"`)
      .header('Cache-Control', 'no-store')
      .send(archive)
  })

  app.post<{ Body: CloseBody }>(
    '/my/account/close',
    { config: PRACTITIONER, schema: { body: CloseBody } },
    async (request, reply) => {
      if (str(request.body.confirm) !== 'yes')
        return redirectWithErrors(
          request,
          reply,
          '/my/data',
          new FormErrors().add('confirm', 'Confirm that you want to close your account'),
        )
      await practitioners.closeAccount(actorOf(request))
      await endSession(request, reply)
      return reply.redirect('/account-closed', 303)
    },
  )

  app.get('/account-closed', { config: { access: 'public' } }, async (_request, reply) =>
    reply.render('portfolio/account-closed.njk', { pageTitle: 'Your account is closed' }),
  )
}
