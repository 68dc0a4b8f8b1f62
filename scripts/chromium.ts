// Finds Debian's Chromium for the browser tests, installing it when we are allowed to.
// Browser tests never skip: without Chromium the run fails and says how to fix it.
import { spawnSync } from 'node:child_process'

export function findChromium(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' })
  const path = found.stdout.trim()
  return found.status === 0 && path ? path : undefined
}

function run(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  })
  return result.status === 0
}

export function ensureChromium(): string {
  const existing = findChromium()
  if (existing) return existing
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get']).status === 0
  if (isRoot && hasApt) {
    console.log("Chromium is not installed: installing Debian's chromium package for the browser tests")
    if (run('apt-get', ['update', '-qq']) && run('apt-get', ['install', '-y', '-qq', 'chromium'])) {
      const installed = findChromium()
      if (installed) return installed
    }
  }
  throw new Error(
    'The browser tests need Chromium, which is not installed and could not be installed here.\n' +
      "Install Debian's package as root: apt-get update && apt-get install -y chromium",
  )
}
