// Published specifications for tests of the public pages, written straight to the database:
// the process that publishes them is tested on its own, and these tests need versions whose
// differences are known exactly.
import type { SpecificationContent, RecognitionContent } from '../../src/domain/specification-content.ts'
import type { VersionState } from '../../src/domain/specification-lifecycle.ts'
import { insertVersion } from '../../src/repositories/specifications.ts'
import type { TestApp } from './app.ts'
import { insertFixtureHistory } from './award-fixture.ts'

export const VERSION_1: SpecificationContent = {
  purpose: 'Prepares advanced practitioners to lead the care of people with frailty in the community.',
  scope: 'Community and intermediate care settings for adults over 65.',
  targetProfessions: ['Nurse', 'Pharmacist'],
  entryRequirements: {
    mastersRoute: "Taken within or after an advanced-practice Master's degree at an accredited university.",
    equivalence: 'Applicants without the degree show equivalence through a portfolio reviewed by the Centre.',
  },
  outcomes: [
    { code: 'LO1', text: 'Assess frailty with validated tools.' },
    { code: 'LO2', text: 'Plan care with the person and their family.' },
    { code: 'LO3', text: 'Review medicines for people living with frailty.' },
  ],
  capabilities: [
    { code: 'AC1', text: 'Comprehensive geriatric assessment', frameworkCodes: ['1.4', '1.6'] },
    { code: 'AC2', text: 'Lead the frailty multidisciplinary team', frameworkCodes: ['2.1'] },
    { code: 'AC3', text: 'Teach frailty assessment to colleagues', frameworkCodes: ['3.1'] },
    { code: 'AC4', text: 'Audit frailty outcomes', frameworkCodes: ['4.2'] },
  ],
  assessmentStrategy: 'A portfolio of cases and a structured clinical examination.',
  level: 7,
  credits: 60,
}

/** Version 2: one outcome the same, one changed, one removed and one added; the same for capabilities. */
export const VERSION_2: SpecificationContent = {
  ...VERSION_1,
  scope: 'Community, intermediate and acute care settings for adults over 65.',
  outcomes: [
    { code: 'LO1', text: 'Assess frailty with validated tools.' },
    { code: 'LO2', text: 'Plan anticipatory care with the person, their family and carers.' },
    { code: 'LO4', text: 'Recognise and respond to delirium.' },
  ],
  capabilities: [
    { code: 'AC1', text: 'Comprehensive geriatric assessment', frameworkCodes: ['1.4', '1.6', '1.7'] },
    { code: 'AC2', text: 'Lead the frailty multidisciplinary team', frameworkCodes: ['2.1'] },
    { code: 'AC3', text: 'Teach and supervise frailty assessment', frameworkCodes: ['3.1'] },
    { code: 'AC5', text: 'Evaluate research on frailty interventions', frameworkCodes: ['4.2', '4.3'] },
  ],
  credits: 90,
}

export const DRAFT: SpecificationContent = { ...VERSION_2, purpose: 'UNPUBLISHED DRAFT PURPOSE' }

export const RECOGNITION: RecognitionContent = {
  ownerName: 'Royal College of Example Medicine',
  ownerUrl: 'https://college.example.org',
  documentUrl: 'https://college.example.org/curriculum.pdf',
  summary: 'The college curriculum for advanced clinical practitioners in example medicine.',
  crosswalk: [
    { code: 'C1', outcome: 'Manage the undifferentiated patient', frameworkCodes: ['1.6'] },
    { code: 'C2', outcome: 'Lead the shift', frameworkCodes: ['2.1', '2.5'] },
  ],
}

export const PUBLISHED_1 = new Date('2025-03-14T10:00:00Z')
export const PUBLISHED_2 = new Date('2026-06-02T09:30:00Z')

export interface PublishedExample {
  slug: string
  credentialId: string
  recognisedSlug: string
}

let counter = 0

async function author(t: TestApp): Promise<string> {
  const row = await t.database.db
    .insertInto('user_account')
    .values({
      email: `publication-author-${Date.now()}-${counter++}@example.org`,
      display_name: 'Sam Author',
      password_hash: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/**
 * A credential with versions 1 (superseded) and 2 (published, endorsed with conditions) and a
 * draft version 3; and a recognised curriculum with one published recognition version.
 */
export async function insertPublishedExample(
  t: TestApp,
  slug = `frailty-${counter++}`,
): Promise<PublishedExample> {
  const db = t.database.db
  const authorId = await author(t)
  const area = await db.selectFrom('clinical_area').select('id').orderBy('id').executeTakeFirstOrThrow()
  const credential = await db
    .insertInto('credential')
    .values({
      slug,
      title: 'Frailty in the community',
      clinical_area_id: area.id,
      type: 'credential_specification',
      status: 'endorsed',
      level: 7,
      origin: 'centre',
      notes: '[]',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const version = (number: number, state: VersionState, content: unknown, publishedAt: Date | null) => ({
    credential_id: credential.id,
    number,
    kind: 'specification' as const,
    author_id: authorId,
    state,
    content: JSON.stringify(content),
    published_at: publishedAt,
    decided_at: publishedAt,
  })
  await insertVersion(db, { ...version(1, 'superseded', VERSION_1, PUBLISHED_1), decision: 'endorse' })
  await insertVersion(db, {
    ...version(2, 'published', VERSION_2, PUBLISHED_2),
    decision: 'endorse_with_conditions',
    decision_conditions: 'Providers report assessment outcomes to the Centre after the first cohort.',
  })
  await insertVersion(db, version(3, 'draft', DRAFT, null))

  const recognisedSlug = `${slug}-recognised`
  const recognised = await db
    .insertInto('credential')
    .values({
      slug: recognisedSlug,
      title: 'Example medicine ACP curriculum',
      clinical_area_id: area.id,
      type: 'curriculum',
      status: 'recognised',
      origin: 'other_body',
      owner_name: RECOGNITION.ownerName,
      owner_url: RECOGNITION.ownerUrl,
      notes: '[]',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await insertVersion(db, {
    credential_id: recognised.id,
    number: 1,
    kind: 'recognition',
    author_id: authorId,
    state: 'published',
    content: JSON.stringify(RECOGNITION),
    decision: 'endorse',
    decided_at: PUBLISHED_2,
    published_at: PUBLISHED_2,
  })
  return { slug, credentialId: credential.id, recognisedSlug }
}

const examples = new WeakMap<TestApp, Promise<PublishedExample>>()

/** One example per test app, made the first time it is asked for. */
export function publishedExample(t: TestApp): Promise<PublishedExample> {
  let example = examples.get(t)
  if (!example) examples.set(t, (example = insertPublishedExample(t, 'frailty-in-the-community')))
  return example
}

/**
 * A university approved to deliver version 2 of the example credential (its delivery
 * inserted directly, with its history), for what the catalogue says of who delivers it.
 */
export async function insertApprovedProvider(
  t: TestApp,
  example: PublishedExample,
  name = `University of Example ${counter++}`,
): Promise<{ id: string; name: string; website: string }> {
  const db = t.database.db
  const website = 'https://www.example.ac.uk/advanced-practice'
  const organisation = await db
    .insertInto('organisation')
    .values({ name, kind: 'provider', provider_kind: 'university', region: 'london', website })
    .returning('id')
    .executeTakeFirstOrThrow()
  const version = await db
    .selectFrom('specification_version')
    .select('id')
    .where('credential_id', '=', example.credentialId)
    .where('number', '=', 2)
    .executeTakeFirstOrThrow()
  const delivery = await db
    .insertInto('delivery')
    .values({
      organisation_id: organisation.id,
      specification_version_id: version.id,
      credential_id: example.credentialId,
      state: 'approved',
      mode: 'blended',
      start_date: '2026-09-01',
      expected_cohort: 20,
      assessment: 'Portfolio and viva',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await insertFixtureHistory(db, delivery.id, 'approved')
  return { id: organisation.id, name, website }
}
