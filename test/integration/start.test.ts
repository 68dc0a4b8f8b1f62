// The quick start, end to end: the real command line starts the platform on an empty
// PGlite folder, migrates and seeds it, and a restart keeps the data without seeding again.
// Then the same from the build `npm install` makes (scripts/build.mjs): compiled code, and a
// first start that copies the build's database rather than making one; and the rule by which
// `npm start` runs the build only when it is newer than the sources (scripts/build-state.mjs).
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { after, describe, it } from 'node:test'
import { isBuildCurrent, STAMP } from '../../scripts/build-state.mjs'
import { startServer, stopServer } from '../support/cli.ts'

describe('starting the platform', () => {
  const folders: string[] = []
  const folder = async (prefix: string, under = tmpdir()) => {
    await mkdir(under, { recursive: true })
    const made = await mkdtemp(path.join(under, prefix))
    folders.push(made)
    return made
  }
  after(() => Promise.all(folders.map((f) => rm(f, { recursive: true, force: true }))))

  it('migrates and seeds an empty data folder, answers, and keeps its data over a restart', async () => {
    const dataDir = await folder('apc-start-')

    const first = await startServer(dataDir)
    try {
      const health = await fetch(`${first.baseUrl}/health`)
      assert.deepEqual(await health.json(), { status: 'UP', database: 'pglite' })
      const page = await fetch(`${first.baseUrl}/credentials`)
      assert.equal(page.status, 200)
      assert.match(await page.text(), /36 credentials and interventions/)
      assert.ok(first.logs.join('').includes('seeded the national catalogue'))
      assert.ok(!first.logs.join('').includes("a copy of the build's database"), 'the sources have no copy')
    } finally {
      assert.equal(await stopServer(first), 0, 'stops cleanly on SIGTERM')
    }

    const second = await startServer(dataDir)
    try {
      const api = await fetch(`${second.baseUrl}/api/v1/credentials?pageSize=1`)
      assert.equal(((await api.json()) as { total: number }).total, 36)
      assert.ok(!second.logs.join('').includes('seeded the national catalogue'), 'does not seed twice')
    } finally {
      await stopServer(second)
    }
  })

  it("builds, and the build's first start copies its database into a folder that holds other things", async () => {
    // Inside the project, where the compiled code finds node_modules; .scratch-tmp is ignored by git.
    const out = await folder('apc-build-', path.resolve('.scratch-tmp'))
    await promisify(execFile)(process.execPath, ['scripts/build.mjs', '--out', out])
    assert.ok((await readdir(out)).includes(STAMP), 'the stamp is written once the build is whole')
    const dataDir = await folder('apc-start-built-')
    // The default mail folder is inside the data folder and may come first.
    await mkdir(path.join(dataDir, 'mail'))
    const entry = [path.join(out, 'src', 'main.js')]

    const first = await startServer(dataDir, {}, entry)
    try {
      const page = await fetch(`${first.baseUrl}/credentials`)
      assert.equal(page.status, 200)
      assert.match(await page.text(), /36 credentials and interventions/)
      assert.ok(
        first.logs.join('').includes("seeded the national catalogue (a copy of the build's database)"),
      )
      // Made at start, never copied: each install signs with keys of its own.
      assert.ok(first.logs.join('').includes('made signing keys for 1 issuers'))
    } finally {
      assert.equal(await stopServer(first), 0, 'stops cleanly on SIGTERM')
    }

    const second = await startServer(dataDir, {}, entry)
    try {
      const api = await fetch(`${second.baseUrl}/api/v1/credentials?pageSize=1`)
      assert.equal(((await api.json()) as { total: number }).total, 36)
      assert.ok(!second.logs.join('').includes('seeded the national catalogue'), 'does not copy twice')
    } finally {
      await stopServer(second)
    }
  })

  it('runs the build only when it began after the last change to the sources', async () => {
    const root = await folder('apc-build-state-')
    await mkdir(path.join(root, 'src', 'web'), { recursive: true })
    await writeFile(path.join(root, 'src', 'web', 'page.njk'), 'old')
    const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds))
    for (const p of ['src/web/page.njk', 'src/web', 'src']) await utimes(path.join(root, p), at(0), at(0))
    assert.equal(isBuildCurrent(root), false, 'no build')

    await mkdir(path.join(root, 'dist'))
    await writeFile(path.join(root, 'dist', STAMP), '')
    await utimes(path.join(root, 'dist', STAMP), at(10), at(10))
    assert.equal(isBuildCurrent(root), true, 'built after the sources')

    await utimes(path.join(root, 'src', 'web', 'page.njk'), at(20), at(20))
    assert.equal(isBuildCurrent(root), false, 'a template changed after the build')

    await utimes(path.join(root, 'src', 'web', 'page.njk'), at(0), at(0))
    await writeFile(path.join(root, 'tsconfig.json'), '{}')
    await utimes(path.join(root, 'tsconfig.json'), at(20), at(20))
    assert.equal(isBuildCurrent(root), false, 'the compiler settings changed after the build')
  })
})
