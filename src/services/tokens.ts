// Secrets handed to people (session cookies, links in e-mails, API tokens) are random and
// only their SHA-256 is stored, so a copy of the database lets nobody in.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

export function newToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url')
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}
