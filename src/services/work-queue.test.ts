import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts'
import type { CredentialStatus } from '../domain/catalogue.ts'
import type { ProposalState } from '../domain/proposal-lifecycle.ts'
import type { Conflict, Recommendation, VersionState } from '../domain/specification-lifecycle.ts'
import { createWorkQueueService } from './work-queue.ts'

let database: TestDatabase
const ids: Record<string, string> = {}

async function person(key: string) {
  const row = await database.db
    .insertInto('user_account')
    .values({ email: `${key}@example.org`, display_name: key, password_hash: null })
    .returning('id')
    .executeTakeFirstOrThrow()
  ids[key] = row.id
  return row.id
}

before(async () => {
  database = await createTestDatabase()
  const { db } = database
  for (const key of ['author', 'r1', 'r2', 'r3', 'other']) await person(key)
  const area = await db.selectFrom('clinical_area').select('id').executeTakeFirstOrThrow()
  const gateway = await db
    .selectFrom('criterion_set')
    .select('id')
    .where('kind', '=', 'gateway')
    .executeTakeFirstOrThrow()
  const proposal = (state: ProposalState, author = ids.author!) =>
    db
      .insertInto('proposal')
      .values({
        author_id: author,
        clinical_area_id: area.id,
        title: `P ${state}`,
        gateway_set_id: gateway.id,
        state,
      })
      .execute()
  await proposal('submitted')
  await proposal('submitted', ids.other)
  await proposal('with_group')
  await proposal('draft')
  await proposal('returned')
  await proposal('declined')

  const credential = (slug: string, status: CredentialStatus, nextReviewDue: string | null = null) =>
    db
      .insertInto('credential')
      .values({
        slug,
        title: slug,
        clinical_area_id: area.id,
        type: 'credential_specification',
        status,
        origin: 'centre',
        next_review_due: nextReviewDue,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  const version = async (slug: string, state: VersionState) => {
    const c = await credential(slug, 'under_review')
    return db
      .insertInto('specification_version')
      .values({ credential_id: c.id, number: 1, kind: 'specification', author_id: ids.author!, state })
      .returning('id')
      .executeTakeFirstOrThrow()
  }
  await version('drafting', 'draft')
  await version('submitted', 'submitted')
  const oneReviewer = await version('one-reviewer', 'under_review')
  const reviewed = await version('reviewed', 'under_review')
  const assign = (
    versionId: string,
    reviewer: string,
    conflict: Conflict,
    recommendation: Recommendation | null,
  ) =>
    db
      .insertInto('review_assignment')
      .values({
        version_id: versionId,
        reviewer_id: reviewer,
        conflict,
        recommendation,
        assigned_by: ids.other!,
      })
      .execute()
  await assign(oneReviewer.id, ids.r1!, 'none', null)
  await assign(oneReviewer.id, ids.r2!, 'declared', null)
  await assign(reviewed.id, ids.r1!, 'none', 'endorse')
  await assign(reviewed.id, ids.r2!, 'none', 'endorse')
  await assign(reviewed.id, ids.r3!, 'undeclared', null)

  await credential('due-soon', 'endorsed', '2027-01-10')
  await credential('overdue', 'recognised', '2026-01-10')
  await credential('later', 'endorsed', '2029-01-10')
  const open = await credential('being-reviewed', 'periodic_review', '2026-02-01')
  await db
    .insertInto('periodic_review')
    .values({ credential_id: open.id, due_date: '2026-02-01', opened_by: ids.other! })
    .execute()
})

after(async () => {
  await database?.close()
})

describe('the work queue on the home page', () => {
  it('counts what waits for each role, and nothing for roles a person does not hold', async () => {
    const queue = createWorkQueueService(database.db)
    // A Centre admin sees every stage of the process, each counted (the home groups them by stage).
    assert.deepEqual(await queue.countsFor(ids.other!, ['centre_admin'], '2026-11-25'), {
      proposalsToCheck: 2,
      proposalsWithGroup: 1,
      versionsNeedingReviewers: 2,
      versionsUnderReview: 0,
      decisionsDue: 1,
      deliveryApplications: 0,
      // Two here, and the eleven credentials of the 2022 catalogue, whose reviews fell due in 2025.
      periodicReviewsDue: 13,
      periodicReviewsOpen: 1,
      recognitionInReview: 0,
      recognitionDecisionsDue: 0,
      qualityReturnsToReview: 0,
    })
    assert.deepEqual(await queue.countsFor(ids.other!, ['credential_group_member'], '2026-11-25'), {
      proposalsWithGroup: 1,
      proposalsDeferred: 0,
    })
    assert.deepEqual(await queue.countsFor(ids.author!, ['specification_author'], '2026-11-25'), {
      myProposals: 2,
      myProposalsInProcess: 2,
      myDrafts: 1,
      mySpecificationsInReview: 3,
      myRecognitionOpen: 0,
      applicationsReturned: 0,
    })
    // r1 has recommended on one version and not yet on the other; r2's conflict removes theirs.
    assert.deepEqual(await queue.countsFor(ids.r1!, ['independent_reviewer'], '2026-11-25'), {
      reviewsAssignedToMe: 1,
    })
    assert.deepEqual(await queue.countsFor(ids.r2!, ['independent_reviewer'], '2026-11-25'), {
      reviewsAssignedToMe: 0,
    })
    assert.deepEqual(await queue.countsFor(ids.r3!, ['independent_reviewer'], '2026-11-25'), {
      reviewsAssignedToMe: 1,
    })
    assert.deepEqual(await queue.countsFor(ids.other!, ['practitioner'], '2026-11-25'), {})
    // Quality returns are counted in src/web/quality-returns/routes.test.ts.
    assert.deepEqual(await queue.countsFor(ids.other!, ['provider_staff'], '2026-11-25'), {
      qualityReturnsDue: 0,
      deliveriesAwaitingDecision: 0,
    })
  })
})
