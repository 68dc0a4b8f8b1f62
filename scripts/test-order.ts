// The order npm test starts its files in, longest first, so that the run does not end
// waiting on one of them alone (two run at a time).
import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'

/**
 * The files, longest first by the seconds `recorded` for them on the last run on the same
 * engine. Files it has no time for start before all others, since they may be long; among
 * those (on a first run: all of them) the order is a guess: files that drive a browser, then
 * those of test/integration (the command line, backups), then the rest, each group largest
 * first.
 */
export function longestFirst(files: string[], recorded: Record<string, number>): string[] {
  const weight = (file: string): number => {
    const source = readFileSync(file, 'utf8')
    if (/from 'playwright-core'|startBrowserHarness/.test(source)) return 2
    return file.startsWith(path.join('test', 'integration')) ? 1 : 0
  }
  return files
    .map((file) => ({
      file,
      seconds: recorded[file] ?? Number.POSITIVE_INFINITY,
      weight: weight(file),
      size: statSync(file).size,
    }))
    .sort(
      (a, b) =>
        (a.seconds === b.seconds ? 0 : b.seconds - a.seconds) ||
        b.weight - a.weight ||
        b.size - a.size ||
        a.file.localeCompare(b.file),
    )
    .map(({ file }) => file)
}
