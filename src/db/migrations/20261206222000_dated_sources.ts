import { sql, type QueryExecutorProvider } from 'kysely'

// The seeded timeline entries come from two snapshots of the Centre's public credentials page.
// Their dates were free text ("about 2020") and their titles research notes, so the API gave
// those entries the day the database was seeded as recordedAt. A snapshot now carries its date
// as data, only to the precision its source gives (a year, or a season of a year) and whether
// it is approximate, and its title is the name of the document it is.
const SEASONS = ['spring', 'summer', 'autumn', 'winter']
const inList = (values: string[]) => sql.join(values.map((v) => sql.lit(v)))

export async function up(db: QueryExecutorProvider): Promise<void> {
  await sql`
    alter table catalogue_snapshot
      add column dated_year integer,
      add column dated_season text check (dated_season in (${inList(SEASONS)})),
      add column dated_approximate boolean not null default false`.execute(db)
  // The two snapshots the first seed wrote, each matched by its code and its old wording so
  // that nothing else is touched. 000 gives no date: its expected dates (Spring 2020 to
  // Winter 2021) place it about 2020. 001 says the list will grow "over the spring/summer of
  // 2022".
  await sql`
    update catalogue_snapshot
    set dated_year = 2020, dated_approximate = true,
        title = 'Health Education England web page "Credentials"'
    where code = '000' and observed = 'about 2020'`.execute(db)
  await sql`
    update catalogue_snapshot
    set dated_year = 2022, dated_approximate = false,
        title = 'Centre for Advancing Practice web page "Credentials"'
    where code = '001' and observed = '2022'`.execute(db)
}

export async function down(db: QueryExecutorProvider): Promise<void> {
  await sql`
    update catalogue_snapshot
    set title = 'Credentials page: credentials in development or yet to be commissioned, and curricula and frameworks available'
    where code = '000' and title = 'Health Education England web page "Credentials"'`.execute(db)
  await sql`
    update catalogue_snapshot
    set title = 'Credentials page: the first Centre-endorsed credential specifications'
    where code = '001' and title = 'Centre for Advancing Practice web page "Credentials"'`.execute(db)
  await sql`
    alter table catalogue_snapshot
      drop column dated_year, drop column dated_season, drop column dated_approximate`.execute(db)
}
