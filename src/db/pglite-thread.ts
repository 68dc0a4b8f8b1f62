// The embedded database on a worker thread of its own. PGlite's WebAssembly and the
// JavaScript that writes each query and parses each row took about a third of the web
// thread's CPU per page (bench/README.md, "Where the milliseconds go"); on its own thread that
// work runs on the second core, and the web thread only posts the query and takes the rows.
import { Worker } from 'node:worker_threads'
import type { EmbeddedDatabase, EmbeddedOptions } from './embedded.ts'

export type ThreadRequest =
  | { id: number; op: 'query'; sql: string; parameters: unknown[] }
  | { id: number; op: 'listen'; channel: string }
  | { id: number; op: 'dump' }
  | { id: number; op: 'close' }

type SerialisedError = { message: string; fields: Record<string, string | number> }

export type ThreadReply =
  | { ready: true }
  | { ready: false; error: SerialisedError }
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: SerialisedError }
  | { notification: string; payload: string }

/** An error as the database raised it on the thread: its message and fields (code, detail …). */
function revived(error: SerialisedError): Error {
  return Object.assign(new Error(error.message), error.fields)
}

function isQueryResult(value: unknown): value is { rows: unknown[]; affectedRows?: number } {
  return typeof value === 'object' && value !== null && 'rows' in value && Array.isArray(value.rows)
}

type Op = ThreadRequest extends infer R ? (R extends { op: infer O } ? O : never) : never
type RequestOf<O extends Op> = Omit<Extract<ThreadRequest, { op: O }>, 'id'>

export async function openPgliteThread(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js'
  // The compiled module starts as it is. The sources run under tsx, whose module hooks Node 20
  // does not give a worker thread, so there the worker registers them before importing.
  const file = new URL(`./pglite-worker${extension}`, import.meta.url)
  const viaTsx = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(file.href)}) })`
  const worker = new Worker(extension === '.ts' ? viaTsx : file, {
    eval: extension === '.ts',
    workerData: {
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(options.template ? { template: await options.template.arrayBuffer() } : {}),
    },
  })
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>()
  const listeners = new Map<string, Array<(payload: string) => void>>()
  let nextId = 1
  let failure: Error | undefined

  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (message: ThreadReply) => {
      if ('ready' in message) {
        if (message.ready) resolve()
        else reject(revived(message.error))
        return
      }
      if ('notification' in message) {
        for (const listener of listeners.get(message.notification) ?? []) listener(message.payload)
        return
      }
      const waiting = pending.get(message.id)
      pending.delete(message.id)
      if (message.ok) waiting?.resolve(message.value)
      else waiting?.reject(revived(message.error))
    })
    // The thread ending (a crash, or the database failing to open) fails whatever waits on it.
    const ended = (error: Error) => {
      failure = error
      reject(error)
      for (const waiting of pending.values()) waiting.reject(error)
      pending.clear()
    }
    worker.on('error', ended)
    worker.on('exit', (code) => ended(new Error(`The database thread ended (exit code ${code})`)))
  })
  await ready

  function ask<O extends Op>(request: RequestOf<O>): Promise<unknown> {
    if (failure) return Promise.reject(failure)
    const id = nextId++
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject })
      worker.postMessage({ ...request, id })
    })
  }

  return {
    async query(sql, parameters) {
      const value = await ask<'query'>({ op: 'query', sql, parameters })
      if (!isQueryResult(value)) throw new Error('The database thread answered a query without rows')
      return value
    },
    async listen(channel, onMessage) {
      listeners.set(channel, [...(listeners.get(channel) ?? []), onMessage])
      await ask<'listen'>({ op: 'listen', channel })
    },
    async dumpDataDir() {
      const value = await ask<'dump'>({ op: 'dump' })
      if (!(value instanceof ArrayBuffer))
        throw new Error('The database thread answered a dump without its bytes')
      return new Blob([value])
    },
    async close() {
      await ask<'close'>({ op: 'close' })
      await worker.terminate()
    },
  }
}
