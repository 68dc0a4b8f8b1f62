// seed:demo's ePortfolio route: a practitioner at every stage, each taken there through the use
// cases (src/services/eportfolio.ts), as its people would: the demo practitioner is building
// theirs with a supervisor, a comment and a testimonial still to be confirmed; practitioners of
// their own (demo accounts, password "demo-<key>-password" like the other @demo.invalid ones) are registered, signed off,
// submitted, being assessed, in moderation, recognised, asked to resubmit, not recognised and
// withdrawn. The demo reviewers are the assessors. Run after the demo accounts exist.
import type { Kysely } from 'kysely'
import type { Database } from '../schema.ts'
import { EPORTFOLIO_STATE_LABELS, type EportfolioState } from '../../domain/eportfolio.ts'
import { listCapabilities } from '../../repositories/reference.ts'
import { insertGrant } from '../../repositories/role-grants.ts'
import { findUserByEmail, insertUser } from '../../repositories/user-accounts.ts'
import { hashPassword } from '../../services/authentication.ts'
import type { Services } from '../../services/index.ts'
import type { ProcessActor } from '../../services/process.ts'
import { demoActor, type DemoProcessRecord } from './demo-process.ts'

/** The practitioners of the examples, by the stage each is left at. */
export const DEMO_EPORTFOLIO_PEOPLE: Array<{ key: string; name: string; stage: EportfolioState }> = [
  { key: 'eportfolio-registered', name: 'Rhian Registered (demo)', stage: 'registered' },
  { key: 'eportfolio-signed-off', name: 'Sunil Signedoff (demo)', stage: 'signed_off' },
  { key: 'eportfolio-submitted', name: 'Sadia Submitted (demo)', stage: 'submitted' },
  { key: 'eportfolio-assessing', name: 'Aled Assessing (demo)', stage: 'assessing' },
  { key: 'eportfolio-moderation', name: 'Maya Moderation (demo)', stage: 'moderation' },
  { key: 'eportfolio-recognised', name: 'Rosa Recognised (demo)', stage: 'recognised' },
  { key: 'eportfolio-resubmit', name: 'Ravi Resubmit (demo)', stage: 'resubmit' },
  { key: 'eportfolio-not-recognised', name: 'Nia Notrecognised (demo)', stage: 'not_recognised' },
  { key: 'eportfolio-withdrawn', name: 'Will Withdrawn (demo)', stage: 'withdrawn' },
]
export const DEMO_SUPERVISOR = { key: 'eportfolio-supervisor', name: 'Dr Sam Supervisor (demo)' }

async function person(
  db: Kysely<Database>,
  services: Services,
  key: string,
  name: string,
): Promise<ProcessActor> {
  const email = `${key}@demo.invalid`
  if (!(await findUserByEmail(db, email))) {
    await db.transaction().execute(async (trx) => {
      const user = await insertUser(trx, {
        email,
        display_name: name,
        password_hash: await hashPassword(`demo-${key}-password`),
        email_verified_at: services.clock.now(),
        is_demo: true,
      })
      await insertGrant(trx, {
        user_id: user.id,
        role: 'practitioner',
        organisation_id: null,
        granted_by: null,
      })
    })
  }
  return demoActor(db, services, key)
}

/** The token of the newest link to `path` e-mailed to `email`. */
async function tokenSentTo(services: Services, email: string, path: string): Promise<string> {
  const mail = await services.mail.latestTo(email)
  const found = new RegExp(`${path.replace(/\//g, '\\/')}\\?token=([\\w-]+)`).exec(mail?.text ?? '')
  if (!found?.[1]) throw new Error(`No ${path} link e-mailed to ${email}`)
  return found[1]
}

export async function seedDemoEportfolio(
  db: Kysely<Database>,
  services: Services,
): Promise<DemoProcessRecord[]> {
  const e = services.eportfolio
  const admin = await demoActor(db, services, 'centre-admin')
  const reviewers = [await demoActor(db, services, 'reviewer'), await demoActor(db, services, 'reviewer-2')]
  const supervisor = await person(db, services, DEMO_SUPERVISOR.key, DEMO_SUPERVISOR.name)
  const codes = (await listCapabilities(db)).map((c) => c.code)
  const today = services.clock.today()
  const inMonths = (months: number) => {
    const d = new Date(`${today}T00:00:00Z`)
    d.setUTCMonth(d.getUTCMonth() + months)
    return d.toISOString().slice(0, 10)
  }
  const rowVersion = async (p: ProcessActor) => (await e.mine(p))?.rowVersion ?? -1

  async function withSupervisor(p: ProcessActor) {
    await e.inviteSupervisor(p, await rowVersion(p), { name: supervisor.name, email: supervisor.label })
    await e.acceptSupervision(
      await tokenSentTo(services, supervisor.label, '/eportfolio/supervision/accept'),
      supervisor,
    )
  }
  async function evidence(p: ProcessActor, covering: readonly string[], title: string) {
    await e.addEvidence(p, await rowVersion(p), {
      kind: 'reflection',
      title,
      body: 'What I did, what I learnt and what I would do differently, with the records that show it.',
      colleagueName: '',
      colleagueEmail: '',
      cpdActivityId: '',
      awardId: '',
      mappings: covering.map((code) => ({
        code,
        note: `The case reviews and audit in this reflection show ${code}.`,
      })),
    })
  }
  async function assess(id: string, marks: Array<(code: string) => 'demonstrated' | 'not_yet'>) {
    for (const [i, reviewer] of reviewers.entries()) {
      const p = await e.view(id, admin)
      await e.assignAssessor(id, admin, p.rowVersion, reviewer.userId)
      const mark = marks[i]
      if (!mark) continue
      await e.declareInterests(id, reviewer, false, '')
      await e.judge(
        id,
        reviewer,
        codes.map((code) => ({
          code,
          judgement: mark(code),
          comment: mark(code) === 'not_yet' ? 'Not enough evidence of this yet.' : '',
        })),
        true,
      )
    }
  }

  const records: DemoProcessRecord[] = []
  // The demo practitioner: building, with a supervisor, a comment and a testimonial to confirm.
  const demo = await demoActor(db, services, 'practitioner')
  if (!(await e.mine(demo))) {
    await e.register(demo)
    await withSupervisor(demo)
    await evidence(demo, codes.slice(0, 6), 'Running the same-day emergency care clinic')
    await e.addEvidence(demo, await rowVersion(demo), {
      kind: 'testimonial',
      title: 'From the clinical director',
      body: 'Works within their scope and escalates early; a role model for the team.',
      colleagueName: 'Dr Clare Director (demo)',
      colleagueEmail: 'clinical-director@demo.invalid',
      cpdActivityId: '',
      awardId: '',
      mappings: [{ code: codes[0] ?? '1.1', note: 'Seen by the clinical director over two years' }],
    })
    const mine = await e.mine(demo)
    if (mine) await e.comment(mine.id, supervisor, 'Good start. Add your audit of the clinic for pillar 4.')
  }
  records.push({
    stage: 'ePortfolio being built (sign in as practitioner)',
    title: demo.name,
    href: '/my/eportfolio',
  })

  for (const { key, name, stage } of DEMO_EPORTFOLIO_PEOPLE) {
    const p = await person(db, services, key, name)
    let mine = await e.mine(p)
    if (!mine) {
      await e.register(p)
      if (stage === 'registered') {
        await e.inviteSupervisor(p, await rowVersion(p), {
          name: 'Dr Pat Pending (demo)',
          email: 'pat-pending@demo.invalid',
        })
        // Their supervisor is slow to accept: they have asked the Centre for more time.
        const due = (await e.mine(p))?.dueOn ?? today
        const until = new Date(Date.parse(`${due}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10)
        await e.requestExtension(p, await rowVersion(p), {
          until,
          reason: 'My chosen supervisor is on leave until next month.',
        })
      } else {
        await withSupervisor(p)
        await evidence(p, codes, 'Five years of advanced practice in acute medicine')
        const id = (await e.mine(p))?.id ?? ''
        await e.signOff(id, supervisor, (await e.view(id, supervisor)).rowVersion)
        if (stage !== 'signed_off') {
          await e.submit(p, await rowVersion(p))
          if (stage === 'withdrawn') await e.withdraw(id, p, await rowVersion(p), 'Moving to a post abroad')
          else if (stage !== 'submitted') {
            const allDemonstrated = () => 'demonstrated' as const
            const lastNotYet = (code: string) => (code === codes.at(-1) ? 'not_yet' : 'demonstrated')
            const halfNotYet = (code: string) => (codes.indexOf(code) % 2 ? 'not_yet' : 'demonstrated')
            if (stage === 'assessing') await assess(id, [allDemonstrated])
            else if (stage === 'moderation' || stage === 'recognised')
              await assess(id, [allDemonstrated, lastNotYet])
            else if (stage === 'resubmit') await assess(id, [lastNotYet, lastNotYet])
            else await assess(id, [halfNotYet, halfNotYet])
            const last = codes.at(-1) ?? ''
            if (stage === 'recognised') {
              await e.moderate(id, admin, (await e.view(id, admin)).rowVersion, [
                { code: last, judgement: 'demonstrated', comment: 'The linked audit shows it.' },
              ])
              await e.decide(id, admin, (await e.view(id, admin)).rowVersion, {
                outcome: 'recognised',
                resubmitBy: null,
                feedback: {},
              })
            } else if (stage === 'resubmit') {
              await e.decide(id, admin, (await e.view(id, admin)).rowVersion, {
                outcome: 'resubmit',
                resubmitBy: inMonths(3),
                feedback: {
                  [last]:
                    'Add a piece of work linking practice and academia, such as a teaching session you led.',
                },
              })
            } else if (stage === 'not_recognised') {
              const view = await e.view(id, admin)
              await e.decide(id, admin, view.rowVersion, {
                outcome: 'not_recognised',
                resubmitBy: null,
                feedback: {},
              })
            }
          }
        }
      }
      mine = await e.mine(p)
    }
    records.push({
      stage: `ePortfolio ${EPORTFOLIO_STATE_LABELS[stage].text.toLowerCase()}`,
      title: name,
      href: `/admin/eportfolios/${mine?.id ?? ''}`,
    })
  }
  return records
}
