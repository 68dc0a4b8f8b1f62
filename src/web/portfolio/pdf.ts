// A practitioner's portfolio as a printable PDF, for their appraisal or revalidation: profile,
// awards with how to check each, credentials from elsewhere, CPD activities with their hours
// and reflections, hours by appraisal year and capability coverage. Drawn with the shared
// tagged-PDF writer and fonts of the specification PDF (src/web/publication/pdf.ts).
import { longDate } from '../../domain/dates.ts'
import { countOf } from '../../domain/numbers.ts'
import { AWARD_STATUS_LABELS, AWARD_STATUSES, isOneOf } from '../../domain/providers.ts'
import {
  hoursPhrase,
  hoursText,
  type CapabilityCoverage,
  type YearTotal,
} from '../../domain/practitioners.ts'
import type { ActivityView, ExternalCredentialView, ProfileView } from '../../services/portfolio.ts'
import { drawable } from '../pdf-fonts.ts'
import { taggedPdf, type Writer } from '../publication/pdf.ts'

const GREY = '#4c6272'

export interface PortfolioPrint {
  /** The account's name, for a portfolio without a profile. */
  accountName: string
  profile: ProfileView | null
  awards: Array<{
    credentialTitle: string
    organisationName: string
    awardedOn: string
    status: string
    /** The award's public verification page, absolute. */
    verifyUrl: string
  }>
  externals: ExternalCredentialView[]
  activities: ActivityView[]
  /** Capability codes to their labels, for the activities' capabilities. */
  capabilityLabels: ReadonlyMap<string, string>
  years: YearTotal[]
  coverage: CapabilityCoverage[]
  /** The day it is printed (YYYY-MM-DD), from the Clock. */
  printedOn: string
}

const count = countOf

function write(w: Writer, p: PortfolioPrint): void {
  const name = p.profile ? `${p.profile.givenName} ${p.profile.familyName}` : p.accountName
  w.heading(1, `CPD portfolio: ${name}`)
  w.paragraph(`Printed on ${longDate(p.printedOn)} from the Advancing Practice Credentials service.`, {
    colour: GREY,
  })

  w.heading(2, 'Profile')
  if (p.profile) {
    w.fact('Name', name)
    w.fact('Profession', p.profile.profession)
    w.fact('Registration', `${p.profile.regulator} ${p.profile.registrationNumber}`)
    w.fact('NHS England region', p.profile.regionLabel)
    w.fact('Employer', p.profile.employer)
  } else w.paragraph('No profile filled in.')

  w.heading(2, 'Credentials awarded here')
  if (!p.awards.length) w.paragraph('None.')
  for (const a of p.awards) {
    w.heading(3, a.credentialTitle)
    w.fact('Provider', a.organisationName)
    w.fact('Awarded on', longDate(a.awardedOn))
    w.fact(
      'Status on the day printed',
      isOneOf(AWARD_STATUSES, a.status) ? AWARD_STATUS_LABELS[a.status] : a.status,
    )
    w.paragraph('To check it is genuine and still valid, open its verification page:', { colour: GREY })
    w.link(a.verifyUrl, a.verifyUrl)
  }

  w.heading(2, 'Credentials from elsewhere')
  if (!p.externals.length) w.paragraph('None.')
  for (const e of p.externals) {
    w.heading(3, e.name)
    w.fact('Issued by', e.issuerName)
    w.fact('Format', e.format)
    w.fact(
      'Checked',
      `${e.verified ? 'Verified' : e.holder === 'someone_else' ? 'Issued to someone else' : 'Not verified'}, on ${longDate(e.checkedAt)}`,
    )
    w.paragraph(e.summary, { colour: GREY })
  }

  w.heading(2, 'CPD activities')
  if (!p.activities.length) w.paragraph('None recorded.')
  for (const a of p.activities) {
    w.heading(3, a.title)
    w.fact('Date', longDate(a.activityDate))
    w.fact('Hours', hoursText(a.tenthsOfHours))
    w.fact('Type', a.typeLabel)
    w.fact(
      'Capabilities',
      a.capabilities.map((code) => `${code} ${p.capabilityLabels.get(code) ?? ''}`.trim()).join('; ') ||
        'None chosen',
    )
    if (a.evidence.length) w.fact('Evidence', a.evidence.map((e) => e.filename).join('; '))
    w.paragraph('Reflection:', { bold: true })
    w.paragraph(a.reflection)
  }

  w.heading(2, 'CPD hours by appraisal year')
  w.paragraph(
    'Appraisal years run from 1 April to 31 March. Each activity counts once, in the year of its date.',
    {
      colour: GREY,
    },
  )
  const all = p.years.reduce((n, y) => ({ a: n.a + y.activities, t: n.t + y.tenthsOfHours }), { a: 0, t: 0 })
  w.list([
    ...p.years.map(
      (y) => `${y.label}: ${hoursPhrase(y.tenthsOfHours)}, ${count(y.activities, 'activity', 'activities')}`,
    ),
    `All years: ${hoursPhrase(all.t)}, ${count(all.a, 'activity', 'activities')}`,
  ])

  w.heading(2, 'Capabilities with evidence')
  w.paragraph(
    'A capability counts when an active credential awarded here maps to it, or a CPD activity shows it. ' +
      'An activity showing several capabilities counts its hours under each.',
    { colour: GREY },
  )
  for (const pillar of p.coverage) {
    w.heading(
      3,
      `${pillar.pillarName}: ${pillar.covered} of ${pillar.total} (${pillar.coveredByCredentials} from credentials, ${pillar.coveredByCpd} from CPD)`,
    )
    const covered = pillar.capabilities.filter((c) => c.credentials.length || c.activities)
    w.list(
      covered.map((c) => {
        const parts = [
          ...(c.credentials.length ? [`from ${c.credentials.join('; ')}`] : []),
          ...(c.activities
            ? [`${count(c.activities, 'CPD activity', 'CPD activities')}, ${hoursPhrase(c.tenthsOfHours)}`]
            : []),
        ]
        return `${c.code} ${c.label}: ${parts.join('; ')}`
      }),
    )
    const missing = pillar.capabilities.filter((c) => !c.credentials.length && !c.activities)
    if (missing.length)
      w.paragraph(`Not yet evidenced: ${missing.map((c) => c.code).join(', ')}`, { colour: GREY })
  }
}

/** The portfolio's PDF. `compress: false` keeps the text readable in the file, for tests. */
export function renderPortfolioPdf(
  print: PortfolioPrint,
  options: { compress?: boolean } = {},
): Promise<Buffer> {
  const name = print.profile ? `${print.profile.givenName} ${print.profile.familyName}` : print.accountName
  return taggedPdf(
    {
      Title: drawable(`CPD portfolio: ${name}`),
      Author: drawable(name),
      Subject: 'Advanced practice CPD portfolio',
    },
    options,
    (w) => write(w, print),
  )
}
