// Starts test/support/job-worker.ts in a child process on a PostgreSQL test schema.
import { spawn, type ChildProcess } from 'node:child_process'

export function spawnJobWorker(schema: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'test/support/job-worker.ts'], {
    env: { ...process.env, TEST_SCHEMA: schema, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
}
