// Demo Credential Group meetings, made through the same use cases the Centre and the group
// use: a meeting held a fortnight ago, with attendance, an interest declared, votes with
// reasons, two items closed and its minutes; and an upcoming meeting whose agenda is the
// proposal still waiting for the group. Also decideAtMeeting, how the other demo records
// (and tests) have the group decide a proposal: a meeting of its own, every member voting.
import type { Kysely } from 'kysely'
import type { Database } from '../schema.ts'
import type { Due } from '../../domain/catalogue.ts'
import type { GroupOutcome } from '../../domain/proposal-lifecycle.ts'
import { present } from '../../domain/present.ts'
import * as proposalsRepo from '../../repositories/proposals.ts'
import type { Services } from '../../services/index.ts'
import type { ProcessActor } from '../../services/process.ts'
import { DEMO_TITLES, demoActor, type DemoProcessRecord } from './demo-process.ts'
import { judgeDemoGateway, sendingJudgements } from './demo-gateway.ts'

export const DEMO_MEETING_TITLES = {
  agreed: 'Advanced practice in neonatal care (demo)',
  declined: 'Cosmetic dermatology procedures (demo)',
} as const

const DAY = 86_400_000
const dayFrom = (today: string, days: number) =>
  new Date(Date.parse(`${today}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10)

/**
 * Has the Credential Group decide a proposal with it: a meeting today with the proposal as its
 * one item, every member given present and voting `outcome`, the chair closing the item (the
 * decision is recorded through the proposal's own decision), then the meeting, with minutes.
 */
export async function decideAtMeeting(
  services: Services,
  proposalId: string,
  outcome: GroupOutcome,
  options: { chair: ProcessActor; members: readonly ProcessActor[]; reason: string; expected?: Due | null },
): Promise<string> {
  const gm = services.groupMeetings
  const { chair, members } = options
  const id = await gm.create(
    { meetsOn: services.clock.today(), startsAt: '10:00', proposalIds: [proposalId] },
    chair,
  )
  const meeting = async () => present(await gm.get(id, chair), `meeting ${id}`)
  let rowVersion = await gm.recordAttendance(
    id,
    (await meeting()).rowVersion,
    members.map((m) => m.userId),
    chair,
  )
  const itemId = present((await meeting()).items[0], 'the item').id
  for (const m of members) await gm.vote(id, itemId, outcome, options.reason, m)
  const item = present((await meeting()).items[0], 'the item')
  await gm.closeItem(
    id,
    itemId,
    item.rowVersion,
    { reason: options.reason, expected: options.expected ?? null },
    chair,
  )
  rowVersion = await gm.saveMinutes(id, rowVersion, `The group voted: ${options.reason}`, chair)
  await gm.close(id, rowVersion, chair)
  return id
}

/** Creates the demo meetings unless they exist; returns them, for the command to print. */
export async function seedDemoMeetings(
  db: Kysely<Database>,
  services: Services,
): Promise<DemoProcessRecord[]> {
  const existing = await proposalsRepo.findProposalByTitle(db, DEMO_MEETING_TITLES.agreed)
  if (existing) return describe(services, await demoActor(db, services, 'centre-admin'))

  const admin = await demoActor(db, services, 'centre-admin')
  const author = await demoActor(db, services, 'author')
  const members = await Promise.all(
    ['credential-group', 'credential-group-2', 'credential-group-3'].map((k) => demoActor(db, services, k)),
  )
  const [first, second, third] = members
  if (!first || !second || !third) throw new Error('The demo group members are missing')
  const options = await services.proposals.formOptions()
  const areaId = (name: string) =>
    options.areas.find((a) => a.name.toLowerCase().includes(name))?.id ??
    present(options.areas[0], 'a clinical area').id
  const propose = async (title: string, area: string) => {
    const id = await services.proposals.create(
      {
        clinicalAreaId: areaId(area),
        title,
        need: `Services report unwarranted variation in ${title.replace(' (demo)', '').toLowerCase()}.`,
        targetProfessions: ['Nurse'],
        evidence: 'Regional workforce reviews (demo evidence).',
        gatewayAnswers: Object.fromEntries(
          options.gateway.criteria.map((c) => [c.code, `How the proposal meets ${c.code} (demo).`]),
        ),
      },
      author,
    )
    const submitted = await services.proposals.submit(id, 1, author)
    const judged = await judgeDemoGateway(
      services,
      id,
      submitted,
      admin,
      sendingJudgements(title.replace(' (demo)', '').toLowerCase()),
    )
    await services.proposals.check(id, judged, 'send', '', admin)
    return id
  }
  const agreedId = await propose(DEMO_MEETING_TITLES.agreed, 'child')
  const declinedId = await propose(DEMO_MEETING_TITLES.declined, 'medicine')

  // The meeting held a fortnight ago.
  const gm = services.groupMeetings
  const today = services.clock.today()
  const held = await gm.create(
    { meetsOn: dayFrom(today, -14), startsAt: '14:00', proposalIds: [agreedId, declinedId] },
    admin,
  )
  const view = async () => present(await gm.get(held, admin), 'the held meeting')
  let rowVersion = await gm.recordAttendance(
    held,
    (await view()).rowVersion,
    members.map((m) => m.userId),
    admin,
  )
  const [agreedItem, declinedItem] = (await view()).items
  if (!agreedItem || !declinedItem) throw new Error('The held meeting has two items')
  for (const m of members)
    await gm.vote(held, agreedItem.id, 'agree', 'A clear national need, and providers ready to deliver.', m)
  await gm.vote(held, declinedItem.id, 'decline', 'Outside the scope of advanced clinical practice.', first)
  await gm.vote(held, declinedItem.id, 'decline', 'Better met by existing regulation.', second)
  await gm.vote(held, declinedItem.id, 'defer', 'I would like to hear from the regulators first.', third)
  const items = (await view()).items
  for (const [item, reason, expected] of [
    [items[0], 'Agreed by all three members: a clear national need.', { season: 'spring', year: 2028 }],
    [items[1], 'Declined by two votes to one: outside the scope of advanced practice.', null],
  ] as const) {
    const it = present(item, 'an item')
    await gm.closeItem(held, it.id, it.rowVersion, { reason, expected }, admin)
  }
  rowVersion = await gm.saveMinutes(
    held,
    rowVersion,
    [
      'Present: the three members of the group; the Centre admin chaired.',
      `Item 1, ${DEMO_MEETING_TITLES.agreed}: agreed unanimously for development, expected Spring 2028.`,
      `Item 2, ${DEMO_MEETING_TITLES.declined}: declined by two votes to one.`,
    ].join('\n'),
    admin,
  )
  await gm.close(held, rowVersion, admin)

  // The next meeting, with the proposal still waiting for the group on its agenda.
  const waiting = await proposalsRepo.findProposalByTitle(db, DEMO_TITLES.awaitingGroup)
  const agenda = waiting && waiting.state === 'with_group' ? [waiting.id] : []
  if (agenda.length)
    await gm.create({ meetsOn: dayFrom(today, 21), startsAt: '10:30', proposalIds: agenda }, admin)
  return describe(services, admin)
}

async function describe(services: Services, admin: ProcessActor): Promise<DemoProcessRecord[]> {
  const { meetings } = await services.groupMeetings.list(admin, 1, 25)
  return meetings
    .filter((m) => m.kind === 'meeting' && m.itemCount > 1)
    .concat(meetings.filter((m) => m.state === 'open'))
    .map((m) => ({
      stage: m.state === 'open' ? 'Upcoming Credential Group meeting' : 'Held Credential Group meeting',
      title: `Meeting ${m.number}`,
      href: `/group-meetings/${m.id}`,
    }))
}
