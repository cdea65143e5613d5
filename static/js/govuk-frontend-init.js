// Starts GOV.UK Frontend's components. The address of its module comes from this script's
// data-govuk-frontend attribute (base.html), so it is the hashed file that collectstatic made.
const script = document.querySelector('script[data-govuk-frontend]')

if (script) {
  import(script.dataset.govukFrontend).then(({ initAll }) => initAll())
}
