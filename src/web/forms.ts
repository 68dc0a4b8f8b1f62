// Form errors travel as one list for the error summary; each field finds its own message
// in the same list, by the id the summary links to.

export interface FieldError {
  text: string
  href: string
}

/** { area: "Select a clinical area from the list" } from [{ text, href: "#area" }]. */
export function errorsByField(errors: FieldError[]): Record<string, string> {
  const byField: Record<string, string> = {}
  for (const error of errors) {
    const id = error.href.replace(/^#/, '')
    byField[id] ??= error.text
  }
  return byField
}
