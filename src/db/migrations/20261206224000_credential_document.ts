import { sql, type QueryExecutorProvider } from 'kysely'

// The credentials the Centre endorsed before this platform have no specification held here:
// the Centre published each as a document of its own. A Centre admin records where (the
// document's address and title), so the credential's page can send people to it. Both or
// neither: a link without a title, or a title without a link, says nothing useful.
export async function up(db: QueryExecutorProvider): Promise<void> {
  await sql`
    alter table credential
      add column document_url text,
      add column document_title text,
      add constraint credential_document_whole check ((document_url is null) = (document_title is null))`.execute(
    db,
  )
}

export async function down(db: QueryExecutorProvider): Promise<void> {
  await sql`
    alter table credential
      drop constraint credential_document_whole, drop column document_url, drop column document_title`.execute(
    db,
  )
}
