// The board report's page while its PDF is made: without a script the page refreshes itself
// (a <noscript> refresh); with one, the status line follows the build and the page reloads
// once, when the PDF is ready or the build has failed.
const status = document.querySelector("[data-board-progress]");

async function follow() {
  try {
    const response = await fetch(status.dataset.boardProgress, { headers: { Accept: "application/json" } });
    if (response.ok) {
      const progress = await response.json();
      if (progress.done) {
        window.location.reload();
        return;
      }
      status.textContent = `The PDF is being made: ${progress.label.toLowerCase()}.`;
    }
  } catch (error) {
    // A lost connection: try again on the next tick.
  }
  window.setTimeout(follow, 1500);
}

if (status) {
  window.setTimeout(follow, 1500);
}
