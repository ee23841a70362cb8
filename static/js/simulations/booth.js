// The classroom voting booth. The server already makes one unlock give one
// ballot and keeps every booth page out of caches; this script only helps the
// screen: the heading takes the focus (a screen reader starts there), a second
// press of "Cast my vote" is ignored, and a page the browser restores from its
// back/forward cache is fetched again, so nobody sees a previous voter's screen.
const screen = document.querySelector("[data-booth]");

window.addEventListener("pageshow", (event) => {
  if (event.persisted) {
    window.location.reload();
  }
});

if (screen) {
  document.getElementById("booth-heading")?.focus();
  const ballot = screen.querySelector("form[data-booth-ballot]");
  if (ballot) {
    // Browsers may refill a form they restore; a new voter starts blank.
    ballot.reset();
    ballot.addEventListener("submit", (event) => {
      if (ballot.dataset.sent) {
        event.preventDefault();
        return;
      }
      ballot.dataset.sent = "true";
      ballot.querySelector("button[type=submit]")?.setAttribute("aria-disabled", "true");
    });
  }
}
