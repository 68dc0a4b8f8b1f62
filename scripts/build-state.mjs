// Whether a build in dist/ was made from the sources as they are now: `npm start` runs the
// build when it is, and the sources through tsx when it is not (scripts/start.mjs).
import { readdirSync, statSync } from 'node:fs'
import path from 'node:path'

/** The file whose modification time is when the build began reading the sources. */
export const STAMP = '.built'

/** What the build reads besides src/: a change to either changes the compiled code. */
const CONFIG_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json']

/** The latest modification time under `dir`, folders included (a deleted file changes its folder's). */
function newest(dir) {
  let latest = statSync(dir).mtimeMs
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const at = path.join(dir, entry.name)
    latest = Math.max(latest, entry.isDirectory() ? newest(at) : statSync(at).mtimeMs)
  }
  return latest
}

/** True when `distDir` holds a finished build begun after the last change to the sources of `root`. */
export function isBuildCurrent(root, distDir = path.join(root, 'dist')) {
  let built
  try {
    built = statSync(path.join(distDir, STAMP)).mtimeMs
  } catch {
    return false
  }
  const sources = Math.max(
    newest(path.join(root, 'src')),
    ...CONFIG_FILES.map((file) => {
      try {
        return statSync(path.join(root, file)).mtimeMs
      } catch {
        return 0
      }
    }),
  )
  return sources < built
}
