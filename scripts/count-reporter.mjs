// A test reporter that keeps the run's totals in a file, written as each test ends. The run
// ends as its last test does (--test-force-exit), sometimes before a stream reporter has
// written out all it was given; a file written at once holds every result that arrived.
// The file's path comes from COUNT_FILE; suites are not counted, skipped tests neither.
//
// It also adds up, for each test file, how long its top-level tests and suites took, so that
// the run can say which files took longest (a file's module loading and its top-level hooks
// are not in it).
import { writeFileSync } from 'node:fs'

export default async function* countReporter(source) {
  const totals = { passed: 0, failed: 0 }
  const files = {}
  const file = process.env.COUNT_FILE
  for await (const event of source) {
    const from = event.data?.file
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue
    if (from && event.data.nesting === 0)
      files[from] = (files[from] ?? 0) + (event.data.details?.duration_ms ?? 0) / 1000
    if (!(event.data.details?.type === 'suite' || event.data.skip || event.data.todo)) {
      if (event.type === 'test:pass') totals.passed++
      else totals.failed++
    }
    if (file) writeFileSync(file, JSON.stringify({ ...totals, files }))
  }
  yield ''
}
