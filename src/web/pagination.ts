// Previous and next links in the shape the NHS pagination macro takes.

export interface PageLinks {
  previous?: { href: string; labelText: string }
  next?: { href: string; labelText: string }
}

export function pageLinks(
  path: string,
  query: Record<string, string | undefined>,
  page: number,
  pageCount: number,
): PageLinks {
  const href = (n: number) => {
    const params = new URLSearchParams()
    for (const [key, value] of Object.entries(query)) if (value) params.set(key, value)
    params.set('page', String(n))
    return `${path}?${params.toString()}`
  }
  return {
    ...(page > 1 ? { previous: { href: href(page - 1), labelText: `${page - 1} of ${pageCount}` } } : {}),
    ...(page < pageCount ? { next: { href: href(page + 1), labelText: `${page + 1} of ${pageCount}` } } : {}),
  }
}
