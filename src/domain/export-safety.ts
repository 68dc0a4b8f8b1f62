// What may leave the service in a downloaded file. Audit before/after values are written
// to say what changed, never to hold secrets; this is the second line of defence, for a
// file that will be passed around: a value under a key that names a secret, and the token
// in any link, are replaced. And the names uploaded files are stored and downloaded under.

const SECRET_KEY = /token|secret|password|hash|salt|digest|key$|link$/i
const TOKEN_IN_LINK = /([?&](?:token|code|key|secret)=)[^&#\s"]+/gi

export const REMOVED = '[removed]'

/** A copy of a JSON value without secrets: the value of a secret-named key, or a link's token. */
export function withoutSecrets(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(TOKEN_IN_LINK, `$1${REMOVED}`)
  if (Array.isArray(value)) return value.map(withoutSecrets)
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        SECRET_KEY.test(key) && inner !== null ? REMOVED : withoutSecrets(inner),
      ]),
    )
  return value
}

/**
 * A stored file's name without its extension, safe in a Content-Disposition header and as a
 * path in the data export: letters, digits, spaces, dots and dashes of Latin script only, no
 * folders. "../证书 ✓.json" becomes "..", and so the fallback.
 */
export function safeBaseName(filename: string, fallback: string): string {
  const base = (filename.split(/[\\/]/).pop() ?? '')
    .replace(/\.[^.]*$/, '')
    .replace(/[^A-Za-z0-9 ._-]+/g, '')
    .replace(/^[.\s]+/, '')
    .trim()
    .slice(0, 100)
  return base || fallback
}
