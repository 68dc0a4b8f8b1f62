// Uploads (evidence documents, award CSV files, credentials): a multipart form's fields
// arrive in request.body like an ordinary form's, so CSRF checks and validation schemas
// treat them alike; a file arrives as its name and bytes (an UploadedFile, src/web/forms.ts).
// The body is read here, not by the multipart plugin's own attachFieldsToBody, so that a
// body that is not well-formed multipart (cut short, no boundary, garbage) is the sender's
// mistake, 400, rather than a parser's plain Error reaching the error handler as a 500.
import multipart from '@fastify/multipart'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { MalformedBody } from './errors.ts'

export interface UploadOptions {
  /** The largest file a form takes, in bytes. */
  maxFileBytes: number
}

/** Whether an error already says what the sender did wrong: a limit (413) or a refused field name. */
const hasStatus = (error: unknown) =>
  error instanceof Error && 'statusCode' in error && typeof error.statusCode === 'number'

export const uploadsPlugin = fp(async (app: FastifyInstance, options: UploadOptions) => {
  await app.register(multipart, { limits: { fileSize: options.maxFileBytes, files: 1, fields: 50 } })

  app.addHook('preValidation', async (request) => {
    if (!request.isMultipart()) return
    const fields = new Map<string, unknown[]>()
    try {
      for await (const part of request.parts()) {
        const value: unknown =
          part.type === 'file' ? { filename: part.filename, content: await part.toBuffer() } : part.value
        fields.set(part.fieldname, [...(fields.get(part.fieldname) ?? []), value])
      }
    } catch (error) {
      if (hasStatus(error)) throw error
      throw new MalformedBody('The form did not arrive whole, so nothing was saved. Send it again.', {
        cause: error,
      })
    }
    // A field sent twice is a list, as in an ordinary form; the schemas refuse it where one is expected.
    request.body = Object.fromEntries(
      [...fields].map(([name, values]) => [name, values.length === 1 ? values[0] : values]),
    )
  })
})
