// Tells GOV.UK Frontend's styles that scripts run (and whether the browser is one it supports),
// before the page is drawn: loaded at the top of <body>, as the inline script GOV.UK's template
// has would be (the portal's Content-Security-Policy allows no inline script).
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '')
