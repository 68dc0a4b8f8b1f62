// Starts test/support/job-worker.ts (or import-worker.ts) in a child process on a PostgreSQL test schema.
import { spawn, type ChildProcess } from 'node:child_process'

export function spawnJobWorker(schema: string, env: Record<string, string>): ChildProcess {
  return spawnWorkerScript('test/support/job-worker.ts', schema, env)
}

/** The real award-import handler, as `npm run worker` runs it (test/support/import-worker.ts). */
export function spawnImportWorker(schema: string, env: Record<string, string>): ChildProcess {
  return spawnWorkerScript('test/support/import-worker.ts', schema, env)
}

function spawnWorkerScript(script: string, schema: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, TEST_SCHEMA: schema, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
}
