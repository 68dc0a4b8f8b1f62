// The reference content's demo: the demo Centre admin publishes version 2 of the glossary through
// the same use cases as the admin pages (check, then publish), so that its public history shows
// a real change with its word-by-word diff. Running it again publishes nothing new.
import type { Kysely } from 'kysely'
import type { Database } from '../schema.ts'
import type { Services } from '../../services/index.ts'
import { demoActor } from './demo-process.ts'

export const DEMO_GLOSSARY_SUMMARY =
  'Says who awards a credential and who sets the periodic review interval; adds "Delivery plan".'

export interface DemoReferenceRecord {
  stage: string
  title: string
  href: string
}

export async function seedDemoReference(
  db: Kysely<Database>,
  services: Services,
): Promise<DemoReferenceRecord[]> {
  const editing = services.referenceEditing
  const history = await services.reference.history('glossary', 1)
  const done = history.versions.find((v) => v.summary === DEMO_GLOSSARY_SUMMARY)
  if (!done) {
    const admin = await demoActor(db, services, 'centre-admin')
    const current = await editing.current('glossary')
    const terms = current.content.terms.map((t) => {
      if (t.term === 'Credential')
        return {
          ...t,
          definition: t.definition.replace(
            'Awarded by an education provider.',
            'Awarded by an approved education provider, never by the Centre.',
          ),
        }
      if (t.term === 'Periodic review')
        return {
          ...t,
          definition: t.definition.replace(
            'Its interval is set by the Centre.',
            'The Centre sets its interval when it endorses the specification, normally three years.',
          ),
        }
      return t
    })
    terms.push({
      term: 'Delivery plan',
      definition:
        "An education provider's plan for delivering an endorsed specification: its programme, staffing, assessment and quality arrangements. The Centre approves it before delivery starts.",
    })
    const content = { terms }
    await editing.check('glossary', current.version, content, DEMO_GLOSSARY_SUMMARY)
    await editing.publish('glossary', current.version, content, DEMO_GLOSSARY_SUMMARY, admin)
  }
  const latest = await services.reference.history('glossary', 1)
  const version = latest.versions.find((v) => v.summary === DEMO_GLOSSARY_SUMMARY)?.version ?? 2
  return [
    {
      stage: `Glossary version ${version}, with what changed`,
      title: DEMO_GLOSSARY_SUMMARY,
      href: `/glossary/history/${version}`,
    },
  ]
}
