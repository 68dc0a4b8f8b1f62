// The one place that reads the environment. Everything else receives a Config.
import path from 'node:path'

export type NodeEnv = 'development' | 'test' | 'production'

export interface Config {
  readonly nodeEnv: NodeEnv
  readonly port: number
  readonly host: string
  /** Folder that holds the embedded PGlite database. */
  readonly dataDir: string
  /** When set, PostgreSQL is used instead of PGlite. */
  readonly databaseUrl: string | undefined
  /** Public address used to build absolute links (API items, OpenAPI servers). */
  readonly baseUrl: string
  readonly logLevel: string
}

export class ConfigError extends Error {}

const NODE_ENVS: readonly NodeEnv[] = ['development', 'test', 'production']

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 3000
  const port = Number(raw)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a whole number from 0 to 65535, not "${raw}"`)
  }
  return port
}

function parseBaseUrl(raw: string | undefined, port: number): string {
  const value = raw === undefined || raw === '' ? `http://localhost:${port}` : raw
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new ConfigError(`BASE_URL must be an absolute http(s) URL, not "${value}"`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`BASE_URL must use http or https, not "${url.protocol}"`)
  }
  return url.href.replace(/\/$/, '')
}

/** Pure: builds a frozen Config from an environment-like record. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const nodeEnvRaw = env.NODE_ENV ?? 'development'
  if (!NODE_ENVS.includes(nodeEnvRaw as NodeEnv)) {
    throw new ConfigError(`NODE_ENV must be one of ${NODE_ENVS.join(', ')}, not "${nodeEnvRaw}"`)
  }
  const port = parsePort(env.PORT)
  const databaseUrl = env.DATABASE_URL === '' ? undefined : env.DATABASE_URL
  return Object.freeze({
    nodeEnv: nodeEnvRaw as NodeEnv,
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    databaseUrl,
    baseUrl: parseBaseUrl(env.BASE_URL, port),
    logLevel: env.LOG_LEVEL ?? (nodeEnvRaw === 'test' ? 'silent' : 'info'),
  })
}

export const config: Config = parseConfig(process.env)
