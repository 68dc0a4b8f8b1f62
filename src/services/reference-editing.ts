// Centre admins publish new versions of the reference content: the framework's capabilities,
// the glossary, the documents list and the types of intervention. Each publication is one
// transaction: checked against the version the form was opened on (two admins cannot both
// publish "the next version"), needs a change summary and a change, and is audited.
import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import { roleLabel } from '../domain/accounts.ts'
import type { Clock } from '../domain/clock.ts'
import {
  diffEntries,
  documentProblems,
  documentType,
  entriesOf,
  frameworkProblems,
  glossaryProblems,
  interventionTypesProblems,
  MAX_DOCUMENT_BYTES,
  noChange,
  readDocuments,
  readFramework,
  readGlossary,
  readInterventionTypes,
  REFERENCE_KIND_LABELS,
  slugFor,
  summaryProblems,
  type DocumentsContent,
  type ReferenceContentByKind,
  type ReferenceDiff,
  type ReferenceDocument,
  type ReferenceKind,
} from '../domain/reference-content.ts'
import type { Database } from '../db/schema.ts'
import * as repo from '../repositories/reference.ts'
import { recordAudit, type Actor } from './audit.ts'
import { FieldProblems, NotFound, ServiceError } from './errors.ts'

export interface CurrentContent<K extends ReferenceKind> {
  version: number
  content: ReferenceContentByKind[K]
}

/** A change to one document of the list: a new one (slug null), a changed one, or a removal. */
export interface DocumentChange {
  slug: string | null
  title: string
  about: string
  issuedOn: string | null
  edition: string | null
  /** A file uploaded for it (see uploadDocumentFile); null keeps the one it has. */
  fileId: string | null
  remove: boolean
}

export interface UploadedDocumentFile {
  id: string
  filename: string
  contentType: string
  sizeBytes: number
}

export interface ReferenceEditingService {
  current<K extends ReferenceKind>(kind: K): Promise<CurrentContent<K>>
  /** The pillars a capability may be under. */
  pillars(): Promise<Array<{ code: string; name: string }>>
  /** Checks a new version without writing it: what it changes, or FieldProblems. */
  check(kind: ReferenceKind, basedOn: number, content: unknown, changeSummary: string): Promise<ReferenceDiff>
  /** Publishes the next version; refused when someone published another since basedOn. */
  publish(
    kind: ReferenceKind,
    basedOn: number,
    content: unknown,
    changeSummary: string,
    actor: Actor,
  ): Promise<number>
  /** The documents list with one change made; FieldProblems for the change's own fields. */
  documentsWith(basedOn: number, change: DocumentChange): Promise<DocumentsContent>
  /** Keeps an uploaded file until a version names it; FieldProblems on `file` if it is refused. */
  uploadDocumentFile(file: { filename: string; content: Buffer }, actor: Actor): Promise<UploadedDocumentFile>
  /** An uploaded file's details, for the check page. */
  documentFile(id: string): Promise<UploadedDocumentFile>
}

const READERS: { [K in ReferenceKind]: (raw: unknown) => ReferenceContentByKind[K] } = {
  framework: readFramework,
  glossary: readGlossary,
  documents: readDocuments,
  intervention_types: readInterventionTypes,
}

export function createReferenceEditingService(db: Kysely<Database>, clock: Clock): ReferenceEditingService {
  async function problemsOf(kind: ReferenceKind, content: unknown, trx: Kysely<Database>) {
    switch (kind) {
      case 'framework': {
        const [pillars, codes] = await Promise.all([repo.listPillars(trx), repo.listCapabilityCodes(trx)])
        return frameworkProblems(
          readFramework(content),
          new Set(pillars.map((p) => p.code)),
          new Set(codes.filter((c) => c.retired_at !== null).map((c) => c.code)),
        )
      }
      case 'glossary':
        return glossaryProblems(readGlossary(content))
      case 'intervention_types':
        return interventionTypesProblems(readInterventionTypes(content))
      case 'documents':
        return readDocuments(content).documents.flatMap(documentProblems)
    }
  }

  /** What the new version changes, checked; throws what is wrong with it. */
  async function checked(
    trx: Kysely<Database>,
    kind: ReferenceKind,
    basedOn: number,
    content: unknown,
    changeSummary: string,
  ): Promise<ReferenceDiff> {
    const problems = [...(await problemsOf(kind, content, trx)), ...summaryProblems(changeSummary)]
    if (problems.length) throw new FieldProblems(problems)
    const latest = await repo.latestReferenceVersion(trx, kind)
    const version = latest?.version ?? 0
    if (version !== basedOn) {
      throw new ServiceError(
        `${REFERENCE_KIND_LABELS[kind]} changed since you opened them: version ${version} is now published. Open them again to see it`,
      )
    }
    const diff = diffEntries(entriesOf(kind, latest?.content), entriesOf(kind, content))
    if (noChange(diff)) {
      throw new FieldProblems([
        {
          field: 'changeSummary',
          text: 'Nothing has changed: change something before publishing a new version',
        },
      ])
    }
    return diff
  }

  const fileOf = async (id: string): Promise<UploadedDocumentFile> => {
    const file = /^[0-9a-f-]{36}$/.test(id) ? await repo.findReferenceFileDetails(db, id) : undefined
    if (!file) throw new FieldProblems([{ field: 'file', text: 'Select the file again' }])
    return {
      id: file.id,
      filename: file.filename,
      contentType: file.content_type,
      sizeBytes: file.size_bytes,
    }
  }

  return {
    async current<K extends ReferenceKind>(kind: K): Promise<CurrentContent<K>> {
      const latest = await repo.latestReferenceVersion(db, kind)
      return { version: latest?.version ?? 0, content: READERS[kind](latest?.content) }
    },

    async pillars() {
      return (await repo.listPillars(db)).map((p) => ({ code: p.code, name: p.name }))
    },

    check: (kind, basedOn, content, changeSummary) =>
      checked(db, kind, basedOn, READERS[kind](content), changeSummary),

    async publish(kind, basedOn, raw, changeSummary, actor) {
      // Stored as the domain reads it: nothing but the fields of its kind.
      const content = READERS[kind](raw)
      return db.transaction().execute(async (trx) => {
        await repo.lockReference(trx)
        const diff = await checked(trx, kind, basedOn, content, changeSummary)
        const version = basedOn + 1
        const at = clock.now()
        await repo.insertReferenceVersion(trx, {
          kind,
          version,
          summary: changeSummary.trim(),
          publishedBy: actor.userId,
          publishedByRole: roleLabel('centre_admin'),
          publishedAt: at,
          content,
        })
        if (kind === 'framework')
          await repo.applyFrameworkVersion(trx, readFramework(content).capabilities, at)
        if (kind === 'documents') {
          for (const d of readDocuments(content).documents) {
            if (d.file) await repo.markReferenceFilePublished(trx, d.file.id, at)
          }
        }
        await recordAudit(trx, actor, {
          action: 'reference.published',
          entityType: 'reference_version',
          entityId: `${kind}:${version}`,
          before: { version: basedOn },
          after: {
            version,
            kind: REFERENCE_KIND_LABELS[kind].toLowerCase(),
            summary: changeSummary.trim(),
            added: diff.added.map((e) => e.label),
            removed: diff.removed.map((e) => e.label),
            changed: diff.changed.map((e) => e.label),
          },
        })
        return version
      })
    },

    async documentsWith(basedOn, change) {
      const current = await this.current('documents')
      if (current.version !== basedOn) {
        throw new ServiceError(
          `Documents changed since you opened them: version ${current.version} is now published. Open them again to see it`,
        )
      }
      const documents = current.content.documents
      const existing = change.slug === null ? null : documents.find((d) => d.slug === change.slug)
      if (change.slug !== null && !existing) throw new NotFound()
      if (existing && change.remove) return { documents: documents.filter((d) => d !== existing) }
      const file = change.fileId ? await fileOf(change.fileId) : null
      const document: ReferenceDocument = {
        slug: existing?.slug ?? slugFor(change.title, new Set(documents.map((d) => d.slug))),
        title: change.title.trim(),
        summary: change.about.trim(),
        href: file ? null : (existing?.href ?? null),
        file: file
          ? { id: file.id, filename: file.filename, contentType: file.contentType, sizeBytes: file.sizeBytes }
          : (existing?.file ?? null),
        issuedOn: change.issuedOn,
        edition: change.edition?.trim() || null,
      }
      const problems = documentProblems(document)
      if (problems.length) throw new FieldProblems(problems)
      return {
        documents: existing
          ? documents.map((d) => (d === existing ? document : d))
          : [...documents, document],
      }
    },

    async uploadDocumentFile(file, actor) {
      const refuse = (text: string) => new FieldProblems([{ field: 'file', text }])
      if (!file.content.length) throw refuse('The selected file is empty')
      if (file.content.length > MAX_DOCUMENT_BYTES)
        throw refuse('The selected file must be smaller than 10MB')
      const type = documentType(file.filename, file.content)
      if (!type) throw refuse('The selected file must be a PDF, Word, Excel or PowerPoint file')
      const filename = file.filename.split(/[\\/]/).pop()?.slice(0, 200) || `document.${type.extension}`
      const id = await repo.insertReferenceFile(db, {
        filename,
        contentType: type.contentType,
        content: file.content,
        sha256: createHash('sha256').update(file.content).digest('hex'),
        uploadedBy: actor.userId,
        at: clock.now(),
      })
      return { id, filename, contentType: type.contentType, sizeBytes: file.content.length }
    },

    documentFile: fileOf,
  }
}
