// The real command line (src/main.ts) in a child process, on a PGlite data folder of the
// test's own: a command run to its end, or the server started and stopped.
import { spawn, type ChildProcess } from 'node:child_process'
import { PGLITE_NODE_FLAGS } from './database.ts'

const TIMEOUT_MS = 60_000

/** The environment of a child: the folder, any free port on the loopback, info logs. */
function childEnv(dataDir: string, env: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATA_DIR: dataDir,
    // PGlite in the folder even when the tests themselves run on PostgreSQL.
    DATABASE_URL: '',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    ...env,
  }
}

/** The sources through tsx; a test of the build passes its compiled main.js instead. */
const SOURCES = ['--import', 'tsx', 'src/main.ts']

function spawnCli(
  args: string[],
  dataDir: string,
  env: Record<string, string>,
  entry: string[] = SOURCES,
): ChildProcess {
  return spawn(process.execPath, [...PGLITE_NODE_FLAGS, ...entry, ...args], {
    env: childEnv(dataDir, env),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs one command to its end. */
export function runCli(
  args: string[],
  dataDir: string,
  env: Record<string, string> = {},
): Promise<CliResult> {
  const child = spawnCli(args, dataDir, env)
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${args.join(' ')} did not end within ${TIMEOUT_MS / 1000} s:\n${stdout}${stderr}`))
    }, TIMEOUT_MS)
    child.once('error', reject)
    // 'close', not 'exit': it comes once the output has been read to its end.
    child.once('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

export interface Started {
  child: ChildProcess
  baseUrl: string
  logs: string[]
}

/** Starts `serve` (from the sources, or from `entry`, such as a build's main.js) and resolves once it listens. */
export function startServer(
  dataDir: string,
  env: Record<string, string> = {},
  entry: string[] = SOURCES,
): Promise<Started> {
  const child = spawnCli(['serve'], dataDir, env, entry)
  const logs: string[] = []
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`no answer within ${TIMEOUT_MS / 1000} s:\n${logs.join('')}`))
    }, TIMEOUT_MS)
    child.stderr!.on('data', (chunk: Buffer) => logs.push(chunk.toString()))
    child.stdout!.on('data', (chunk: Buffer) => {
      logs.push(chunk.toString())
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(chunk.toString())
      if (match) {
        clearTimeout(timer)
        resolve({ child, baseUrl: match[1]!, logs })
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`exited with ${code}:\n${logs.join('')}`))
    })
  })
}

/** Stops the server with SIGTERM; resolves with its exit code. */
export function stopServer(started: Started): Promise<number | null> {
  return new Promise((resolve) => {
    started.child.removeAllListeners('exit')
    started.child.once('exit', (code) => resolve(code))
    started.child.kill('SIGTERM')
  })
}
