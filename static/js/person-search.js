// The filters that choose a person (core.fields.StaffSearchField): each text input marked
// data-module="app-person-search" becomes GOV.UK's accessible autocomplete, asking the input's
// data-source (people.views.search: ?scope=...) for the people whose name holds what is typed.
// Choosing someone sends their id; anything else typed is sent as typed, and the server looks the
// name up, as it does when JavaScript is off and the input stays a plain text input.
// Loaded as a module (only browsers GOV.UK Frontend supports), after accessible-autocomplete.min.js.

const MIN_LENGTH = 2
const WAIT_MS = 150 // typing pauses this long before the portal is asked

function escapeHtml (text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

function label (person) {
  return person.team ? `${person.name} (${person.team})` : person.name
}

// The hint and error the server drew under the label, read out with the autocomplete's own hint
// (the component's input replaces the one they described).
function description (input) {
  return (input.getAttribute('aria-describedby') || '').split(/\s+/)
    .map((id) => id && document.getElementById(id))
    .filter(Boolean)
    .map((element) => element.textContent.replace(/\s+/g, ' ').trim())
    .join('. ')
}

// The people whose name holds the query, from the portal; `state.pending` while it is asked, so
// that the menu says "Searching" rather than "Nobody found" before the first answer.
function search (url, state) {
  let timer = null
  let controller = null
  return (query, populateResults) => {
    window.clearTimeout(timer)
    state.pending = true
    if (!state.searched) {
      // Until the first answer the options are the text the page came with: not a person to offer.
      state.searched = true
      populateResults([])
    }
    timer = window.setTimeout(() => {
      if (controller) controller.abort()
      controller = new AbortController()
      const address = `${url}${url.includes('?') ? '&' : '?'}q=${encodeURIComponent(query)}`
      const found = (people) => { state.pending = false; populateResults(people) }
      fetch(address, { headers: { Accept: 'application/json' }, credentials: 'same-origin', signal: controller.signal })
        .then((response) => (response.ok ? response.json() : []))
        .then((people) => found(Array.isArray(people) ? people : []))
        .catch((error) => { if (error.name !== 'AbortError') found([]) })
    }, WAIT_MS)
  }
}

function upgrade (input) {
  const { id, name, form } = input
  const typed = input.value
  const said = description(input)
  // Who the input names now: sent as their id for as long as the input still shows their name.
  let chosen = input.dataset.personId ? { id: input.dataset.personId, label: typed } : null

  const sent = document.createElement('input')
  sent.type = 'hidden'
  sent.name = name
  sent.value = chosen ? chosen.id : typed
  const wrapper = document.createElement('div')
  wrapper.className = 'app-person-search'
  if (input.classList.contains('govuk-input--error')) wrapper.classList.add('app-person-search--error')
  input.replaceWith(wrapper, sent)
  const state = { pending: false, searched: false }

  window.accessibleAutocomplete({
    element: wrapper,
    id,
    name: '', // not sent itself: `sent` carries the id or what was typed
    defaultValue: typed,
    minLength: MIN_LENGTH,
    confirmOnBlur: false,
    displayMenu: 'overlay',
    source: search(input.dataset.source, state),
    // An option is a person from the search, or (until the first search) the text the page came with.
    templates: {
      inputValue: (person) => (typeof person === 'string' ? person : person ? label(person) : ''),
      suggestion: (person) => (typeof person === 'string'
        ? escapeHtml(person)
        : escapeHtml(person.name) + (person.team ? ` <span class="app-person-search__team">${escapeHtml(person.team)}</span>` : ''))
    },
    onConfirm: (person) => { if (person && typeof person === 'object') chosen = { id: String(person.id), label: label(person) } },
    tNoResults: () => (state.pending ? 'Searching…' : 'Nobody found'),
    tStatusQueryTooShort: (length) => `Type ${length} or more letters of a name for suggestions`,
    tStatusNoResults: () => (state.pending ? 'Searching' : 'Nobody found'),
    tAssistiveHint: () => (said ? `${said}. ` : '') +
      'When suggestions are available use up and down arrows to review and enter to select. ' +
      'Touch device users, explore by touch or with swipe gestures.'
  })

  const box = document.getElementById(id)
  const update = () => {
    const now = box.value.replace(/\s+/g, ' ').trim()
    sent.value = chosen && now === chosen.label ? chosen.id : now
  }
  box.addEventListener('input', update)
  if (form) form.addEventListener('submit', update)
}

if (typeof window.accessibleAutocomplete === 'function' && 'fetch' in window) {
  document.querySelectorAll('input[data-module="app-person-search"]').forEach(upgrade)
}
