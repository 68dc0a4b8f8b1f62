// The browser tests' harness: the real app on a real listener and seeded database, driven
// by Debian's Chromium through playwright-core. Browser tests never skip: without Chromium
// they fail and say how to fix it.
import axe from 'axe-core'
import type { FastifyInstance } from 'fastify'
import type { AddressInfo } from 'node:net'
import { chromium, type Browser, type Page } from 'playwright-core'
import { findChromium } from '../../scripts/chromium.ts'
import { createTestApp, type TestApp } from './app.ts'

/** We run as root on a machine without network: no sandbox, no GPU, no calls home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export interface BrowserHarness {
  testApp: TestApp
  browser: Browser
  /** Where the app listens, such as http://127.0.0.1:41234 (no trailing slash). */
  baseUrl: string
  close(): Promise<void>
}

export function chromiumPath(): string {
  const found = findChromium()
  if (!found) {
    throw new Error(
      'The browser tests need Chromium, and `chromium` is not on the PATH. They never skip.\n' +
        "Install Debian's package as root (apt-get update && apt-get install -y chromium), " +
        'or run `npm test`, which installs it when it can.',
    )
  }
  return found
}

/** One app, one listener and one browser for a whole test file. */
export async function startBrowserHarness(): Promise<BrowserHarness> {
  const executablePath = chromiumPath()
  const [testApp, browser] = await Promise.all([
    createTestApp(),
    chromium.launch({ executablePath, args: CHROMIUM_ARGS }),
  ])
  try {
    await testApp.app.listen({ port: 0, host: '127.0.0.1' })
  } catch (error) {
    await Promise.allSettled([browser.close(), testApp.close()])
    throw error
  }
  const { port } = testApp.app.server.address() as AddressInfo
  return {
    testApp,
    browser,
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      const results = await Promise.allSettled([browser.close(), testApp.close()])
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
      if (failed) throw failed.reason
    },
  }
}

// ---------------------------------------------------------------------------------------
// Accessibility

/** WCAG 2.2 AA as axe-core knows it (2.2 adds only AA rules to axe's 2.1 ones). */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

export interface AxeOutcome {
  violations: axe.Result[]
  /** How many rules passed: proof that axe really looked at the page. */
  passes: number
}

/**
 * Runs axe-core on the page as it is now. The page's context must be created with
 * `bypassCSP: true`: the site's CSP allows only our own scripts and nonced inline ones,
 * and axe is injected as an inline script.
 */
export async function runAxe(page: Page): Promise<AxeOutcome> {
  await page.addScriptTag({ content: axe.source })
  return page.evaluate(async (tags) => {
    const { axe: injected } = window as unknown as { axe: typeof axe }
    const results = await injected.run(document, {
      runOnly: { type: 'tag', values: tags },
      // Only violations need every node; passes and the rest are only counted.
      resultTypes: ['violations'],
    })
    return { violations: results.violations, passes: results.passes.length }
  }, AXE_TAGS)
}

/** Violations as a reader wants them in a failed assertion: rule, help, and each node. */
export function formatViolations(url: string, violations: axe.Result[]): string {
  const lines = [`${violations.length} accessibility violation(s) on ${url}:`]
  for (const v of violations) {
    lines.push(`- ${v.id} (${v.impact ?? 'unknown impact'}): ${v.help}`, `  ${v.helpUrl}`)
    for (const node of v.nodes) {
      lines.push(`    at ${node.target.join(' ')}`, `      ${node.html}`)
      const summary = (node.failureSummary ?? '')
        .split('\n')
        .slice(1)
        .map((line) => line.trim())
        .filter(Boolean)
        .slice(0, 3)
        .join('; ')
      if (summary) lines.push(`      ${summary}`)
    }
  }
  return lines.join('\n')
}

// ---------------------------------------------------------------------------------------
// The app's routes

/** GET routes under these never render an HTML page for a person. */
export const NON_PAGE_PREFIXES = ['/api', '/health', '/assets']

const isUnder = (routePath: string, prefix: string) =>
  routePath === prefix || routePath.startsWith(`${prefix}/`)

/**
 * Every GET route's path, read from Fastify's route tree (`printRoutes`), as in
 * ['/', '/about', '/credentials', '/credentials/:slug', '/assets/*', ...]. Each line of the
 * tree is one node; a path is its ancestors' segments joined, and a node with methods in
 * brackets is a route.
 */
export function getRoutePaths(app: FastifyInstance): string[] {
  const tree = app.printRoutes({ method: 'GET', commonPrefix: true })
  const segments: string[] = []
  const paths: string[] = []
  for (const line of tree.split('\n')) {
    if (!line.trim()) continue
    const match = /^((?:│ {3}| {4})*)(?:└── |├── )(\S+)(?: \(([^)]*)\))?$/.exec(line)
    if (!match) throw new Error(`Cannot read this line of app.printRoutes(): ${JSON.stringify(line)}`)
    const depth = (match[1] ?? '').length / 4
    segments.length = depth
    segments.push(match[2] ?? '')
    const methods = (match[3] ?? '').split(',').map((m) => m.trim())
    if (methods.includes('GET')) paths.push(segments.join(''))
  }
  return [...new Set(paths)].sort()
}

/** GET routes that may render HTML for a person: not the API, the health check or assets. */
export function getPageRoutePaths(app: FastifyInstance): string[] {
  return getRoutePaths(app).filter((p) => !NON_PAGE_PREFIXES.some((prefix) => isUnder(p, prefix)))
}

export const isParameterised = (routePath: string): boolean => /[:*]/.test(routePath)
