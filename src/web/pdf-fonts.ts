// The fonts every PDF the service makes draws its text in: DejaVu Sans, regular and bold, from
// the dejavu-fonts-ttf package, embedded (as the subset of glyphs a document uses) in each file.
// PDF's standard Helvetica knows only Windows-1252, so "β-blockers", "≥ 58" or "Łódź" would print
// as "?"; DejaVu Sans covers Latin with its extensions, Greek, Cyrillic and the mathematical
// operators, and its licence (Bitstream Vera) lets it be embedded and redistributed.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import type PDFDocument from 'pdfkit'

const fontDir = path.join(
  path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')),
  'ttf',
)

export const REGULAR = 'DejaVuSans'
export const BOLD = 'DejaVuSans-Bold'

// Read once: each document embeds only the glyphs it draws, from these.
const fontFiles: Record<typeof REGULAR | typeof BOLD, Buffer> = {
  [REGULAR]: readFileSync(path.join(fontDir, 'DejaVuSans.ttf')),
  [BOLD]: readFileSync(path.join(fontDir, 'DejaVuSans-Bold.ttf')),
}

/** Registers the service's fonts with a new document and makes the regular one current. */
export function useServiceFonts(doc: InstanceType<typeof PDFDocument>): void {
  doc.registerFont(REGULAR, fontFiles[REGULAR])
  doc.registerFont(BOLD, fontFiles[BOLD])
  doc.font(REGULAR)
}

/**
 * Text as the document draws it: composed (NFC, so "ó" is one glyph rather than "o" and an
 * accent drawn apart), tabs as spaces, and other control characters left out, since no font
 * draws them.
 */
export function drawable(text: string): string {
  return [...text.normalize('NFC')]
    .map((ch) => (ch === '\t' ? ' ' : ch))
    .filter((ch) => ch === '\n' || !/\p{Cc}/u.test(ch))
    .join('')
}
