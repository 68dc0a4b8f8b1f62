// The quick start, end to end: the real command line starts the platform on an empty
// PGlite folder, migrates and seeds it, and a restart keeps the data without seeding again.
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'

interface Started {
  child: ChildProcess
  baseUrl: string
  logs: string[]
}

function start(dataDir: string): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: '',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const logs: string[] = []
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within 60 s:\n${logs.join('')}`)), 60_000)
    child.stderr!.on('data', (chunk: Buffer) => logs.push(chunk.toString()))
    child.stdout!.on('data', (chunk: Buffer) => {
      logs.push(chunk.toString())
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(chunk.toString())
      if (match) {
        clearTimeout(timer)
        resolve({ child, baseUrl: match[1]!, logs })
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`exited with ${code}:\n${logs.join('')}`))
    })
  })
}

function stop(started: Started): Promise<number | null> {
  return new Promise((resolve) => {
    started.child.removeAllListeners('exit')
    started.child.once('exit', (code) => resolve(code))
    started.child.kill('SIGTERM')
  })
}

describe('starting the platform', () => {
  let dataDir: string
  after(() => rm(dataDir, { recursive: true, force: true }))

  it('migrates and seeds an empty data folder, answers, and keeps its data over a restart', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'apc-start-'))

    const first = await start(dataDir)
    try {
      const health = await fetch(`${first.baseUrl}/health`)
      assert.deepEqual(await health.json(), { status: 'UP', database: 'pglite' })
      const page = await fetch(`${first.baseUrl}/credentials`)
      assert.equal(page.status, 200)
      assert.match(await page.text(), /36 credentials and interventions/)
      assert.ok(first.logs.join('').includes('seeded the national catalogue'))
    } finally {
      assert.equal(await stop(first), 0, 'stops cleanly on SIGTERM')
    }

    const second = await start(dataDir)
    try {
      const api = await fetch(`${second.baseUrl}/api/v1/credentials?pageSize=1`)
      assert.equal(((await api.json()) as { total: number }).total, 36)
      assert.ok(!second.logs.join('').includes('seeded the national catalogue'), 'does not seed twice')
    } finally {
      await stop(second)
    }
  })
})
