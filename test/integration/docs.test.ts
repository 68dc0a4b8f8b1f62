// The docs stay true as the code moves: every setting the configuration reads is documented,
// every file they name exists, every link between them lands on a heading, and neither docs
// nor code cite documents kept outside the repository.
import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, it } from 'node:test'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const read = (file: string) => readFileSync(path.join(root, file), 'utf8')

const docs = [
  'README.md',
  'bench/README.md',
  ...readdirSync(path.join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
]

/** Paths inside the repository that a document names, such as `src/web/catalogue/routes.ts`. */
function repositoryPaths(text: string): string[] {
  const found = text.matchAll(/(?<![\w./-])((?:src|test|bench|scripts|demo|docs|\.ci)\/[\w.*/-]*)/g)
  return [...new Set([...found].map((m) => (m[1] ?? '').replace(/[.]+$/, '')))]
}

/** Whether a path exists; a glob such as `src/db/seed/*.json` needs the folder before its `*`. */
function exists(repoPath: string): boolean {
  const star = repoPath.indexOf('*')
  const fixed = star === -1 ? repoPath : repoPath.slice(0, repoPath.lastIndexOf('/', star) + 1)
  return existsSync(path.join(root, fixed))
}

/** The anchors a Markdown file's headings get: lower case, punctuation dropped, spaces as -. */
function anchors(text: string): Set<string> {
  const headings = [...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => m[1] ?? '')
  return new Set(
    headings.map((heading) =>
      heading
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replace(/ /g, '-'),
    ),
  )
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir)).flatMap((name) => {
    const relative = `${dir}/${name}`
    if (statSync(path.join(root, relative)).isDirectory()) return sourceFiles(relative)
    return /\.(ts|mjs|njk)$/.test(name) ? [relative] : []
  })
}

describe('the documentation', () => {
  it('documents every setting src/config.ts reads in docs/configuration.md', () => {
    const settings = new Set(
      [...read('src/config.ts').matchAll(/\benv\.([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]),
    )
    assert.ok(settings.size > 20, `found only ${settings.size} settings in src/config.ts`)
    const page = read('docs/configuration.md')
    const missing = [...settings].filter((name) => !page.includes(`\`${name}\``))
    assert.deepEqual(missing, [], 'settings read in src/config.ts but not in docs/configuration.md')
  })

  it('names only files and folders that exist', () => {
    const missing = docs.flatMap((doc) =>
      repositoryPaths(read(doc))
        .filter((repoPath) => !exists(repoPath))
        .map((repoPath) => `${doc}: ${repoPath}`),
    )
    assert.deepEqual(missing, [])
  })

  it('links only to files and headings that exist', () => {
    const broken = docs.flatMap((doc) =>
      [...read(doc).matchAll(/\]\(([^)\s]+)\)/g)]
        .map((m) => m[1] ?? '')
        .filter((target) => !/^[a-z]+:/.test(target))
        .filter((target) => {
          const [file = '', anchor] = target.split('#')
          const linked = file === '' ? doc : path.posix.join(path.posix.dirname(doc), file)
          if (!existsSync(path.join(root, linked))) return true
          if (anchor === undefined || !linked.endsWith('.md')) return false
          return !anchors(read(linked)).has(anchor)
        })
        .map((target) => `${doc}: ${target}`),
    )
    assert.deepEqual(broken, [])
  })

  it('keeps the README short', () => {
    const lines = read('README.md').split('\n').length
    assert.ok(lines < 200, `README.md has ${lines} lines`)
  })

  it('cites no issue or journey kept outside the repository, in docs or code', () => {
    const citation = /\b(?:issue|journey) \d+\b/i
    const files = [...docs, ...['src', 'test', 'bench', 'scripts'].flatMap(sourceFiles)]
    const citing = files.filter((file) => citation.test(read(file)))
    assert.deepEqual(citing, [])
  })
})
