// A published version as a PDF with the same sections as its web page, drawn with PDFKit as a
// tagged PDF: a structure tree of headings, paragraphs and lists, the document language and
// title, and page numbers marked as artifacts, so that screen readers read it in order.
// The text is in DejaVu Sans, embedded (src/web/pdf-fonts.ts), so every character a
// specification uses prints as itself.
import PDFDocument from 'pdfkit'
import { longDate } from '../../domain/dates.ts'
import { BOLD, drawable, REGULAR, useServiceFonts } from '../pdf-fonts.ts'
import { isInterventionType, levelLabel, typeLabel } from '../../domain/catalogue.ts'
import { LICENCE, type MappedCapability, type PublishedVersion } from '../../services/publication.ts'

type Doc = InstanceType<typeof PDFDocument>
type Struct = ReturnType<Doc['struct']>

const MARGIN = 56
const BODY = 11
const BLUE = '#005eb8'
const TEXT = '#212b32'
const GREY = '#4c6272'

/** The file name a download gets: the credential's slug, "specification", the version. */
export function pdfFileName(version: PublishedVersion): string {
  const slug = version.credential.slug.replace(/[^a-z0-9-]+/gi, '-').replace(/^-+|-+$/g, '') || 'credential'
  return `${slug}-specification-version-${version.number}.pdf`
}

/** Writes a tagged document's parts, each in the structure tree: shared by the service's PDFs. */
export class Writer {
  constructor(
    readonly doc: Doc,
    readonly root: Struct,
  ) {}

  private width() {
    return this.doc.page.width - MARGIN * 2
  }

  heading(level: 1 | 2 | 3, text: string): void {
    const size = level === 1 ? 22 : level === 2 ? 16 : 13
    if (level > 1) this.doc.moveDown(level === 2 ? 0.8 : 0.4)
    // Keep a heading with at least two lines of what follows it.
    if (this.doc.y + size * 2 + BODY * 3 > this.doc.page.height - MARGIN) this.doc.addPage()
    this.doc
      .font(BOLD)
      .fontSize(size)
      .fillColor(TEXT)
      .text(drawable(text), MARGIN, this.doc.y, {
        width: this.width(),
        structParent: this.root,
        structType: `H${level}`,
      })
    this.doc.moveDown(0.3)
  }

  paragraph(text: string, options: { colour?: string; bold?: boolean; size?: number } = {}): void {
    const content = text.trim() ? text : 'Not given.'
    for (const part of content.split(/\n\s*\n/)) {
      this.doc
        .font(options.bold ? BOLD : REGULAR)
        .fontSize(options.size ?? BODY)
        .fillColor(options.colour ?? TEXT)
        .text(drawable(part.trim()), MARGIN, this.doc.y, {
          width: this.width(),
          structParent: this.root,
          structType: 'P',
          lineGap: 2,
        })
      this.doc.moveDown(0.5)
    }
  }

  /** A term and its value as one paragraph: "Level: Master's level 7". */
  fact(term: string, value: string): void {
    const p = this.doc.struct('P')
    this.root.add(p)
    p.add(
      this.doc.struct('Span', {}, () => {
        this.doc
          .font(BOLD)
          .fontSize(BODY)
          .fillColor(TEXT)
          .text(drawable(`${term}: `), MARGIN, this.doc.y, { width: this.width(), continued: true })
          .font(REGULAR)
          .text(drawable(value || 'Not given'), { lineGap: 2 })
      }),
    )
    p.end()
    this.doc.moveDown(0.2)
  }

  link(label: string, url: string): void {
    const p = this.doc.struct('P')
    this.root.add(p)
    p.add(
      this.doc.struct('Link', { alt: label }, () => {
        this.doc
          .font(REGULAR)
          .fontSize(BODY)
          .fillColor(BLUE)
          .text(drawable(label), MARGIN, this.doc.y, { width: this.width(), link: url, underline: true })
      }),
    )
    p.end()
    this.doc.fillColor(TEXT).moveDown(0.3)
  }

  list(items: string[], numbered = false): void {
    if (!items.length) return this.paragraph('None.')
    const list = this.doc.struct('L')
    this.root.add(list)
    this.doc
      .font(REGULAR)
      .fontSize(BODY)
      .fillColor(TEXT)
      .list(items.map(drawable), MARGIN, this.doc.y, {
        width: this.width(),
        listType: numbered ? 'numbered' : 'bullet',
        structParent: list,
        lineGap: 2,
        paragraphGap: 4,
      })
    list.end()
    this.doc.moveDown(0.5)
  }
}

function mappingLines(capability: MappedCapability): string[] {
  return capability.pillars.map(
    (pillar) =>
      `${pillar.name}: ${pillar.capabilities.map((c) => (c.label ? `${c.code} ${c.label}` : c.code)).join('; ')}`,
  )
}

function capabilities(w: Writer, items: MappedCapability[], heading: string): void {
  w.heading(2, heading)
  if (!items.length) return w.paragraph('None.')
  w.paragraph('Each is shown with the capabilities of the framework it maps to, by pillar.', { colour: GREY })
  for (const c of items) {
    w.heading(3, `${c.code}: ${c.text}`)
    w.list(mappingLines(c).length ? mappingLines(c) : ['Not mapped to the framework.'])
  }
}

function write(w: Writer, version: PublishedVersion): void {
  const { credential } = version
  const category = isInterventionType(credential.type) ? typeLabel(credential.type) : credential.type
  const kind = version.kind === 'recognition' ? 'recognised credential' : category
  w.paragraph(`${credential.area.name} - ${kind}`, { colour: GREY })
  w.heading(1, credential.title)
  w.fact('Version', String(version.number))
  w.fact('Published', longDate(version.publishedAt))
  if (version.decision) {
    w.fact('Decision', version.decision.label)
    if (version.decision.conditions) w.fact('Conditions', version.decision.conditions)
  }
  // Only what the version says, which never changes: whether a newer version exists or the
  // credential was withdrawn is for the web page, so the file can be cached for good.
  w.link('This version online', version.urls.page)
  w.paragraph('For the newest version, and to check the credential is still current:', { colour: GREY })
  w.link(version.urls.current, version.urls.current)

  const spec = version.specification
  if (spec) {
    w.heading(2, 'Purpose')
    w.paragraph(spec.purpose)
    w.heading(2, 'Scope')
    w.paragraph(spec.scope)
    w.heading(2, 'Target professions')
    w.list(spec.targetProfessions)
    w.heading(2, 'Entry requirements')
    w.heading(3, "Through an advanced-practice Master's degree")
    w.paragraph(spec.entryRequirements.mastersRoute)
    w.heading(3, 'Educational equivalence')
    w.paragraph(spec.entryRequirements.equivalence)
    w.heading(2, 'Learning outcomes')
    w.list(
      spec.outcomes.map(
        (o) =>
          `${o.code}: ${o.text}${o.frameworkCodes?.length ? ` (framework capabilities ${o.frameworkCodes.join(', ')})` : ''}`,
      ),
    )
    capabilities(w, version.mapped, 'Area-specific capabilities')
    w.heading(2, 'Coverage of the four pillars')
    w.list(
      version.coverage.map(
        (p) =>
          `${p.name}: ${p.capabilityCodes.length ? p.capabilityCodes.join(', ') : 'no capability maps to this pillar'}`,
      ),
    )
    w.heading(2, 'Assessment strategy')
    w.paragraph(spec.assessmentStrategy)
    w.heading(2, 'Level and credits')
    w.fact('Level', levelLabel(spec.level))
    w.fact('Credits', spec.credits === null ? 'Not yet known' : String(spec.credits))
  } else {
    const r = version.recognition
    if (!r) throw new Error('A recognised credential has no recognition details to print')
    w.heading(2, 'Owner')
    w.paragraph(r.ownerName)
    if (r.ownerUrl) w.link(`${r.ownerName} website`, r.ownerUrl)
    w.heading(2, "The owner's document")
    w.link(r.documentUrl, r.documentUrl)
    w.heading(2, 'Summary')
    w.paragraph(r.summary)
    capabilities(w, version.mapped, 'Crosswalk to the framework')
  }

  w.heading(2, 'Licence')
  w.paragraph(
    `This specification is published under the ${LICENCE.name} (${LICENCE.url}). ` +
      'You may copy, publish, adapt and use it freely, also commercially, if you acknowledge the source.',
  )
  w.paragraph(
    `Published by the Centre for Advancing Practice. Every version stays online at its own address.`,
    {
      colour: GREY,
    },
  )
}

/** The document's bytes, once it has ended. */
export function pdfBytes(doc: Doc): Promise<Buffer> {
  const chunks: Buffer[] = []
  return new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
}

/**
 * An A4 tagged PDF in the service's fonts, its pages numbered: the one way the service makes a
 * document, so every PDF has the same structure, language and fonts. `compress: false` keeps
 * the text readable in the file, for tests.
 */
export function taggedPdf(
  info: PDFKit.DocumentInfo,
  options: { compress?: boolean },
  draw: (w: Writer) => void,
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    tagged: true,
    lang: 'en-GB',
    displayTitle: true,
    pdfVersion: '1.7',
    compress: options.compress ?? true,
    bufferPages: true,
    info,
  })
  const done = pdfBytes(doc)
  useServiceFonts(doc)
  const root = doc.struct('Document')
  doc.addStructure(root)
  draw(new Writer(doc, root))
  root.end()
  numberPages(doc)
  doc.end()
  return done
}

/** The PDF's bytes. `compress: false` keeps the text readable in the file, for tests. */
export function renderPdf(version: PublishedVersion, options: { compress?: boolean } = {}): Promise<Buffer> {
  const title = `${version.credential.title}: specification, version ${version.number}`
  return taggedPdf(
    {
      Title: drawable(title),
      Author: 'Centre for Advancing Practice',
      Subject: `${version.credential.area.name} credential specification`,
      Keywords: 'advanced practice, credential, specification',
      // The publication date rather than now: the same version gives the same document.
      CreationDate: version.publishedAt,
      ModDate: version.publishedAt,
    },
    options,
    (w) => write(w, version),
  )
}

/**
 * "Page 1 of 3" at the foot of every page of a document made with `bufferPages: true`, outside
 * the structure tree: page numbers are not part of what the document says.
 */
export function numberPages(doc: Doc): void {
  const { start, count } = doc.bufferedPageRange()
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i)
    // Drawn in the bottom margin, which PDFKit would otherwise take as the end of the page.
    const bottom = doc.page.margins.bottom
    doc.page.margins.bottom = 0
    doc.markContent('Artifact', { type: 'Pagination' })
    doc
      .font(REGULAR)
      .fontSize(9)
      .fillColor(GREY)
      .text(`Page ${i + 1} of ${count}`, MARGIN, doc.page.height - MARGIN + 16, {
        width: doc.page.width - MARGIN * 2,
        align: 'right',
        lineBreak: false,
      })
    doc.endMarkedContent()
    doc.page.margins.bottom = bottom
  }
}
