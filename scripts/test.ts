// `npm test`: lint, type-check, then every test file (unit, integration, browser) with the
// Node test runner, on PGlite, or on PostgreSQL when DATABASE_URL is set.
// `npm test -- --skip-checks` runs the test files alone: for a second run on the same tree
// (.ci/run's run on PostgreSQL), whose lint and type-check the first run has done.
import { spawnSync } from 'node:child_process'
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { config } from '../src/config.ts'
import { dropLeftoverTestSchemas, PGLITE_NODE_FLAGS } from '../test/support/database.ts'
import { ensureChromium } from './chromium.ts'
import { longestFirst } from './test-order.ts'

function step(title: string, command: string, args: string[]): void {
  console.log(`\n> ${title}`)
  const result = spawnSync(command, args, { stdio: 'inherit' })
  if (result.status !== 0) {
    console.error(`\n${title} failed`)
    process.exit(result.status ?? 1)
  }
}

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    if (statSync(full).isDirectory()) return testFiles(full)
    return name.endsWith('.test.ts') ? [full] : []
  })
}

const started = performance.now()
const unknown = process.argv.slice(2).filter((arg) => arg !== '--skip-checks')
if (unknown.length > 0) {
  console.error(`Unknown arguments: ${unknown.join(' ')} (npm test takes only --skip-checks)`)
  process.exit(2)
}
if (process.argv.includes('--skip-checks')) console.log('Lint, format and type-check skipped (--skip-checks)')
else {
  step('Lint', 'npx', ['eslint', '.', '--max-warnings', '0'])
  step('Format', 'npx', ['prettier', '--check', '.'])
  step('Type-check', 'npx', ['tsc', '--noEmit'])
}

const chromium = ensureChromium()
console.log(`\nBrowser tests use ${chromium}`)

if (config.databaseUrl) {
  const dropped = await dropLeftoverTestSchemas(config.databaseUrl)
  console.log(`Tests run on PostgreSQL (${dropped} leftover test schemas dropped)`)
} else {
  console.log('Tests run on PGlite')
}

// How long each file took on the last run, on either engine (the order they take is much the
// same), kept in the system's temporary folder.
const durationsFile = path.join(os.tmpdir(), 'apc-test-durations.json')
const recorded: Record<string, number> = existsSync(durationsFile)
  ? JSON.parse(readFileSync(durationsFile, 'utf8'))
  : {}
const files = longestFirst([...testFiles('src'), ...testFiles('test')], recorded)
// Spec output for people; TAP into a file, for the slowest tests; the totals from
// scripts/count-reporter.mjs.
const results = mkdtempSync(path.join(os.tmpdir(), 'apc-test-'))
const tapFile = path.join(results, 'results.tap')
const countFile = path.join(results, 'counts.json')
console.log(`\n> ${files.length} test files`)
const run = spawnSync(
  process.execPath,
  [
    // Passed on to each file's process.
    ...PGLITE_NODE_FLAGS,
    '--import',
    'tsx',
    '--test',
    // Two files at a time: the machines have two cores, and much of a file's time is spent
    // waiting on the database or the browser. Each file has its own database either way.
    '--test-concurrency=2',
    // A file's process ends once its tests have: PGlite (0.5.16) can leave one of Postgres's
    // timers armed after it is closed, which kept a file's process alive, and the run with it,
    // for ever after its last test had passed.
    '--test-force-exit',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tapFile}`,
    '--test-reporter=./scripts/count-reporter.mjs',
    '--test-reporter-destination=stdout',
    ...files,
  ],
  { stdio: 'inherit', env: { ...process.env, COUNT_FILE: countFile } },
)
const tap = readFileSync(tapFile, 'utf8')
const totals: { passed: number; failed: number; files?: Record<string, number> } = existsSync(countFile)
  ? JSON.parse(readFileSync(countFile, 'utf8'))
  : { passed: 0, failed: 0 }
// The slowest top-level tests and the whole run's time, so that a CI log says where the time
// went: the machines' speed varies between runs (one ran the suite 2.5 times slower).
const slowest = [...tap.matchAll(/^(?:not )?ok \d+ - (.*)\n {2}---\n {2}duration_ms: ([\d.]+)$/gm)]
  .map((m) => ({ name: m[1]!, seconds: Number(m[2]) / 1000 }))
  .sort((a, b) => b.seconds - a.seconds)
  .slice(0, 8)
console.log('\nSlowest:')
for (const { name, seconds } of slowest) console.log(`${seconds.toFixed(1).padStart(7)} s  ${name}`)
console.log('\nSlowest files (their top-level tests added up):')
const fileTimes = Object.entries(totals.files ?? {})
  .map(([file, seconds]) => ({ file: path.relative(process.cwd(), file), seconds }))
  .sort((a, b) => b.seconds - a.seconds)
for (const { file, seconds } of fileTimes.slice(0, 12))
  console.log(`${seconds.toFixed(1).padStart(7)} s  ${file}`)
// Kept for the next run's order, with the times of files this run did not finish.
const durations = {
  ...recorded,
  ...Object.fromEntries(fileTimes.map(({ file, seconds }) => [file, seconds])),
}
writeFileSync(`${durationsFile}.${process.pid}`, JSON.stringify(durations, null, 1))
renameSync(`${durationsFile}.${process.pid}`, durationsFile)
const minutes = (performance.now() - started) / 60_000
console.log(`\n${totals.passed} passed, ${totals.failed} failed, in ${minutes.toFixed(1)} min`)
process.exit(run.status ?? 1)
