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
