// A page that follows long work done by Celery (an import run's page, templates/imports/run.html):
// without a script the page refreshes itself (a <noscript> refresh); with one, the element marked
// data-follow-progress="<JSON address>" shows the JSON's `label` as the work goes on, and the page
// reloads once, when the JSON says `done` (finished, or failed). Any page whose JSON gives
// {label, done} can use it.
const status = document.querySelector("[data-follow-progress]");

async function follow() {
  try {
    const response = await fetch(status.dataset.followProgress, { headers: { Accept: "application/json" } });
    if (response.ok) {
      const progress = await response.json();
      if (progress.done) {
        window.location.reload();
        return;
      }
      status.textContent = `${progress.label}.`;
    }
  } catch (error) {
    // A lost connection: try again on the next tick.
  }
  window.setTimeout(follow, 1500);
}

if (status) {
  window.setTimeout(follow, 1500);
}
