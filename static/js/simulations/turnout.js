// Live turnout: the page arrives complete from the server; this script keeps it
// up to date over the election's turnout WebSocket. Every message is the whole
// turnout, so a message lost while reconnecting costs nothing: the next one (or
// the one sent on connecting) has everything.
const root = document.getElementById("turnout");
const summary = document.getElementById("turnout-summary");
const connection = document.getElementById("turnout-connection");
// Refusals that reconnecting cannot cure: signed out, or not this user's election.
const FINAL_CODES = new Set([4401, 4403, 4404]);
const MAX_WAIT = 30000;

const language = document.documentElement.lang || undefined;
const percentFormat = new Intl.NumberFormat(language, {
  maximumFractionDigits: 1,
  minimumFractionDigits: 1,
});

function percentText(value) {
  return value === null ? "–" : `${percentFormat.format(value)}%`;
}

function describe(report) {
  let text = root.dataset.summary
    .replace("{voted}", report.voted)
    .replace("{eligible}", report.eligible);
  if (report.percent !== null) {
    text += ` (${percentText(report.percent)})`;
  }
  if (report.state !== "open") {
    text += ` ${root.dataset.closed}`;
  }
  return text;
}

function updateCells(row, data) {
  for (const name of ["voted", "eligible"]) {
    const cell = row.querySelector(`[data-cell="${name}"]`);
    if (cell) cell.textContent = String(data[name]);
  }
  const percent = row.querySelector('[data-cell="percent"]');
  if (percent) percent.textContent = percentText(data.percent);
}

function updateBar(group, data) {
  const length = Number(root.dataset.barLength);
  const share = Math.min(data.percent ?? 0, 100);
  group.querySelector("[data-bar]")?.setAttribute("width", String(Math.round((length * share) / 100)));
  const value = group.querySelector("[data-value]");
  if (value) value.textContent = `${data.voted}/${data.eligible}`;
}

function render(report) {
  const known = new Set();
  for (const data of report.classes) {
    const id = String(data.id);
    known.add(id);
    const row = root.querySelector(`tr[data-row="${CSS.escape(id)}"]`);
    const group = root.querySelector(`g[data-row="${CSS.escape(id)}"]`);
    if (!row || !group) {
      // A station the page does not show yet: the server draws it.
      window.location.reload();
      return;
    }
    updateCells(row, data);
    updateBar(group, data);
  }
  for (const data of report.schools) {
    const row = root.querySelector(`tr[data-school="${CSS.escape(data.name)}"]`);
    if (row) updateCells(row, data);
  }
  const text = describe(report);
  // Only a change is announced, so a screen reader is not repeating itself.
  if (summary.textContent.trim() !== text) summary.textContent = text;
}

let wait = 1000;

function connect() {
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  const socket = new WebSocket(`${scheme}://${window.location.host}${root.dataset.socket}`);
  socket.addEventListener("open", () => {
    wait = 1000;
    connection.textContent = root.dataset.live;
  });
  socket.addEventListener("message", (event) => {
    let message;
    try {
      message = JSON.parse(event.data);
    } catch {
      return;
    }
    if (message.type === "turnout") render(message);
    if (message.type === "error") connection.textContent = message.message;
  });
  socket.addEventListener("close", (event) => {
    if (FINAL_CODES.has(event.code)) return;
    connection.textContent = root.dataset.reconnecting;
    window.setTimeout(connect, wait);
    wait = Math.min(wait * 2, MAX_WAIT);
  });
}

if (root && summary && connection && "WebSocket" in window) {
  connect();
}
