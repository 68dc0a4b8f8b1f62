// A printable certificate of an award: an A4 landscape tagged PDF with the holder's name, the
// credential, the provider and the date, and a QR code (drawn as vector squares) leading to
// the award's verification page, where anyone can check it is genuine and still valid.
import PDFDocument from 'pdfkit'
import QRCode from 'qrcode'
import type { AwardCopy } from '../../services/award-credentials.ts'
import { pdfBytes } from '../publication/pdf.ts'
import { BOLD, drawable, REGULAR, useServiceFonts } from '../pdf-fonts.ts'
import { longDate } from '../../domain/dates.ts'
import { AWARD_STATUS_LABELS } from '../../domain/providers.ts'

type CertificateDetails = Pick<
  AwardCopy,
  'holderName' | 'credentialTitle' | 'versionNumber' | 'providerName' | 'awardedOn' | 'verifyUrl' | 'status'
>

const BLUE = '#005eb8'
const TEXT = '#212b32'
const GREY = '#4c6272'

export function certificateFileName(details: CertificateDetails): string {
  const slug = details.credentialTitle
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return `certificate-${slug || 'credential'}.pdf`
}

export function renderCertificate(
  details: CertificateDetails,
  options: { compress?: boolean } = {},
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 56,
    tagged: true,
    lang: 'en-GB',
    displayTitle: true,
    pdfVersion: '1.7',
    compress: options.compress ?? true,
    info: {
      Title: drawable(`Certificate: ${details.credentialTitle}, awarded to ${details.holderName}`),
      Author: drawable(details.providerName),
      Subject: 'Advanced practice credential',
      CreationDate: new Date(`${details.awardedOn}T00:00:00Z`),
    },
  })
  const done = pdfBytes(doc)
  useServiceFonts(doc)
  const root = doc.struct('Document')
  doc.addStructure(root)
  const width = doc.page.width - 112
  const say = (type: 'H1' | 'P', text: string, font: string, size: number, colour: string, gap = 12) => {
    root.add(
      doc.struct(type, {}, () => {
        doc
          .font(font)
          .fontSize(size)
          .fillColor(colour)
          .text(drawable(text), 56, undefined, { width, align: 'center' })
      }),
    )
    doc.moveDown(gap / size)
  }
  doc
    .rect(28, 28, doc.page.width - 56, doc.page.height - 56)
    .lineWidth(3)
    .strokeColor(BLUE)
    .stroke()
  doc.y = 80
  say('P', 'Advanced practice credential', REGULAR, 14, GREY)
  say('H1', details.credentialTitle, BOLD, 30, BLUE, 20)
  say('P', 'awarded to', REGULAR, 14, GREY)
  say('P', details.holderName, BOLD, 26, TEXT, 20)
  say('P', `by ${details.providerName} on ${longDate(details.awardedOn)}`, REGULAR, 14, TEXT)
  say(
    'P',
    `Specification version ${details.versionNumber}, endorsed by the Centre for Advancing Practice`,
    REGULAR,
    11,
    GREY,
  )
  if (details.status !== 'active')
    say(
      'P',
      `This award has been ${AWARD_STATUS_LABELS[details.status].toLowerCase()}: it is not valid.`,
      BOLD,
      16,
      '#d5281b',
    )

  // The QR code: the verification page's address, drawn module by module.
  const qr = QRCode.create(details.verifyUrl, { errorCorrectionLevel: 'M' })
  const size = 110
  const cell = size / qr.modules.size
  const left = doc.page.width - 56 - size - 20
  const top = doc.page.height - 56 - size - 20
  root.add(
    doc.struct('Figure', { alt: `QR code leading to ${details.verifyUrl}` }, () => {
      for (let row = 0; row < qr.modules.size; row++)
        for (let col = 0; col < qr.modules.size; col++)
          if (qr.modules.get(row, col)) doc.rect(left + col * cell, top + row * cell, cell, cell)
      doc.fillColor(TEXT).fill()
    }),
  )
  root.add(
    doc.struct('P', {}, () => {
      doc
        .font(REGULAR)
        .fontSize(10)
        .fillColor(TEXT)
        .text(drawable(`Check this certificate: ${details.verifyUrl}`), 76, top + 30, {
          width: left - 96,
          link: details.verifyUrl,
        })
    }),
  )
  root.end()
  doc.end()
  return done
}
