// Enhancements only: every page works without this file.
import { initAll } from '/assets/nhsuk/nhsuk-frontend.min.js'

initAll()

// nhsuk-frontend marks a radio that reveals more questions with aria-expanded, which ARIA
// does not allow on a radio (axe: aria-allowed-attr); aria-controls already ties the radio
// to what it reveals, as GOV.UK Frontend now does. Take it off whenever the library sets it.
const expandedRadios = new MutationObserver((records) => {
  for (const { target } of records)
    if (target instanceof Element && target.hasAttribute('aria-expanded'))
      target.removeAttribute('aria-expanded')
})
for (const radio of document.querySelectorAll('.nhsuk-radios__input[aria-controls]')) {
  radio.removeAttribute('aria-expanded')
  expandedRadios.observe(radio, { attributes: true, attributeFilter: ['aria-expanded'] })
}
