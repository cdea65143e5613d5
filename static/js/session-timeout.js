// GOV.UK's timeout warning: before an idle session ends, a modal dialog says so and offers to stay
// signed in. The server keeps the time (people/sessions.py): before warning, the page asks it how
// long is left, since another tab may have kept the session alive meanwhile.
const dialog = document.getElementById("timeout-warning");

function minutesAndSeconds(seconds) {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  const parts = [];
  if (minutes) parts.push(`${minutes} minute${minutes === 1 ? "" : "s"}`);
  if (rest || !minutes) parts.push(`${rest} second${rest === 1 ? "" : "s"}`);
  return parts.join(" ");
}

if (dialog && typeof dialog.showModal === "function") {
  const warning = Number(dialog.dataset.warningSeconds);
  const left = dialog.querySelector("[data-timeout-left]");
  let timer = null;
  let countdown = null;

  const secondsLeft = async () => {
    try {
      const response = await fetch(dialog.dataset.leftUrl, { headers: { Accept: "application/json" } });
      if (response.redirected || !response.ok) return 0; // signed out already
      return (await response.json()).seconds;
    } catch (error) {
      return null; // no answer: look again shortly
    }
  };

  // The page again: the portal, finding the session idle, ends it and sends the sign-in page.
  const signedOut = () => window.location.reload();

  const schedule = (seconds) => {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, Math.max(seconds - warning, 0) * 1000);
  };

  const warn = (seconds) => {
    let remaining = seconds;
    left.textContent = minutesAndSeconds(remaining);
    if (!dialog.open) dialog.showModal();
    window.clearInterval(countdown);
    countdown = window.setInterval(() => {
      remaining -= 1;
      if (remaining <= 0) {
        window.clearInterval(countdown);
        signedOut();
        return;
      }
      // Read out by the minute, not every second.
      if (remaining % 60 === 0 || remaining < 60 && remaining % 20 === 0) left.textContent = minutesAndSeconds(remaining);
    }, 1000);
  };

  async function check() {
    const seconds = await secondsLeft();
    if (seconds === null) {
      schedule(warning + 30);
    } else if (seconds <= 0) {
      signedOut();
    } else if (seconds > warning) {
      schedule(seconds);
    } else {
      warn(seconds);
    }
  }

  dialog.querySelector("[data-timeout-stay]").addEventListener("click", async () => {
    window.clearInterval(countdown);
    dialog.close();
    try {
      await fetch(dialog.dataset.stayUrl);
    } catch (error) {
      // The next check finds out how long is left.
    }
    schedule(Number(dialog.dataset.idleSeconds));
  });
  // Escape closes a modal dialog: that is staying signed in too.
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    dialog.querySelector("[data-timeout-stay]").click();
  });

  schedule(Number(dialog.dataset.idleSeconds));
}
