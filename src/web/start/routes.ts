// The front door and the pages about the service itself: a start page for each audience,
// and the accessibility statement, privacy notice, cookies, contact, help and feedback pages
// the footer and the phase banner link to.
import type { FastifyInstance } from 'fastify'
import type { Services } from '../../services/index.ts'

const PUBLIC = { access: 'public', pageCache: true } as const

export interface ServicePagesOptions {
  /** CONTACT_EMAIL, or undefined when this installation has none. */
  contactEmail: string | undefined
  /** How long a session lasts, which the cookies page states. */
  session: { idleMinutes: number; absoluteHours: number }
}

/** The pages about the service, by address: their view and title. */
const SERVICE_PAGES = {
  '/practitioners': { view: 'practitioners', title: 'For practitioners' },
  '/education-providers': { view: 'education-providers', title: 'For education providers' },
  '/centre-staff': { view: 'centre-staff', title: 'For Centre staff' },
  '/accessibility': { view: 'accessibility', title: 'Accessibility statement' },
  '/privacy': { view: 'privacy', title: 'Privacy notice' },
  '/cookies': { view: 'cookies', title: 'Cookies' },
  '/contact': { view: 'contact', title: 'Contact us' },
  '/help': { view: 'help', title: 'Help using this service' },
  '/feedback': { view: 'feedback', title: 'Give feedback' },
} as const

export function startRoutes(
  app: FastifyInstance,
  services: Pick<Services, 'catalogue'>,
  options: ServicePagesOptions,
): void {
  app.get('/', { config: PUBLIC }, async (_request, reply) => {
    const areas = await services.catalogue.listAreas()
    return reply.render('start/start.njk', { pageTitle: 'Advanced practice credentials', areas })
  })

  for (const [url, page] of Object.entries(SERVICE_PAGES))
    app.get(url, { config: PUBLIC }, async (_request, reply) =>
      reply.render(`start/${page.view}.njk`, {
        pageTitle: page.title,
        contactEmail: options.contactEmail,
        session: options.session,
        breadcrumbs: [{ href: '/', text: 'Home' }],
      }),
    )
}
