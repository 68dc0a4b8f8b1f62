// Themes of a consultation: what the Centre heard ("you said") and did ("we did"), the answers
// and comments tagged with each, and the learning outcomes of a later specification version
// that changed because of it.
import { sql } from 'kysely'
import type { Db } from '../db/database.ts'

/** The themes with how many confirmed, visible answers and comments carry each. */
export async function listThemes(db: Db, consultationId: string) {
  const themes = await db
    .selectFrom('consultation_theme as t')
    .selectAll('t')
    .where('t.consultation_id', '=', consultationId)
    .orderBy('t.name')
    .execute()
  if (!themes.length) return []
  const counts = await sql<{ theme_id: string; n: string }>`
    select tg.theme_id, count(*) as n
    from consultation_theme_tag tg
    left join consultation_answer a on a.id = tg.answer_id
    left join consultation_comment m on m.id = tg.comment_id
    join consultation_response r on r.id = coalesce(a.response_id, m.response_id)
    where tg.theme_id in (${sql.join(themes.map((t) => t.id))})
      and r.confirmed_at is not null
      and coalesce(a.hidden_at, m.hidden_at) is null
    group by tg.theme_id`.execute(db)
  const byTheme = new Map(counts.rows.map((r) => [r.theme_id, Number(r.n)]))
  return themes.map((t) => ({ ...t, tagged: byTheme.get(t.id) ?? 0 }))
}

export function findTheme(db: Db, consultationId: string, id: string) {
  return db
    .selectFrom('consultation_theme')
    .selectAll()
    .where('consultation_id', '=', consultationId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export function findThemeByName(db: Db, consultationId: string, name: string) {
  return db
    .selectFrom('consultation_theme')
    .select('id')
    .where('consultation_id', '=', consultationId)
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .executeTakeFirst()
}

export async function insertTheme(
  db: Db,
  values: { consultationId: string; name: string; youSaid: string; weDid: string; by: string },
) {
  const row = await db
    .insertInto('consultation_theme')
    .values({
      consultation_id: values.consultationId,
      name: values.name,
      you_said: values.youSaid,
      we_did: values.weDid,
      created_by: values.by,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** Changes a theme's words; false when it changed since the form was opened. */
export async function updateTheme(
  db: Db,
  id: string,
  rowVersion: number,
  values: { name: string; youSaid: string; weDid: string },
): Promise<boolean> {
  const result = await db
    .updateTable('consultation_theme')
    .set((eb) => ({
      name: values.name,
      you_said: values.youSaid,
      we_did: values.weDid,
      row_version: eb('row_version', '+', 1),
    }))
    .where('id', '=', id)
    .where('row_version', '=', rowVersion)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/** Tags one answer or one comment with a theme; false when it already had it. */
export async function insertTag(
  db: Db,
  values: { themeId: string; answerId: string | null; commentId: string | null; by: string },
): Promise<boolean> {
  const rows = await db
    .insertInto('consultation_theme_tag')
    .values({
      theme_id: values.themeId,
      answer_id: values.answerId,
      comment_id: values.commentId,
      tagged_by: values.by,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .execute()
  return rows.length > 0
}

/** Takes a theme off an answer or a comment; false when it did not have it. */
export async function deleteTag(
  db: Db,
  values: { themeId: string; answerId: string | null; commentId: string | null },
): Promise<boolean> {
  let query = db.deleteFrom('consultation_theme_tag').where('theme_id', '=', values.themeId)
  query =
    values.answerId !== null
      ? query.where('answer_id', '=', values.answerId)
      : query.where('comment_id', '=', values.commentId)
  const result = await query.executeTakeFirst()
  return result.numDeletedRows > 0n
}

/** The themes of some answers and comments (those on one page). */
export function tagsOf(db: Db, answerIds: readonly string[], commentIds: readonly string[]) {
  if (!answerIds.length && !commentIds.length) return Promise.resolve([])
  return db
    .selectFrom('consultation_theme_tag as tg')
    .innerJoin('consultation_theme as t', 't.id', 'tg.theme_id')
    .select(['tg.answer_id', 'tg.comment_id', 't.id as theme_id', 't.name'])
    .where((eb) =>
      eb.or([
        ...(answerIds.length ? [eb('tg.answer_id', 'in', [...answerIds])] : []),
        ...(commentIds.length ? [eb('tg.comment_id', 'in', [...commentIds])] : []),
      ]),
    )
    .orderBy('t.name')
    .execute()
}

/** Every tag of a consultation's themes, for the download. */
export function tagsOfConsultation(db: Db, consultationId: string) {
  return db
    .selectFrom('consultation_theme_tag as tg')
    .innerJoin('consultation_theme as t', 't.id', 'tg.theme_id')
    .select(['tg.answer_id', 'tg.comment_id', 't.name'])
    .where('t.consultation_id', '=', consultationId)
    .execute()
}

/**
 * Words tagged with a theme that may be quoted: from confirmed responses, not hidden, with the
 * respondent's publication choice; the first few, oldest first.
 */
export function quotesOfTheme(db: Db, themeId: string, limit: number) {
  return sql<{
    text: string
    name: string
    organisation: string
    publication: 'named' | 'organisation' | 'anonymous'
  }>`
    select coalesce(a.text_value, m.body) as text, r.name, r.organisation, r.publication
    from consultation_theme_tag tg
    left join consultation_answer a on a.id = tg.answer_id
    left join consultation_comment m on m.id = tg.comment_id
    join consultation_response r on r.id = coalesce(a.response_id, m.response_id)
    where tg.theme_id = ${themeId}
      and r.confirmed_at is not null
      and coalesce(a.hidden_at, m.hidden_at) is null
      and coalesce(a.text_value, m.body, '') <> ''
    order by tg.tagged_at, tg.id
    limit ${limit}`
    .execute(db)
    .then((r) => r.rows)
}

/** The learning outcomes each theme of a consultation changed, by theme. */
export function changesOfConsultation(db: Db, consultationId: string) {
  return db
    .selectFrom('consultation_theme_change as ch')
    .innerJoin('consultation_theme as t', 't.id', 'ch.theme_id')
    .select(['ch.theme_id', 'ch.specification_version_id', 'ch.outcome_code'])
    .where('t.consultation_id', '=', consultationId)
    .orderBy('ch.outcome_code')
    .execute()
}

/** Replaces the outcomes of a version a theme changed. */
export async function replaceChanges(db: Db, themeId: string, versionId: string, codes: readonly string[]) {
  await db
    .deleteFrom('consultation_theme_change')
    .where('theme_id', '=', themeId)
    .where('specification_version_id', '=', versionId)
    .execute()
  if (codes.length)
    await db
      .insertInto('consultation_theme_change')
      .values(
        codes.map((code) => ({ theme_id: themeId, specification_version_id: versionId, outcome_code: code })),
      )
      .execute()
}
