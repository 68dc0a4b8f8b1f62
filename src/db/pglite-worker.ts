// The thread the embedded database runs on (src/db/pglite-thread.ts starts it): PGlite's
// WebAssembly and its wire protocol work here, on a core of their own, and the web thread
// receives rows. One message at a time from the one pool connection, answered in order.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads'
import { createEmbedded } from './embedded.ts'
import type { ThreadReply, ThreadRequest } from './pglite-thread.ts'

const port = parentPort
if (!port) throw new Error('pglite-worker runs only as a worker thread')

/** What a database error carries (code, detail, constraint …), as plain fields to post. */
function serialised(error: unknown) {
  if (!(error instanceof Error)) return { message: String(error), fields: {} }
  const fields: Record<string, string | number> = {}
  for (const [name, value] of Object.entries(error))
    if (typeof value === 'string' || typeof value === 'number') fields[name] = value
  return { message: error.message, fields }
}

async function main(port: MessagePort) {
  const options: { dataDir?: string; template?: ArrayBuffer } = workerData ?? {}
  try {
    const database = await createEmbedded({
      dataDir: options.dataDir,
      template: options.template ? new Blob([options.template]) : undefined,
    })
    const reply = (message: ThreadReply) => port.postMessage(message)
    port.on('message', async (request: ThreadRequest) => {
      try {
        switch (request.op) {
          case 'query': {
            const result = await database.query(request.sql, request.parameters)
            reply({
              id: request.id,
              ok: true,
              value: { rows: result.rows, affectedRows: result.affectedRows },
            })
            break
          }
          case 'listen':
            await database.listen(request.channel, (payload) =>
              reply({ notification: request.channel, payload }),
            )
            reply({ id: request.id, ok: true, value: null })
            break
          case 'dump': {
            const dump = await database.dumpDataDir()
            reply({ id: request.id, ok: true, value: await dump.arrayBuffer() })
            break
          }
          case 'close':
            await database.close()
            reply({ id: request.id, ok: true, value: null })
            break
        }
      } catch (error) {
        reply({ id: request.id, ok: false, error: serialised(error) })
      }
    })
    reply({ ready: true })
  } catch (error) {
    port.postMessage({ ready: false, error: serialised(error) } satisfies ThreadReply)
  }
}

void main(port)
