// A practitioner's own pages: profile, CPD portfolio (awards, credentials from elsewhere, CPD
// activities and their evidence) and the capabilities their CPD shows.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import { REGULATORS } from '../../domain/award-rows.ts'
import {
  ACTIVITY_TYPE_LABELS,
  ACTIVITY_TYPES,
  hoursByAppraisalYear,
  hoursText,
} from '../../domain/practitioners.ts'
import { isRecord } from '../../domain/present.ts'
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
  repeatedField,
  repeatedValues,
  freeTextField,
  uploadedFile,
} from '../forms.ts'
import { processActorOf } from '../plugins/session.ts'
import { rowVersionOf } from '../row-version.ts'
import { copyViewerOf } from '../award-files/viewer.ts'
import { renderPortfolioPdf } from './pdf.ts'

const PRACTITIONER = { access: { roles: ['practitioner'] } } as const

const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) })
type IdParams = Static<typeof IdParams>
const ProfileBody = formBody({
  rowVersion: freeTextField(),
  givenName: freeTextField(),
  familyName: freeTextField(),
  profession: freeTextField(),
  regulator: freeTextField(),
  registrationNumber: freeTextField(),
  region: freeTextField(),
  employer: freeTextField(),
})
type ProfileBody = Static<typeof ProfileBody>
// Multipart: the file arrives as an UploadedFile (see the multipart options in src/app.ts).
const CredentialBody = formBody({ credentialFile: Type.Optional(Type.Unknown()) })
type CredentialBody = Static<typeof CredentialBody>
const ActivityBody = formBody({
  rowVersion: freeTextField(),
  title: freeTextField(),
  day: freeTextField(),
  month: freeTextField(),
  year: freeTextField(),
  hours: freeTextField(),
  type: freeTextField(),
  reflection: freeTextField(),
  capabilities: repeatedField(),
  evidence: Type.Optional(Type.Unknown()),
})
type ActivityBody = Static<typeof ActivityBody>
/** What the activity form sent, as the service reads it. */
const activityValues = (b: ActivityBody) => ({
  title: b.title ?? '',
  day: b.day ?? '',
  month: b.month ?? '',
  year: b.year ?? '',
  hours: b.hours ?? '',
  type: b.type ?? '',
  reflection: b.reflection ?? '',
  capabilities: repeatedValues(b.capabilities),
})
// The date is one field to the service; its first box is the day.
const dateHref = (field: string) => (field === 'date' ? '#date-day' : `#${field}`)
const EvidenceBody = formBody({ evidence: Type.Optional(Type.Unknown()) })
type EvidenceBody = Static<typeof EvidenceBody>
const EmptyBody = formBody({})

const items = (values: readonly string[], labels: Record<string, string>) =>
  values.map((value) => ({ value, text: labels[value] ?? value }))

function sendFile(reply: FastifyReply, file: { filename: string; contentType: string; content: Buffer }) {
  return reply
    .type(file.contentType)
    .header('Content-Disposition', `attachment; filename="${file.filename.replace(/["\\\r\n]/g, '')}"`)
    .header('X-Content-Type-Options', 'nosniff')
    .send(file.content)
}

// A file over the limit stops the upload before the handler runs: say so on the form.
const tooLargeFile = (error: unknown) => isRecord(error) && error.code === 'FST_REQ_FILE_TOO_LARGE'
const tooLarge = (back: string, field: string) => ({
  errorHandler: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
    if (!tooLargeFile(error)) throw error
    return redirectWithErrors(
      request,
      reply,
      back,
      new FormErrors().add(field, 'The selected file must be smaller than 5MB'),
    )
  },
})

export function portfolioRoutes(app: FastifyInstance, services: Services) {
  const { portfolio } = services
  const breadcrumbs = [{ href: '/home', text: 'Home' }]
  const portfolioCrumbs = [...breadcrumbs, { href: '/my/portfolio', text: 'Your CPD portfolio' }]

  app.get('/my/profile', { config: PRACTITIONER }, async (request, reply) => {
    const [profile, professions] = await Promise.all([
      portfolio.profile(signedInUser(request).id),
      portfolio.professions(),
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
        givenName: b.givenName ?? '',
        familyName: b.familyName ?? '',
        profession: b.profession ?? '',
        regulator: b.regulator ?? '',
        registrationNumber: b.registrationNumber ?? '',
        region: b.region ?? '',
        employer: b.employer ?? '',
      }
      return formHandler(request, reply, { back: '/my/profile', field: 'givenName', values }, async () => {
        await portfolio.saveProfile(processActorOf(request), values, rowVersionOf(b.rowVersion))
        return redirectWithBanner(request, reply, '/my/portfolio', { title: 'Profile saved' })
      })
    },
  )

  app.get('/my/portfolio', { config: PRACTITIONER }, async (request, reply) => {
    const userId = signedInUser(request).id
    const [profile, awards, externals, activities] = await Promise.all([
      portfolio.profile(userId),
      portfolio.awards(userId),
      portfolio.externals(userId),
      portfolio.activities(userId),
    ])
    const years = hoursByAppraisalYear(activities).map((y) => ({ ...y, hours: hoursText(y.tenthsOfHours) }))
    return renderForm(request, reply, 'portfolio/portfolio.njk', {
      pageTitle: 'Your CPD portfolio',
      breadcrumbs,
      profile,
      awards,
      externals,
      activities,
      years,
      allYears: {
        activities: activities.length,
        hours: hoursText(activities.reduce((n, a) => n + a.tenthsOfHours, 0)),
      },
    })
  })

  // The portfolio names the practitioner and holds their reflections: never kept by a cache.
  app.get('/my/portfolio.pdf', { config: PRACTITIONER }, async (request, reply) => {
    const user = signedInUser(request)
    const [profile, awards, externals, activities, coverage, capabilities] = await Promise.all([
      portfolio.profile(user.id),
      portfolio.awards(user.id),
      portfolio.externals(user.id),
      portfolio.activities(user.id),
      portfolio.coverage(user.id),
      portfolio.capabilityOptions(),
    ])
    const viewer = copyViewerOf(request)
    const copies = await Promise.all(awards.map((a) => services.awardCredentials.copy(a.id, viewer)))
    const pdf = await renderPortfolioPdf({
      accountName: user.displayName,
      profile,
      awards: awards.flatMap((a, i) => {
        const copy = copies[i]
        return copy ? [{ ...a, verifyUrl: copy.verifyUrl }] : []
      }),
      externals,
      activities,
      capabilityLabels: new Map(capabilities.map((c) => [c.code, c.label])),
      years: hoursByAppraisalYear(activities),
      coverage,
      printedOn: services.clock.today(),
    })
    return reply
      .type('application/pdf')
      .header('content-disposition', 'attachment; filename="cpd-portfolio.pdf"')
      .header('cache-control', 'private, no-store')
      .send(pdf)
  })

  // A Comprehensive Learner Record (CLR 2.0): the awards as issued and the CPD, signed by the
  // Centre. It names the practitioner, so no cache keeps it either.
  app.get('/my/portfolio/clr.json', { config: PRACTITIONER }, async (request, reply) => {
    const user = signedInUser(request)
    const clr = await services.clr.download(processActorOf(request), {
      email: user.email,
      displayName: user.displayName,
    })
    if (!clr) return reply.callNotFound()
    return reply
      .type('application/ld+json')
      .header('content-disposition', 'attachment; filename="comprehensive-learner-record.json"')
      .header('cache-control', 'private, no-store')
      .send(JSON.stringify(clr, null, 2))
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
        const id = await portfolio.addExternal(processActorOf(request), file)
        const added = (await portfolio.externals(signedInUser(request).id)).find((e) => e.id === id)
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
      const file = await portfolio.externalFile(signedInUser(request).id, request.params.id)
      return file ? sendFile(reply, file) : reply.callNotFound()
    },
  )

  // Removing deletes the uploaded file and its check and cannot be undone, so the portfolio
  // links to a page that says so; only the POST from that page removes.
  app.get<{ Params: IdParams }>(
    '/my/portfolio/credentials/:id/delete',
    { config: PRACTITIONER, schema: { params: IdParams } },
    async (request, reply) => {
      const credential = (await portfolio.externals(signedInUser(request).id)).find(
        (e) => e.id === request.params.id,
      )
      if (!credential) return reply.callNotFound()
      return renderForm(request, reply, 'portfolio/credential-delete.njk', {
        pageTitle: `Remove the credential ${credential.name}`,
        breadcrumbs: portfolioCrumbs,
        credential,
        back: `/my/portfolio#credential-${credential.id}`,
      })
    },
  )

  app.post<{ Params: IdParams }>(
    '/my/portfolio/credentials/:id/delete',
    { config: PRACTITIONER, schema: { params: IdParams, body: EmptyBody } },
    async (request, reply) => {
      if (!(await portfolio.removeExternal(processActorOf(request), request.params.id)))
        return reply.callNotFound()
      return redirectWithBanner(request, reply, '/my/portfolio', {
        title: 'Credential removed from your portfolio',
      })
    },
  )

  /** The activity form's choices: the types, and the framework's capabilities by pillar. */
  async function activityChoices() {
    const capabilities = await portfolio.capabilityOptions()
    return {
      types: items(ACTIVITY_TYPES, ACTIVITY_TYPE_LABELS),
      pillars: [...new Set(capabilities.map((c) => c.pillarName))].map((name) => ({
        name,
        capabilities: capabilities.filter((c) => c.pillarName === name),
      })),
    }
  }

  app.get('/my/cpd/new', { config: PRACTITIONER }, async (request, reply) =>
    renderForm(request, reply, 'portfolio/activity-form.njk', {
      pageTitle: 'Record a CPD activity',
      breadcrumbs: portfolioCrumbs,
      action: '/my/cpd',
      ...(await activityChoices()),
      values: { capabilities: [] },
    }),
  )

  app.post<{ Body: ActivityBody }>(
    '/my/cpd',
    { config: PRACTITIONER, schema: { body: ActivityBody }, ...tooLarge('/my/cpd/new', 'evidence') },
    async (request, reply) => {
      const b = request.body
      const values = activityValues(b)
      return formHandler(
        request,
        reply,
        { back: '/my/cpd/new', field: 'title', values, href: dateHref },
        async () => {
          await portfolio.addActivity(processActorOf(request), values, uploadedFile(b.evidence))
          return redirectWithBanner(request, reply, '/my/portfolio#activities', {
            title: 'CPD activity recorded',
          })
        },
      )
    },
  )

  app.get<{ Params: IdParams }>(
    '/my/cpd/:id/edit',
    { config: PRACTITIONER, schema: { params: IdParams } },
    async (request, reply) => {
      const activity = (await portfolio.activities(signedInUser(request).id)).find(
        (a) => a.id === request.params.id,
      )
      if (!activity) return reply.callNotFound()
      const [year = '', month = '', day = ''] = activity.activityDate.split('-')
      return renderForm(request, reply, 'portfolio/activity-form.njk', {
        pageTitle: `Change ${activity.title}`,
        breadcrumbs: portfolioCrumbs,
        action: `/my/cpd/${activity.id}`,
        editing: true,
        ...(await activityChoices()),
        values: {
          title: activity.title,
          day: String(Number(day)),
          month: String(Number(month)),
          year,
          hours: activity.hours,
          type: activity.type,
          reflection: activity.reflection,
          capabilities: activity.capabilities,
          rowVersion: String(activity.rowVersion),
        },
      })
    },
  )

  app.post<{ Params: IdParams; Body: ActivityBody }>(
    '/my/cpd/:id',
    { config: PRACTITIONER, schema: { params: IdParams, body: ActivityBody } },
    async (request, reply) => {
      const { id } = request.params
      const values = activityValues(request.body)
      // The row version is not kept with what was typed: after a stale save the form shows
      // the version as it is now, so that saving again is made against it.
      const back = `/my/cpd/${encodeURIComponent(id)}/edit`
      return formHandler(request, reply, { back, field: 'title', values, href: dateHref }, async () => {
        const rowVersion = rowVersionOf(request.body.rowVersion)
        if (!(await portfolio.updateActivity(processActorOf(request), id, values, rowVersion)))
          return reply.callNotFound()
        return redirectWithBanner(request, reply, `/my/portfolio#activity-${id}`, {
          title: 'CPD activity changed',
        })
      })
    },
  )

  app.get<{ Params: IdParams }>(
    '/my/cpd/:id/evidence/new',
    { config: PRACTITIONER, schema: { params: IdParams } },
    async (request, reply) => {
      const activity = (await portfolio.activities(signedInUser(request).id)).find(
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
        const id = isRecord(request.params) ? request.params.id : undefined
        if (!tooLargeFile(error) || typeof id !== 'string') throw error
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
        const added = await portfolio.addEvidence(
          processActorOf(request),
          request.params.id,
          uploadedFile(request.body.evidence),
        )
        if (!added) return reply.callNotFound()
        return redirectWithBanner(request, reply, '/my/portfolio#activities', { title: 'Evidence added' })
      })
    },
  )

  // Deleting takes the evidence files and the capability mapping with it and cannot be undone,
  // so the portfolio links to a page that says so; only the POST from that page deletes.
  app.get<{ Params: IdParams }>(
    '/my/cpd/:id/delete',
    { config: PRACTITIONER, schema: { params: IdParams } },
    async (request, reply) => {
      const activity = (await portfolio.activities(signedInUser(request).id)).find(
        (a) => a.id === request.params.id,
      )
      if (!activity) return reply.callNotFound()
      return renderForm(request, reply, 'portfolio/activity-delete.njk', {
        pageTitle: `Delete the CPD activity ${activity.title}`,
        breadcrumbs: portfolioCrumbs,
        activity,
        back: `/my/portfolio#activity-${activity.id}`,
      })
    },
  )

  app.post<{ Params: IdParams }>(
    '/my/cpd/:id/delete',
    { config: PRACTITIONER, schema: { params: IdParams, body: EmptyBody } },
    async (request, reply) => {
      if (!(await portfolio.removeActivity(processActorOf(request), request.params.id)))
        return reply.callNotFound()
      return redirectWithBanner(request, reply, '/my/portfolio#activities', { title: 'CPD activity deleted' })
    },
  )

  app.get<{ Params: IdParams }>(
    '/my/cpd/evidence/:id',
    { config: PRACTITIONER, schema: { params: IdParams } },
    async (request, reply) => {
      const file = await portfolio.evidenceFile(signedInUser(request).id, request.params.id)
      return file ? sendFile(reply, file) : reply.callNotFound()
    },
  )

  app.get('/my/capabilities', { config: PRACTITIONER }, async (request, reply) => {
    const coverage = await portfolio.coverage(signedInUser(request).id)
    const pillars = coverage.map((p) => ({
      ...p,
      capabilities: p.capabilities.map((c) => ({ ...c, hours: hoursText(c.tenthsOfHours) })),
    }))
    return reply.render('portfolio/capabilities.njk', {
      pageTitle: 'Capabilities your credentials and CPD show',
      breadcrumbs: portfolioCrumbs,
      pillars,
    })
  })
}
