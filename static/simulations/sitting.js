// A sitting's live screen (chair, member or projector). The socket says when the
// sitting changed (a "state" message with a higher seq); the screen then fetches
// its server-rendered fragment and swaps it in, keeping the focus. Members' forms
// marked data-socket-form are sent over the socket when it is open, otherwise
// posted as usual. The countdown ticks against the server's clock.

const root = document.getElementById("live");
const announcer = document.getElementById("sitting-announce");
const connection = document.getElementById("sitting-connection");

let shownSeq = Number(root?.dataset.seq ?? -1);
let socket = null;
let retry = 1000;
let clockOffset = 0; // server time minus this browser's time, in ms
let lastAnnouncement = root?.querySelector("[data-announce]")?.dataset.announce ?? "";
let nextId = 1;

function focusKey() {
  const active = document.activeElement;
  return active && root.contains(active) ? active.dataset.focusKey : null;
}

async function refresh() {
  const key = focusKey();
  const response = await fetch(root.dataset.liveUrl, {
    credentials: "same-origin",
    headers: { Accept: "text/html" },
  });
  if (!response.ok) return;
  root.innerHTML = await response.text();
  if (key) {
    const again = root.querySelector(`[data-focus-key="${CSS.escape(key)}"]`);
    if (again) again.focus();
  }
  const announce = root.querySelector("[data-announce]")?.dataset.announce ?? "";
  if (announce && announce !== lastAnnouncement && announcer) {
    announcer.textContent = announce;
  }
  lastAnnouncement = announce;
  bindForms();
  tick();
}

function setConnection(text) {
  if (connection) connection.textContent = text;
}

function connect() {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  socket = new WebSocket(`${scheme}://${location.host}${root.dataset.socket}`);
  socket.addEventListener("open", () => {
    retry = 1000;
    setConnection("");
  });
  socket.addEventListener("message", (event) => {
    let message;
    try {
      message = JSON.parse(event.data);
    } catch {
      return;
    }
    if (message.type === "state") {
      clockOffset = Date.parse(message.server_time) - Date.now();
      if (message.seq !== shownSeq) {
        shownSeq = message.seq;
        refresh();
      }
    } else if (message.type === "error" && message.message && announcer) {
      announcer.textContent = message.message;
      showError(message.message);
    }
  });
  socket.addEventListener("close", (event) => {
    socket = null;
    if (event.code === 4401 || event.code === 4404) return;
    setConnection(root.dataset.reconnecting || "…");
    setTimeout(connect, retry);
    retry = Math.min(retry * 2, 15000);
  });
}

function showError(text) {
  let box = document.getElementById("sitting-error");
  if (!box) {
    box = document.createElement("p");
    box.id = "sitting-error";
    box.className = "message message-error";
    box.setAttribute("role", "alert");
    root.before(box);
  }
  box.textContent = text;
}

function bindForms() {
  for (const form of root.querySelectorAll("form[data-socket-form]")) {
    form.addEventListener("submit", (event) => {
      if (!socket || socket.readyState !== WebSocket.OPEN) return; // posts as usual
      event.preventDefault();
      const data = new FormData(form, event.submitter);
      const message = { type: data.get("action"), id: String(nextId++) };
      if (message.type === "vote") {
        message.vote = Number(data.get("vote"));
        message.choice = data.get("choice");
      }
      for (const button of form.querySelectorAll("button")) button.disabled = true;
      document.getElementById("sitting-error")?.remove();
      socket.send(JSON.stringify(message));
      // The state that follows re-renders the form; if it was refused, the
      // buttons come back when the next state (or a resync) arrives.
      setTimeout(() => {
        for (const button of form.querySelectorAll("button")) button.disabled = false;
      }, 3000);
    });
  }
}

function tick() {
  for (const timer of root.querySelectorAll("[data-deadline]")) {
    const left = Math.max(
      0,
      Math.ceil((Date.parse(timer.dataset.deadline) - (Date.now() + clockOffset)) / 1000),
    );
    if (left === 0) {
      timer.textContent = timer.dataset.timeUp;
      timer.classList.add("overrun");
    } else {
      timer.textContent = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
    }
  }
}

if (root) {
  bindForms();
  connect();
  setInterval(tick, 1000);
}
