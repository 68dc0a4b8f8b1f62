// Engagement history for seed:demo: four past consultations on the Centre's work, each open for
// six weeks between autumn 2024 and autumn 2026, each with more confirmed responses than the one
// before, from every kind of respondent and region, so that the engagement dashboard
// (/reports/engagement) shows a trend. The records are written directly, dated in the past,
// because the use cases only open and answer consultations now; the dates agree with each other
// (every response confirmed while its consultation was open). Running it again writes nothing.
import type { Kysely } from 'kysely'
import type { Database } from '../schema.ts'
import { CAPACITIES, type Capacity } from '../../domain/consultations.ts'
import { REGIONS, type Region } from '../../domain/providers.ts'
import { insertConsultation } from '../../repositories/consultations.ts'
import { insertResponse } from '../../repositories/consultation-responses.ts'
import type { Services } from '../../services/index.ts'
import { demoActor } from './demo-process.ts'

export const ENGAGEMENT_HISTORY = [
  {
    title: 'Our approach to credentials: the first year (demo history)',
    opensOn: '2024-10-01',
    responses: 36,
  },
  { title: 'Credentials for primary care (demo history)', opensOn: '2025-04-01', responses: 64 },
  { title: 'Supervision for advanced practice (demo history)', opensOn: '2025-10-01', responses: 98 },
  { title: 'The credential implementation plan (demo history)', opensOn: '2026-06-01', responses: 141 },
] as const

/** Respondents come mostly from practice and employers; every capacity appears. */
const CAPACITY_WEIGHTS: Record<Capacity, number> = {
  practitioner: 9,
  employer: 4,
  education_provider: 3,
  patient_or_public: 2,
  professional_body: 1,
  other: 1,
}

/** mulberry32: the same history every time. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function weighted<T extends string>(weights: Record<T, number>, keys: readonly T[], r: number): T {
  const total = keys.reduce((sum, k) => sum + weights[k], 0)
  let left = r * total
  for (const k of keys) {
    left -= weights[k]
    if (left < 0) return k
  }
  const last = keys[keys.length - 1]
  if (last === undefined) throw new Error('weighted needs a choice')
  return last
}

const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)

export interface EngagementHistory {
  consultations: number
  responses: number
}

export async function seedDemoEngagementHistory(
  db: Kysely<Database>,
  services: Services,
): Promise<EngagementHistory> {
  const titles = ENGAGEMENT_HISTORY.map((c) => c.title)
  const existing = await db.selectFrom('consultation').select('title').where('title', 'in', titles).execute()
  if (existing.length) return { consultations: 0, responses: 0 }
  const admin = await demoActor(db, services, 'centre-admin')
  if (!admin.userId) throw new Error('The demo Centre admin has no account')
  const next = random(2024)
  let responses = 0
  for (const [index, c] of ENGAGEMENT_HISTORY.entries()) {
    const closesOn = addDays(c.opensOn, 41)
    const publishedAt = new Date(`${addDays(c.opensOn, -7)}T09:00:00Z`)
    const consultation = await insertConsultation(db, {
      title: c.title,
      purpose: 'We asked how the Centre should shape its work on credentials.',
      audience: 'Everyone with an interest in advanced practice',
      subject: 'document',
      document_body: '## What we proposed\n\nThe proposal this consultation asked about.',
      specification_version_id: null,
      credential_id: null,
      clinical_area_id: null,
      opens_on: c.opensOn,
      closes_on: closesOn,
      state: 'published',
      published_at: publishedAt,
      created_by: admin.userId,
      created_at: publishedAt,
      updated_at: publishedAt,
    })
    for (let n = 0; n < c.responses; n++) {
      const capacity = weighted(CAPACITY_WEIGHTS, CAPACITIES, next())
      // A few leave their region out.
      const region: Region | null =
        next() < 0.08 ? null : (REGIONS[Math.floor(next() * REGIONS.length)] ?? null)
      const at = new Date(
        `${addDays(c.opensOn, Math.floor(next() * 42))}T${String(8 + Math.floor(next() * 10)).padStart(2, '0')}:15:00Z`,
      )
      await insertResponse(db, {
        consultation_id: consultation.id,
        name: `Demo respondent ${index + 1}.${n + 1}`,
        email: `respondent-${index + 1}-${n + 1}@demo.invalid`,
        organisation: '',
        capacity,
        profession: capacity === 'practitioner' ? 'Nurse' : null,
        region,
        publication: 'anonymous',
        confirmed_at: at,
        created_at: at,
        updated_at: at,
      })
      responses++
    }
  }
  return { consultations: ENGAGEMENT_HISTORY.length, responses }
}
