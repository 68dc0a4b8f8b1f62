/**
 * Reading rendered pages as documents: tests ask for an element's text, an attribute or a table's
 * cells instead of matching the markup with regular expressions, so a change of attribute order,
 * whitespace or entity encoding does not break them and a phrase found in the wrong place does not
 * pass them.
 */
import { HTMLElement, TextNode, parse, type Node } from 'node-html-parser'

export { HTMLElement }

/** A page or fragment parsed once; passing an already parsed element returns it. */
export const html = (page: string | HTMLElement): HTMLElement =>
  typeof page === 'string' ? parse(page) : page

/** Text as a reader sees it: entities decoded, runs of whitespace made one space, trimmed. */
export const words = (text: string | undefined | null) => (text ?? '').replace(/\s+/g, ' ').trim()

/** The text of the first element matching the selector, or '' when there is none. */
export const textOf = (page: string | HTMLElement, selector: string) =>
  words(html(page).querySelector(selector)?.textContent)

/** The texts of every element matching the selector, in document order. */
export const textsOf = (page: string | HTMLElement, selector: string) =>
  html(page)
    .querySelectorAll(selector)
    .map((element) => words(element.textContent))

/** The text of the page's main region (the whole body when a page has none). */
export const mainText = (page: string | HTMLElement) => {
  const root = html(page)
  return words((root.querySelector('main') ?? root.querySelector('body') ?? root).textContent)
}

/** The text of the whole document, the title and header included. */
export const pageText = (page: string | HTMLElement) => words(html(page).textContent)

/**
 * Everything a page carries that a person or a script could read: its text and every attribute
 * value (hidden fields, links, data attributes). For asserting that something is absent.
 */
export const everything = (page: string | HTMLElement) => {
  const root = html(page)
  const values = root
    .querySelectorAll('*')
    .flatMap((element) => Object.entries(element.attributes).map(([name, value]) => `${name}=${value}`))
  return [words(root.textContent), ...values].join('\n')
}

/** The named attribute of the first element matching the selector. */
export const attributeOf = (page: string | HTMLElement, selector: string, name: string) =>
  html(page).querySelector(selector)?.getAttribute(name)

/** The named attribute of every element matching the selector. */
export const attributesOf = (page: string | HTMLElement, selector: string, name: string) =>
  html(page)
    .querySelectorAll(selector)
    .map((element) => element.getAttribute(name) ?? '')

/** Whether any element matches the selector. */
export const has = (page: string | HTMLElement, selector: string) =>
  html(page).querySelector(selector) !== null

/** The hrefs of links, optionally only those whose text is the one given. */
export const hrefs = (page: string | HTMLElement, text?: string | RegExp) =>
  html(page)
    .querySelectorAll('a[href]')
    .filter((a) =>
      text === undefined
        ? true
        : typeof text === 'string'
          ? words(a.textContent) === text
          : text.test(words(a.textContent)),
    )
    .map((a) => a.getAttribute('href') ?? '')

/** The links on the page as text and href. */
export const links = (page: string | HTMLElement, selector = 'a[href]') =>
  html(page)
    .querySelectorAll(selector)
    .map((a) => ({ text: words(a.textContent), href: a.getAttribute('href') ?? '' }))

/** The messages listed in the error summary, in order. */
export const errorSummary = (page: string | HTMLElement) => textsOf(page, '.nhsuk-error-summary__list li')

/** The error summary's entries as the field each links to and its message. */
export const errorLinks = (page: string | HTMLElement) =>
  html(page)
    .querySelectorAll('.nhsuk-error-summary__list a')
    .map((a) => ({ href: a.getAttribute('href') ?? '', text: words(a.textContent) }))

/** The messages shown beside fields (not in the summary), in document order. */
export const fieldErrors = (page: string | HTMLElement) =>
  textsOf(page, '.nhsuk-error-message').map((text) => text.replace(/^Error:\s*/, ''))

/** The notification banner's text, or '' when the page shows none. */
export const banner = (page: string | HTMLElement) => textOf(page, '.nhsuk-notification-banner')

/** The page's level-one heading. */
export const heading = (page: string | HTMLElement) => textOf(page, 'h1')

/** The class of the heading that responsive tables repeat inside each cell for small screens. */
const RESPONSIVE_HEADING = /(^|\s)nhsuk-table(__|-responsive__)heading(\s|$)/

/** A cell's text without the heading that responsive tables repeat inside each cell for small screens. */
const cellText = (cell: HTMLElement) => {
  const text = words(cell.textContent)
  const heading = textOf(cell, '.nhsuk-table__heading, .nhsuk-table-responsive__heading')
  return heading && text.startsWith(heading) ? words(text.slice(heading.length)) : text
}

/** The rows of the tables (or the one selected) as arrays of their cells' texts, headers excluded. */
export const tableRows = (page: string | HTMLElement, selector = 'table') =>
  html(page)
    .querySelectorAll(`${selector} tr`)
    .filter((row) => row.parentNode?.rawTagName.toLowerCase() !== 'thead')
    .map((row) => row.querySelectorAll('th, td').map(cellText))

/** The rows of summary lists as key → value texts (a key shown twice keeps its last value). */
export const summaryRows = (page: string | HTMLElement, selector = '.nhsuk-summary-list') => {
  const rows: Record<string, string> = {}
  for (const row of html(page).querySelectorAll(`${selector} .nhsuk-summary-list__row`)) {
    rows[textOf(row, '.nhsuk-summary-list__key')] = textOf(row, '.nhsuk-summary-list__value')
  }
  return rows
}

/** The value of the named form field (input or textarea), the first one when named twice. */
export const fieldValue = (page: string | HTMLElement, name: string, within = '') => {
  const field = html(page).querySelector(`${within} [name="${name}"]`.trim())
  if (!field) return undefined
  return field.tagName === 'TEXTAREA' ? field.textContent : field.getAttribute('value')
}

/** The values of a select's options, by the select's name. */
export const optionValues = (page: string | HTMLElement, name: string) =>
  attributesOf(page, `select[name="${name}"] option`, 'value')

/** The hidden row version of the form posting to the action given (the first form when none is). */
export const rowVersionIn = (page: string | HTMLElement, action?: string) => {
  const form = action === undefined ? html(page) : html(page).querySelector(`form[action="${action}"]`)
  const value = form ? fieldValue(form, 'rowVersion') : undefined
  if (value === undefined || value === null)
    throw new Error(`no rowVersion field${action ? ` in ${action}` : ''}`)
  return value
}

/** The message the error summary gives for the field with the id given, or undefined. */
export const errorFor = (page: string | HTMLElement, id: string) =>
  errorLinks(page).find((link) => link.href === `#${id}`)?.text

/** The element right after the link with the text given (a task's status tag, say), as text and classes. */
export const afterLink = (page: string | HTMLElement, text: string) => {
  const link = html(page)
    .querySelectorAll('a')
    .find((a) => words(a.textContent) === text)
  const next = link?.nextElementSibling
  return next ? { text: words(next.textContent), classes: next.getAttribute('class') ?? '' } : undefined
}

/** Whether a link with the href given exists, optionally with exactly the text given. */
export const hasLink = (page: string | HTMLElement, href: string, text?: string) =>
  links(page).some((link) => link.href === href && (text === undefined || link.text === text))

/** The options marked selected, in document order, as value and text. */
export const selectedOptions = (page: string | HTMLElement) =>
  html(page)
    .querySelectorAll('option[selected]')
    .map((option) => ({ value: option.getAttribute('value') ?? '', text: words(option.textContent) }))

/** The values of the checked boxes and radios named as given (any name when none is). */
export const checkedValues = (page: string | HTMLElement, name?: string) =>
  attributesOf(page, `input${name === undefined ? '' : `[name="${name}"]`}[checked]`, 'value')

/**
 * The document's text with a space wherever a tag was, scripts left out, spaces collapsed: what a
 * reader sees on a desktop, with table cells and list items kept apart.
 */
export const spacedText = (page: string | HTMLElement) => {
  const parts: string[] = []
  const walk = (node: Node) => {
    if (node instanceof TextNode) parts.push(node.text)
    else if (node instanceof HTMLElement && ['script', 'style'].includes(node.rawTagName)) return
    // The column heading a responsive table repeats in each cell for phones.
    else if (node instanceof HTMLElement && RESPONSIVE_HEADING.test(node.classNames)) return
    else for (const child of node.childNodes) walk(child)
    parts.push(' ')
  }
  walk(html(page))
  return words(parts.join(' '))
}
