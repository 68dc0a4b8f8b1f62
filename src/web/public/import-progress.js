// An award upload's page, while the upload runs: the progress bar and figures follow the
// upload live (without this script the page reloads itself every few seconds instead), and
// the page reloads once it has finished, to show the outcome.
const panel = document.querySelector('[data-progress-url]')
const POLL_MS = 2000

if (panel) {
  const url = panel.getAttribute('data-progress-url')
  const bar = panel.querySelector('progress')
  const label = panel.querySelector('label')
  const field = (name) => panel.querySelector(`[data-field="${name}"]`)
  const of = (n, total) => `${n} of ${total || 'those in the file'}`

  const poll = async () => {
    try {
      const response = await fetch(url, {
        headers: { accept: 'application/json' },
        credentials: 'same-origin',
      })
      if (response.ok) {
        const progress = await response.json()
        if (progress.finished) {
          window.location.reload()
          return
        }
        if (bar) {
          bar.value = progress.percent
          bar.textContent = `${progress.percent}%`
        }
        if (label) label.textContent = `${progress.percent}% done`
        field('checked').textContent = of(progress.checkedRows, progress.totalRows)
        field('saved').textContent = of(progress.savedRows, progress.totalRows)
        field('time-left').textContent = progress.timeLeft
      }
    } catch {
      // The next poll tries again.
    }
    window.setTimeout(poll, POLL_MS)
  }
  window.setTimeout(poll, POLL_MS)
}
