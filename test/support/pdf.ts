// Reading a PDF the way a text extractor does, without PDFKit: each object and its
// (decompressed) stream, the fonts each content stream selects, and each font's ToUnicode map
// from the codes drawn back to characters. A font without one (the standard fonts) is read as
// Windows-1252, as PDF readers do.
import { inflateSync } from 'node:zlib'

interface PdfObject {
  dict: string
  stream: Buffer | null
}

/** Every object of the file by number, with its dictionary and its stream decompressed. */
export function pdfObjects(pdf: Buffer): Map<number, PdfObject> {
  const raw = pdf.toString('latin1')
  const objects = new Map<number, PdfObject>()
  const header = /(\d+) 0 obj\s*/g
  for (let m = header.exec(raw); m; m = header.exec(raw)) {
    const at = m.index + m[0].length
    const end = raw.indexOf('endobj', at)
    const streamAt = raw.indexOf('stream', at)
    if (streamAt === -1 || streamAt > end) {
      objects.set(Number(m[1]), { dict: raw.slice(at, end), stream: null })
      header.lastIndex = end
      continue
    }
    const dict = raw.slice(at, streamAt)
    const start = streamAt + 'stream'.length + (raw.startsWith('\r\n', streamAt + 6) ? 2 : 1)
    const length = /\/Length (\d+)(?! \d+ R)/.exec(dict)
    const stop = length ? start + Number(length[1]) : raw.indexOf('endstream', start)
    let data = pdf.subarray(start, stop)
    if (/\/FlateDecode/.test(dict)) data = inflateSync(data)
    objects.set(Number(m[1]), { dict, stream: data })
    header.lastIndex = stop
  }
  return objects
}

/** A ToUnicode CMap as code (hex, as drawn) to text, from its bfrange and bfchar entries. */
function toUnicode(cmap: string): Map<string, string> {
  const codes = new Map<string, string>()
  const text = (hex: string) =>
    String.fromCharCode(...(hex.replace(/\s/g, '').match(/.{4}/g) ?? []).map((h) => parseInt(h, 16)))
  const width = (hex: string) => hex.length
  const code = (n: number, digits: number) => n.toString(16).padStart(digits, '0').toLowerCase()
  for (const range of cmap.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F\s]+>)/g)) {
    const [, from, to, target] = range
    const first = parseInt(from!, 16)
    const last = parseInt(to!, 16)
    if (target!.startsWith('[')) {
      const targets = [...target!.matchAll(/<([0-9a-fA-F\s]*)>/g)].map((t) => text(t[1]!))
      targets.forEach((t, i) => codes.set(code(first + i, width(from!)), t))
    } else {
      const base = parseInt(target!.slice(1, -1).replace(/\s/g, ''), 16)
      for (let n = first; n <= last; n++)
        codes.set(code(n, width(from!)), String.fromCharCode(base + n - first))
    }
  }
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const pair of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F\s]+)>/g))
      codes.set(pair[1]!.toLowerCase(), text(pair[2]!))
  return codes
}

/** The text a PDF draws: each text-showing operation on a line, decoded by its font. */
export function pdfText(pdf: Buffer): string {
  const objects = pdfObjects(pdf)
  // Resource names (/F1) to the font object each names; PDFKit numbers fonts per document.
  const fontObjects = new Map<string, number>()
  for (const { dict } of objects.values())
    for (const font of dict.matchAll(/\/Font\s*<<([^>]*)>>/g))
      for (const entry of font[1]!.matchAll(/\/([A-Za-z0-9]+)\s+(\d+) 0 R/g))
        fontObjects.set(entry[1]!, Number(entry[2]))
  const maps = new Map<string, Map<string, string> | null>()
  for (const [name, number] of fontObjects) {
    const cmapRef = /\/ToUnicode (\d+) 0 R/.exec(objects.get(number)?.dict ?? '')
    const cmap = cmapRef ? objects.get(Number(cmapRef[1]))?.stream : null
    maps.set(name, cmap ? toUnicode(cmap.toString('latin1')) : null)
  }
  const windows1252 = new TextDecoder('windows-1252')
  const shown: string[] = []
  const pages = [...objects.values()].filter(({ dict }) => /\/Type \/Page\b/.test(dict))
  for (const page of pages) {
    const contents = /\/Contents (\d+) 0 R/.exec(page.dict)
    const stream = contents ? objects.get(Number(contents[1]))?.stream : null
    if (!stream) continue
    let font: Map<string, string> | null = null
    const content = stream.toString('latin1')
    for (const op of content.matchAll(
      /\/([A-Za-z0-9]+)\s+[\d.]+\s+Tf|\[((?:<[0-9a-fA-F]*>|[-\d.\s])*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g,
    )) {
      if (op[1] !== undefined) {
        font = maps.get(op[1]) ?? null
        continue
      }
      const hex = (
        op[2] !== undefined ? [...op[2].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]).join('') : op[3]!
      ).toLowerCase()
      const map = font
      shown.push(
        map
          ? (hex.match(/.{4}/g) ?? []).map((c) => map.get(c) ?? '\uFFFD').join('')
          : windows1252.decode(Buffer.from(hex, 'hex')),
      )
    }
  }
  return shown.join('\n')
}

/** The names of the fonts embedded in the file (their FontFile2 programs), without subset tags. */
export function embeddedFonts(pdf: Buffer): string[] {
  const names: string[] = []
  for (const { dict } of objects(pdf))
    if (/\/FontFile2 \d+ 0 R/.test(dict)) {
      const name = /\/FontName \/(?:[A-Z]{6}\+)?([^\s/]+)/.exec(dict)
      if (name) names.push(name[1]!)
    }
  return names
}

const objects = (pdf: Buffer) => pdfObjects(pdf).values()
