// Writes a valid award CSV of N rows (default 10,000), for the benchmark or to try an upload:
//   npx tsx bench/generate-awards-csv.ts [rows] [file]   (no file: standard output)
// Every learner holds an MSc, so the rows need nothing but the delivery they are uploaded to.
import { writeFileSync } from 'node:fs'
import { AWARD_COLUMNS } from '../src/domain/award-rows.ts'

/** The CSV text: the template's header and `rows` learners with distinct emails and PINs. */
export function awardsCsv(rows: number, prefix = 'bench'): string {
  const lines = [AWARD_COLUMNS.join(',')]
  for (let n = 0; n < rows; n++) {
    const pin = `${String(10 + (n % 90))}${String.fromCharCode(65 + (Math.floor(n / 90) % 26))}${String(n % 10000).padStart(4, '0')}E`
    lines.push(
      [
        'Learner',
        `Number ${n}`,
        `${prefix}.learner${n}@example.org`,
        'Nurse',
        'NMC',
        pin,
        'holds_msc',
        '',
        'University of Leeds',
        '2019',
        '2026-07-31',
      ].join(','),
    )
  }
  return `${lines.join('\n')}\n`
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = Number(process.argv[2] ?? 10_000)
  if (!Number.isInteger(rows) || rows < 1) {
    console.error('Usage: npx tsx bench/generate-awards-csv.ts [rows] [file]')
    process.exit(2)
  }
  const text = awardsCsv(rows)
  if (process.argv[3]) writeFileSync(process.argv[3], text)
  else process.stdout.write(text)
}
