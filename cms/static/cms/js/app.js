import { initAll } from '../../wagtailnhsukfrontend/js/nhsuk-frontend-10.4.2.min.js'

initAll()

// Warn before the server signs a person out for not using the site (workforce/accounts/middleware.py) and let
// them stay signed in. The body's data attributes are only there when someone is signed in. Without this
// script the timeout still applies; the person is just not warned.
function sessionTimeoutWarning (body) {
  const secondsLeft = Number(body.dataset.idleTimeoutSeconds)
  const warningSeconds = Number(body.dataset.idleWarningSeconds)
  let deadline, warnTimer, endTimer, dialog

  // Reloading once the time is up shows the sign-in page and why, rather than leaving records on screen.
  const reload = () => window.location.assign(window.location.pathname + window.location.search)

  const inWords = (seconds) => {
    const [count, unit] = seconds >= 90 ? [Math.round(seconds / 60), 'minute'] : [Math.max(1, seconds), 'second']
    return `${count} ${unit}${count === 1 ? '' : 's'}`
  }

  const buildDialog = () => {
    const element = document.createElement('dialog')
    element.className = 'app-session-warning'
    element.setAttribute('aria-labelledby', 'app-session-warning-title')
    element.setAttribute('aria-describedby', 'app-session-warning-text')
    element.innerHTML = `
      <div class="nhsuk-warning-callout">
        <h2 class="nhsuk-warning-callout__label" id="app-session-warning-title">
          <span role="text"><span class="nhsuk-u-visually-hidden">Important: </span>You are about to be signed out</span>
        </h2>
        <p id="app-session-warning-text"></p>
        <button class="nhsuk-button" type="button">Stay signed in</button>
      </div>`
    element.querySelector('button').addEventListener('click', staySignedIn)
    body.append(element)
    return element
  }

  const warn = () => {
    const remaining = Math.round((deadline - Date.now()) / 1000)
    if (remaining <= 0) return reload()
    dialog = dialog || buildDialog()
    dialog.querySelector('#app-session-warning-text').textContent =
      `You will be signed out in ${inWords(remaining)} because you have not used the site.`
    if (!dialog.open) dialog.showModal()
  }

  const start = () => {
    clearTimeout(warnTimer)
    clearTimeout(endTimer)
    deadline = Date.now() + secondsLeft * 1000
    warnTimer = setTimeout(warn, Math.max(0, secondsLeft - warningSeconds) * 1000)
    endTimer = setTimeout(reload, (secondsLeft + 1) * 1000)
  }

  async function staySignedIn () {
    const form = new FormData()
    form.append('csrfmiddlewaretoken', body.dataset.csrfToken)
    try {
      // A signed-out session answers with a redirect to sign in; following it here would use up the message
      // that says why, so the page itself goes there instead.
      const response = await fetch(body.dataset.sessionKeepaliveUrl, {
        method: 'POST', body: form, credentials: 'same-origin', redirect: 'manual'
      })
      if (response.status !== 204) return reload()
    } catch {
      return reload()
    }
    dialog.close()
    // The page's count was a little under the full timeout; starting from it again warns early, never late.
    start()
  }

  start()
}

if (document.body.dataset.idleTimeoutSeconds) {
  sessionTimeoutWarning(document.body)
}
