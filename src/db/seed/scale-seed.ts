// A synthetic population for load tests (`npm run seed:scale -- --practitioners N`):
// practitioner accounts with profiles, directory entries and, for about 30% of them, an award
// of an approved delivery shown in the directory. Everything is made by the database with
// INSERT ... SELECT over generate_series, 50,000 people to a round, so a million people take
// minutes on PostgreSQL. Every random choice is a hash of the person's number and the seed
// (hashint8extended), and every id an md5 of them, so the same seed and N give the same rows.
//
// The accounts are clearly synthetic: is_demo (so that `serve` refuses to start with them in
// production), no password, e-mails @scale.invalid. The awards have learner records but no
// signed credentials or status list entries: the directory does not read those.
import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { Database } from '../schema.ts'
import { EMPLOYERS, FAMILY_NAMES, GIVEN_NAMES } from './names.ts'
import { canAward, DELIVERY_STATES, REGIONS, type Region } from '../../domain/providers.ts'
import { searchForm } from '../../domain/practitioners.ts'
import { present } from '../../domain/present.ts'

export const SCALE_EMAIL_DOMAIN = 'scale.invalid'
const ROUND = 50_000

export const SCALE_SHARES = {
  listed: 0.7,
  awarded: 0.3,
  /** Of those with an award, how many show it in their directory entry. */
  awardShown: 0.9,
  doubleBarrelled: 0.03,
} as const

/**
 * Who practises at an advanced level, by profession, in rough proportion (nurses are most of
 * them); the HCPC's professions each with the letter prefix of its registration numbers.
 */
const ROLES: ReadonlyArray<{ profession: string; regulator: string; prefix: string; weight: number }> = [
  { profession: 'Nurse', regulator: 'NMC', prefix: '', weight: 58 },
  { profession: 'Midwife', regulator: 'NMC', prefix: '', weight: 3 },
  { profession: 'Allied health professional', regulator: 'HCPC', prefix: 'PA', weight: 12 },
  { profession: 'Allied health professional', regulator: 'HCPC', prefix: 'PH', weight: 7 },
  { profession: 'Allied health professional', regulator: 'HCPC', prefix: 'OT', weight: 2 },
  { profession: 'Allied health professional', regulator: 'HCPC', prefix: 'RA', weight: 2 },
  { profession: 'Allied health professional', regulator: 'HCPC', prefix: 'DT', weight: 1 },
  { profession: 'Allied health professional', regulator: 'HCPC', prefix: 'SL', weight: 1 },
  { profession: 'Allied health professional', regulator: 'HCPC', prefix: 'CH', weight: 1 },
  { profession: 'Pharmacist', regulator: 'GPhC', prefix: '', weight: 10 },
  { profession: 'Clinical scientist', regulator: 'HCPC', prefix: 'CS', weight: 1 },
  { profession: 'Optometrist', regulator: 'GOC', prefix: '', weight: 1 },
  { profession: 'Practitioner psychologist', regulator: 'HCPC', prefix: 'PYL', weight: 1 },
]

const REGION_WEIGHTS: Record<Region, number> = {
  east_of_england: 11,
  london: 18,
  midlands: 19,
  north_east_and_yorkshire: 15,
  north_west: 13,
  south_east: 15,
  south_west: 9,
}

export interface ScaleSeedOptions {
  practitioners: number
  seed: number
  /** Called after each round with the number of people made so far. */
  progress?: (done: number) => void
}

export interface ScaleSeedResult {
  practitioners: number
  listed: number
  awards: number
  shownAwards: number
  deliveryId: string
}

/**
 * An approved delivery to make the awards in, or undefined when there is none: the demo
 * provider's, which is inside its accredited programme, rather than one of the delivery
 * history's (src/db/seed/demo-delivery-history.ts), which started earlier outside any.
 */
export async function findAwardingDelivery(db: Kysely<Database>) {
  return db
    .selectFrom('delivery')
    .select(['id', 'organisation_id', 'credential_id', 'specification_version_id', 'start_date'])
    .where('state', 'in', DELIVERY_STATES.filter(canAward))
    .orderBy(sql`programme_id is null`)
    .orderBy('applied_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst()
}

export async function countScaleAccounts(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('user_account')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('email', 'like', `%@${SCALE_EMAIL_DOMAIN}`)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Repeats each value by its weight, so that a uniform pick from the result is a weighted pick. */
function weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T[] {
  return entries.flatMap(([value, weight]) => Array.from({ length: weight }, () => value))
}

const joined = (values: readonly string[]) => sql`string_to_array(${values.join('|')}, '|')`

export async function seedScale(db: Kysely<Database>, options: ScaleSeedOptions): Promise<ScaleSeedResult> {
  const { practitioners: count, seed } = options
  if (!Number.isInteger(count) || count < 1) throw new Error('practitioners must be a whole number above 0')
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31) throw new Error('seed must be 0 to 2^31')
  const delivery = await findAwardingDelivery(db)
  if (!delivery) throw new Error('There is no approved delivery to make awards in: run seed:demo first')
  if ((await countScaleAccounts(db)) > 0)
    throw new Error(
      `The database already holds synthetic accounts (@${SCALE_EMAIL_DOMAIN}); seed:scale fills it once.`,
    )

  const professions = (await db.selectFrom('profession').select('name').orderBy('sort_order').execute()).map(
    (p) => p.name,
  )
  // The framework's professions, as the profession table holds them; any this file does not
  // know are registered with "Other".
  const roles = [
    ...ROLES.filter((r) => professions.includes(r.profession)),
    ...professions
      .filter((p) => !ROLES.some((r) => r.profession === p))
      .map((profession) => ({ profession, regulator: 'Other', prefix: '', weight: 1 })),
  ]
  const rolePicks = weighted(roles.map((r, i) => [i + 1, r.weight] as const))
  const regionPicks = weighted(REGIONS.map((r) => [r, REGION_WEIGHTS[r]] as const))

  // u(k): the k-th uniform number in [0, 1) of person g.i.
  const u = (k: number): RawBuilder<number> =>
    sql<number>`((hashint8extended(g.i, ${sql.lit(seed * 100 + k)}) & 9223372036854775807)::float8 / 9223372036854775808.0)`
  const id = (kind: string) => sql`md5(${sql.lit(`scale:${seed}:${kind}:`)} || x.i)::uuid`
  // A bijection of the person's number, so registration numbers never repeat.
  const scrambled = (modulus: number) => sql`((x.i + ${sql.lit(seed)}) * 1000003 % ${sql.lit(modulus)})`
  const pick = (n: number, uniform: RawBuilder<number>, skew = 1) =>
    sql<number>`(1 + floor(${sql.lit(n)} * power(${uniform}, ${sql.lit(skew)})))::int`
  const nmc = scrambled(26_000_000)
  const country = sql`substr('EEEEEEEEEEEEEEEEESSWN', 1 + floor(x.u_country * 21)::int, 1)`

  return db.transaction().execute(async (trx) => {
    await sql`create temporary table scale_person (
      i bigint primary key, id uuid, given text, family text, search_name text,
      profession text, regulator text, registration_number text, region text, employer text,
      listed boolean, show_profession boolean, show_region boolean, show_employer boolean,
      awarded boolean, award_shown boolean, award_status text, awarded_on date, created_at timestamptz
    ) on commit drop`.execute(trx)
    for (let start = 1; start <= count; start += ROUND) {
      const end = Math.min(count, start + ROUND - 1)
      await sql`with l as (
          select ${joined(GIVEN_NAMES)} as gn, ${joined(GIVEN_NAMES.map(searchForm))} as gs,
            ${joined(FAMILY_NAMES)} as fn, ${joined(FAMILY_NAMES.map(searchForm))} as fs,
            ${joined(roles.map((r) => r.profession))} as rp, ${joined(roles.map((r) => r.regulator))} as rr,
            ${joined(roles.map((r) => r.prefix || '-'))} as rx, ${joined(rolePicks.map(String))} as rw,
            ${joined(regionPicks)} as rg, ${joined(EMPLOYERS)} as em
        )
        insert into scale_person
        select x.i, ${id('user')},
          l.gn[x.gi],
          case when x.dbl then l.fn[x.fi] || '-' || l.fn[x.fi2] else l.fn[x.fi] end,
          l.gs[x.gi] || ' ' || l.fs[x.fi] || case when x.dbl then ' ' || l.fs[x.fi2] else '' end,
          l.rp[r.ri], l.rr[r.ri],
          case l.rr[r.ri]
            when 'NMC' then lpad((${nmc} % 100)::text, 2, '0') || chr(65 + (${nmc} / 100 % 26)::int)
              || lpad((${nmc} / 2600 % 10000)::text, 4, '0') || ${country}
            when 'HCPC' then l.rx[r.ri] || (100000 + ${scrambled(900_000)})::text
            when 'GOC' then '01-' || lpad(${scrambled(100_000)}::text, 5, '0')
            when 'GPhC' then (2000000 + ${scrambled(1_000_000)})::text
            when 'GMC' then (1000000 + ${scrambled(9_000_000)})::text
            else 'REG' || x.i
          end,
          l.rg[x.rgi], l.em[x.emi],
          x.u_listed < ${SCALE_SHARES.listed}, x.u_sp < 0.8, x.u_sr < 0.6, x.u_se < 0.4,
          x.u_aw < ${SCALE_SHARES.awarded}, x.u_as < ${SCALE_SHARES.awardShown},
          case when x.u_st < 0.02 then 'suspended' when x.u_st < 0.03 then 'revoked' else 'active' end,
          ${delivery.start_date}::date + floor(x.u_on * greatest(1, current_date - ${delivery.start_date}::date))::int,
          now() - x.u_created * interval '1095 days'
        from (
          select g.i,
            ${pick(GIVEN_NAMES.length, u(1), 1.25)} as gi,
            ${pick(FAMILY_NAMES.length, u(2), 1.3)} as fi,
            ${u(3)} < ${SCALE_SHARES.doubleBarrelled} as dbl,
            ${pick(FAMILY_NAMES.length, u(4))} as fi2,
            ${pick(rolePicks.length, u(5))} as rpi,
            ${pick(regionPicks.length, u(6))} as rgi,
            ${pick(EMPLOYERS.length, u(7))} as emi,
            ${u(8)} as u_listed, ${u(9)} as u_sp, ${u(10)} as u_sr, ${u(11)} as u_se,
            ${u(12)} as u_aw, ${u(13)} as u_as, ${u(14)} as u_st, ${u(15)} as u_on,
            ${u(16)} as u_created, ${u(17)} as u_country
          from generate_series(${sql.lit(start)}::bigint, ${sql.lit(end)}::bigint) g(i)
        ) x
        cross join l
        cross join lateral (select l.rw[x.rpi]::int as ri) r`.execute(trx)

      await sql`insert into user_account
          (id, email, display_name, password_hash, email_verified_at, status, is_demo, created_at, updated_at)
        select id, 'practitioner-' || lpad(i::text, 7, '0') || ${`@${SCALE_EMAIL_DOMAIN}`},
          given || ' ' || family, null, created_at, 'active', true, created_at, created_at
        from scale_person order by i`.execute(trx)
      await sql`insert into role_grant (id, user_id, role, organisation_id, granted_by, granted_at)
        select md5(${`scale:${seed}:grant:`} || i)::uuid, id, 'practitioner', null, null, created_at
        from scale_person order by i`.execute(trx)
      await sql`insert into practitioner_profile
          (user_id, given_name, family_name, profession, regulator, registration_number, region, employer, updated_at)
        select id, given, family, profession, regulator, registration_number, region, employer, created_at
        from scale_person order by i`.execute(trx)
      await sql`insert into directory_entry
          (user_id, listed, show_profession, show_region, show_employer, search_name, updated_at)
        select id, listed, show_profession, show_region, show_employer, search_name, created_at
        from scale_person order by i`.execute(trx)
      // The name index, as saving a directory entry keeps it (src/repositories/directory-entries.ts).
      await sql`insert into directory_name_token (token, search_name, user_id)
        select distinct w.token, search_name, id
        from scale_person, unnest(string_to_array(search_name, ' ')) as w(token)
        where listed and w.token <> ''`.execute(trx)
      await sql`insert into directory_name_word (word)
        select distinct w.token from scale_person, unnest(string_to_array(search_name, ' ')) as w(token)
        where listed and w.token <> ''
        on conflict (word) do nothing`.execute(trx)
      await sql`insert into learner (id, delivery_id, organisation_id, given_name, family_name, email,
          profession, regulator, registration_number, created_at)
        select md5(${`scale:${seed}:learner:`} || i)::uuid, ${delivery.id}, ${delivery.organisation_id},
          given, family, 'practitioner-' || lpad(i::text, 7, '0') || ${`@${SCALE_EMAIL_DOMAIN}`},
          profession, regulator, registration_number, created_at
        from scale_person where awarded order by i`.execute(trx)
      await sql`insert into award (id, learner_id, delivery_id, organisation_id, credential_id,
          specification_version_id, awarded_on, status, status_reason, status_changed_at, practitioner_id, created_at)
        select md5(${`scale:${seed}:award:`} || i)::uuid, md5(${`scale:${seed}:learner:`} || i)::uuid,
          ${delivery.id}, ${delivery.organisation_id}, ${delivery.credential_id},
          ${delivery.specification_version_id}, awarded_on, award_status,
          case when award_status <> 'active' then 'Synthetic population (seed:scale)' end,
          case when award_status <> 'active' then awarded_on + 30 end, id, awarded_on
        from scale_person where awarded order by i`.execute(trx)
      await sql`insert into directory_credential (user_id, award_id)
        select id, md5(${`scale:${seed}:award:`} || i)::uuid
        from scale_person where awarded and award_shown order by i`.execute(trx)
      await sql`truncate scale_person`.execute(trx)
      options.progress?.(end)
    }
    const totals = await sql<{ listed: number; awards: number; shown: number }>`select
        (select count(*)::int from directory_entry e join user_account a on a.id = e.user_id
          where e.listed and a.email like ${`%@${SCALE_EMAIL_DOMAIN}`}) as listed,
        (select count(*)::int from award a join user_account u on u.id = a.practitioner_id
          where u.email like ${`%@${SCALE_EMAIL_DOMAIN}`}) as awards,
        (select count(*)::int from directory_credential d join user_account u on u.id = d.user_id
          where u.email like ${`%@${SCALE_EMAIL_DOMAIN}`}) as shown`.execute(trx)
    const row = present(totals.rows[0], 'the row of counts')
    return {
      practitioners: count,
      listed: Number(row.listed),
      awards: Number(row.awards),
      shownAwards: Number(row.shown),
      deliveryId: delivery.id,
    }
  })
}

/**
 * What autovacuum would do in the minutes after a bulk load, done at once (outside seedScale's
 * transaction): planner statistics, and the visibility map without which PostgreSQL reads the
 * table for every row an index gives (a name search at 1,000,000 took 100 ms instead of 3).
 */
export async function analyseScaleTables(db: Kysely<Database>): Promise<void> {
  await sql`vacuum analyze user_account, role_grant, practitioner_profile, directory_entry, learner, award,
    directory_credential, directory_name_token, directory_name_word`.execute(db)
}
