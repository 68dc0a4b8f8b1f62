// `npm run build`, and `npm install` through `prepare`: compiles src/ to dist/src/ with tsc,
// copies the files that are not TypeScript beside them (templates, seed data, assets), makes
// the ready database a first start copies (src/db/template.ts), and last of all the stamp that
// tells `npm start` the build is complete and from which moment (scripts/build-state.mjs).
//
//   node scripts/build.mjs [--out <folder>] [--optional]
//
// --out builds somewhere other than dist/ (the tests do). --optional (for `prepare`) warns
// rather than fails when the build cannot be made: `npm start` then runs the sources with tsx.
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { STAMP } from './build-state.mjs'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const { values } = parseArgs({ options: { out: { type: 'string' }, optional: { type: 'boolean' } } })
const out = path.resolve(values.out ?? path.join(root, 'dist'))

try {
  // The moment the sources are read: anything changed after it makes the build out of date.
  const began = new Date()
  rmSync(out, { recursive: true, force: true })
  execFileSync(
    process.execPath,
    [
      path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      'tsconfig.build.json',
      '--outDir',
      out,
    ],
    { cwd: root, stdio: 'inherit' },
  )
  cpSync(path.join(root, 'src'), path.join(out, 'src'), {
    recursive: true,
    filter: (from) => !from.endsWith('.ts'),
  })
  const { writeTemplate } = await import(pathToFileURL(path.join(out, 'src', 'db', 'template.js')).href)
  await writeTemplate()
  mkdirSync(out, { recursive: true })
  const stamp = path.join(out, STAMP)
  writeFileSync(stamp, `${began.toISOString()}\n`)
  utimesSync(stamp, began, began)
  console.log(`Built ${path.relative(root, out) || out}.`)
} catch (error) {
  rmSync(out, { recursive: true, force: true })
  if (!values.optional) throw error
  console.warn(`The build could not be made (npm start will run the sources with tsx): ${error}`)
}
