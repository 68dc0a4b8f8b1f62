// For list tests and the lists benchmark: many learners, each with an award, inserted in bulk
// straight into the tables (unsigned: the lists never read the signed credential). Learner n
// is "Given Fam" and its number padded to 6 digits written as letters (A for 0 … J for 9:
// learner 12 is "Given FamAAAABC", as familyNameOf says), learner00000n@example.org,
// registration number RN00000n; every 20th award is suspended with a reason, and the award
// dates run over the 300 days from 1 January 2026.
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../src/db/schema.ts'

/** The family name of learner n: FamAAAABC for 12. */
export function familyNameOf(n: number): string {
  return `Fam${String(n)
    .padStart(6, '0')
    .replace(/\d/g, (d) => 'ABCDEFGHIJ'.charAt(Number(d)))}`
}

export async function insertLearnersWithAwards(
  db: Kysely<Database>,
  deliveryId: string,
  count: number,
  options: { first?: number; awarded?: boolean } = {},
): Promise<void> {
  const first = options.first ?? 1
  const last = first + count - 1
  await sql`
    insert into learner (delivery_id, organisation_id, given_name, family_name, email, profession,
      regulator, registration_number, eligibility_basis, msc_institution, msc_year)
    select d.id, d.organisation_id, 'Given', 'Fam' || translate(lpad(g::text, 6, '0'), '0123456789', 'ABCDEFGHIJ'),
      'learner' || lpad(g::text, 6, '0') || '@example.org', 'Nurse', 'NMC', 'RN' || lpad(g::text, 6, '0'),
      'holds_msc', 'University of Leeds', 2019
    from delivery d, generate_series(${first}::int, ${last}::int) g
    where d.id = ${deliveryId}`.execute(db)
  if (options.awarded === false) return
  await sql`
    insert into award (learner_id, delivery_id, organisation_id, credential_id, specification_version_id,
      awarded_on, status, status_reason, status_reason_category)
    select l.id, d.id, d.organisation_id, d.credential_id, d.specification_version_id,
      date '2026-01-01' + (n % 300)::int,
      case when n % 20 = 0 then 'suspended' else 'active' end,
      case when n % 20 = 0 then 'Under investigation' end,
      case when n % 20 = 0 then 'under_investigation' end
    from (select l.id, substring(l.registration_number from 3)::int as n
          from learner l where l.delivery_id = ${deliveryId}
          and substring(l.registration_number from 3)::int between ${first}::int and ${last}::int) l,
      delivery d
    where d.id = ${deliveryId}`.execute(db)
}

/**
 * `count` proposals of one author waiting in a state, with a step of their timeline each, for
 * the pipeline's tests and benchmark: proposal n reached the state n minutes after `from`, so
 * the first inserted has waited longest. Titles are "<title> n".
 */
export async function insertWaitingProposals(
  db: Kysely<Database>,
  options: { authorId: string; state: 'submitted' | 'with_group'; count: number; from: Date; title: string },
): Promise<void> {
  const { authorId, state, count, from, title } = options
  await sql`
    insert into proposal (author_id, title, target_professions, gateway_set_id, gateway_answers, state,
      decision_participants, submitted_at, updated_at)
    select ${authorId}, ${title} || ' ' || g, '[]'::jsonb,
      (select id from criterion_set where kind = 'gateway' order by version desc limit 1), '{}'::jsonb, ${state},
      '[]'::jsonb, ${from}::timestamptz + g * interval '1 minute', ${from}::timestamptz + g * interval '1 minute'
    from generate_series(1, ${count}::int) g`.execute(db)
  await sql`
    insert into credential_event (proposal_id, action, summary, actor_id, actor_label, occurred_at)
    select p.id, 'proposal.submitted', 'Submitted for checking', p.author_id, 'Author', p.submitted_at
    from proposal p
    where p.author_id = ${authorId} and p.state = ${state} and p.title like ${title + ' %'}`.execute(db)
}
