// The time left on a self-paced question, counted down on the pupil's device.
// The server decides: an answer after its deadline is refused whatever this
// shows. When time is up the page reloads to show the server's view.

const display = document.getElementById("time-left");
const alertRegion = document.getElementById("time-alert");

function start() {
  if (!display) return;
  const deadline = Date.now() + Number(display.dataset.remainingMs || 0);
  const template = display.dataset.secondsLeft || "%(seconds)s";
  let warned = false;
  const tick = () => {
    const left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
    if (left === 0) {
      display.textContent = display.dataset.timeUp || "";
      window.setTimeout(() => window.location.reload(), 1500);
      return;
    }
    display.textContent = template.replace("%(seconds)s", String(left));
    if (!warned && left <= 10 && alertRegion) {
      warned = true;
      alertRegion.textContent = alertRegion.dataset.warning || "";
    }
    window.setTimeout(tick, 250);
  };
  tick();
}

start();
