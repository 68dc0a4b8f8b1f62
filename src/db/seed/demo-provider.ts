// The demo provider: Demo University (whose people are the demo provider accounts) with an
// accredited MSc, an approved delivery of the published demo credential, learners on every
// basis of eligibility, awards, and CSV files to try the upload with. Made through the same
// use cases people use, after the demo approval records, so the audit trail is real too.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Kysely } from 'kysely'
import type { Database } from '../schema.ts'
import * as deliveriesRepo from '../../repositories/deliveries.ts'
import { findOrganisationByName } from '../../repositories/organisations.ts'
import type { AwardsViewer } from '../../services/awards.ts'
import { DEMO_ORGANISATION } from './demo-accounts.ts'
import { accreditForSeed } from './demo-accreditation.ts'
import { DEMO_TITLES, demoActor, type DemoProcessRecord } from './demo-process.ts'
import type { Services } from '../../services/index.ts'
import { present } from '../../domain/present.ts'

export const DEMO_PROGRAMME = 'MSc Advanced Clinical Practice (demo)'
export const DEMO_UKPRN = '10099999'
/** Fixed, so that the CSV files' award dates (in the summer of 2026) fall after it. */
export const DEMO_DELIVERY_START = '2026-01-12'
const DEMO_APPLIED_AT = '2025-10-01T09:00:00Z'
const DEMO_APPROVED_AT = '2025-11-14T10:00:00Z'

const DEMO_FOLDER = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../demo')
/** CSV files for the upload form: one whose rows all pass, one with a mistake in most rows. */
export const DEMO_CSV_FILES = {
  valid: path.join(DEMO_FOLDER, 'awards-to-upload.csv'),
  withErrors: path.join(DEMO_FOLDER, 'awards-with-errors.csv'),
}

// The smallest PDF that names itself as one: enough for the evidence check, which reads the
// file's first bytes rather than trusting its name.
const DEMO_EVIDENCE = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n' +
    '2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n' +
    'trailer << /Root 1 0 R >>\n%%EOF\n',
)

async function demoViewer(
  db: Kysely<Database>,
  services: Services,
  key: string,
  organisationIds: string[],
): Promise<AwardsViewer> {
  return { ...(await demoActor(db, services, key)), organisationIds }
}

/**
 * Creates the demo provider's records unless its programme exists. Needs the demo accounts
 * and the published demo credential (seedDemoProcess) first.
 */
export async function seedDemoProvider(
  db: Kysely<Database>,
  services: Services,
): Promise<DemoProcessRecord[]> {
  const organisation = await findOrganisationByName(db, DEMO_ORGANISATION)
  if (!organisation) throw new Error(`${DEMO_ORGANISATION} is missing: create the demo accounts first`)
  const organisationId = organisation.id
  // Paths from the project's folder, where `npm run seed:demo` runs.
  const files: DemoProcessRecord[] = Object.entries({
    'CSV file to upload, every row valid': DEMO_CSV_FILES.valid,
    'The same with mistakes, to see the report': DEMO_CSV_FILES.withErrors,
  }).map(([stage, file]) => ({ stage, title: path.basename(file), href: `demo/${path.basename(file)}` }))
  const programmes = await services.programmes.listProgrammes(organisationId)
  if (programmes.some((p) => p.title === DEMO_PROGRAMME)) {
    const [delivery] = await services.deliveries.listDeliveries({ organisationId })
    return [
      {
        stage: 'Already created',
        title: DEMO_ORGANISATION,
        href: delivery ? `/provider/deliveries/${delivery.id}/learners` : '/provider',
      },
      ...files,
    ]
  }

  const admin = await demoViewer(db, services, 'centre-admin', [])
  const providerAdmin = await demoViewer(db, services, 'provider-admin', [organisationId])
  const staff = await demoViewer(db, services, 'provider-staff', [organisationId])

  const provider = present(await services.providers.getProvider(organisationId), 'the demo provider')
  await services.providers.updateProvider(
    organisationId,
    provider.rowVersion,
    {
      name: DEMO_ORGANISATION,
      kind: 'university',
      ukprn: DEMO_UKPRN,
      region: 'north_east_and_yorkshire',
      website: 'https://demo-university.example.org',
    },
    admin,
  )
  const programmeId = await services.programmes.createProgramme(
    organisationId,
    { title: DEMO_PROGRAMME },
    providerAdmin,
  )
  // Accredited by the Centre before its learners' awards, with a condition since met.
  const assessors = [
    await demoActor(db, services, 'reviewer'),
    await demoActor(db, services, 'reviewer-2'),
  ] as const
  await accreditForSeed(db, {
    organisationId,
    programmeId,
    awardTitle: DEMO_PROGRAMME,
    provider: providerAdmin,
    centre: admin,
    assessors,
    appliedOn: '2025-03-03',
    periodFrom: '2025-09-01',
    periodUntil: '2030-08-31',
    condition: 'Publish the agreement between the university and each placement provider.',
  })
  // Further programmes at each stage before a decision, for the Centre, the provider and the assessors to open.
  for (const [title, stage] of [
    ['MSc Advanced Practice (Primary Care)', 'applied'],
    ['MSc Advanced Practice (Mental Health)', 'documentary_review'],
    ['MSc Advanced Practice (Imaging)', 'panel'],
  ] as const) {
    const id = await services.programmes.createProgramme(organisationId, { title }, providerAdmin)
    await accreditForSeed(db, {
      organisationId,
      programmeId: id,
      awardTitle: title,
      provider: providerAdmin,
      centre: admin,
      assessors,
      appliedOn: '2026-09-07',
      periodFrom: '2027-09-01',
      periodUntil: '2032-08-31',
      stage,
    })
  }

  const credential = (await services.deliveries.deliverableCredentials()).find(
    (c) => c.title === DEMO_TITLES.published,
  )
  if (!credential) throw new Error(`${DEMO_TITLES.published} is not published: run the demo process first`)
  const deliveryId = await services.deliveries.applyToDeliver(
    organisationId,
    {
      credentialId: credential.credentialId,
      mode: 'blended',
      startDate: DEMO_DELIVERY_START,
      expectedCohort: '24',
      assessment:
        'A portfolio of ten cases mapped to the learning outcomes, and an observed structured clinical examination.',
      programmeId,
    },
    providerAdmin,
  )
  await services.deliveries.act(
    deliveryId,
    1,
    'approve',
    'Approved: the assessment covers every learning outcome.',
    admin,
    null,
  )
  // The demo's awards date from the summer of 2026 (as do the CSV files'), so the application
  // and approval are dated before the delivery started, as they would have been, in the
  // delivery's history too: awards are checked against the approval in force on their date.
  await deliveriesRepo.backdateHistory(db, deliveryId, {
    appliedAt: new Date(DEMO_APPLIED_AT),
    decidedAt: new Date(DEMO_APPROVED_AT),
  })

  type Basis =
    | { basis: 'enrolled_msc' }
    | { basis: 'holds_msc'; institution: string; year: string }
    | { basis: 'equivalence' }
    | null
  const learners: Array<{
    givenName: string
    familyName: string
    profession: string
    regulator: string
    registrationNumber: string
    eligibility: Basis
    awardedOn: string | null
  }> = [
    {
      givenName: 'Amara',
      familyName: 'Okafor',
      profession: 'Nurse',
      regulator: 'NMC',
      registrationNumber: '15A1234E',
      eligibility: { basis: 'enrolled_msc' },
      awardedOn: '2026-06-30',
    },
    {
      givenName: 'Tomasz',
      familyName: 'Nowak',
      profession: 'Allied health professional',
      regulator: 'HCPC',
      registrationNumber: 'PA12345',
      eligibility: { basis: 'holds_msc', institution: 'University of Leeds', year: '2019' },
      awardedOn: '2026-06-30',
    },
    {
      givenName: 'Grace',
      familyName: 'Mensah',
      profession: 'Pharmacist',
      regulator: 'GPhC',
      registrationNumber: '2071234',
      eligibility: { basis: 'equivalence' },
      awardedOn: null,
    },
    {
      givenName: 'Rhys',
      familyName: 'Evans',
      profession: 'Allied health professional',
      regulator: 'HCPC',
      registrationNumber: 'PH67890',
      // No basis yet: the learner's page says what is missing before an award.
      eligibility: null,
      awardedOn: null,
    },
  ]
  for (const l of learners) {
    const learnerId = await services.awards.registerLearner(
      deliveryId,
      {
        givenName: l.givenName,
        familyName: l.familyName,
        email: `${l.givenName}.${l.familyName}@learner.demo.invalid`.toLowerCase(),
        profession: l.profession,
        regulator: l.regulator,
        registrationNumber: l.registrationNumber,
      },
      staff,
    )
    if (!l.eligibility) continue
    await services.awards.recordEligibility(
      learnerId,
      1,
      {
        basis: l.eligibility.basis,
        programmeId: l.eligibility.basis === 'enrolled_msc' ? programmeId : '',
        mscInstitution: l.eligibility.basis === 'holds_msc' ? l.eligibility.institution : '',
        mscYear: l.eligibility.basis === 'holds_msc' ? l.eligibility.year : '',
        evidence: l.eligibility.basis === 'equivalence' ? DEMO_EVIDENCE : null,
      },
      staff,
    )
    if (l.awardedOn) await services.awards.award(learnerId, l.awardedOn, staff)
  }

  return [
    {
      stage: 'Provider with an approved delivery, learners and awards',
      title: DEMO_ORGANISATION,
      href: `/provider/deliveries/${deliveryId}/learners`,
    },
    ...files,
  ]
}

/** The valid demo CSV's content, for tests that upload it. */
export function demoCsv(which: keyof typeof DEMO_CSV_FILES): Buffer {
  return readFileSync(DEMO_CSV_FILES[which])
}
