// A reconnecting client for the live-quiz sockets (docs/quizzes/protocol.md).
//
// It applies numbered events in order: an event one past the last is passed on,
// an old one is dropped, and a jump ahead means something was lost, so it asks for
// the whole state ("sync") and waits for it. After a lost connection it opens a new
// socket (waiting a little longer each time) and lets the page say hello again
// (the player rejoins with its token; the host gets the state at once). It also
// keeps the offset between the server's clock and this device's, so countdowns
// follow the server's deadline.

// Replies and notices: not numbered events, so they never start a sync.
const NOT_EVENTS = new Set([
  "joined", "state", "ack", "ok", "pong", "error", "answer_pending",
]);
// Close codes after which reconnecting would not help.
const FINAL_CLOSES = new Set([4401, 4403, 4404, 4410, 4413, 4429]);

export class QuizSocket {
  constructor(path, { onMessage, onOpen, onStatus, onGiveUp } = {}) {
    this.path = path;
    this.onMessage = onMessage || (() => {});
    this.onOpen = onOpen || (() => {});
    this.onStatus = onStatus || (() => {});
    this.onGiveUp = onGiveUp || (() => {});
    this.lastSeq = 0;
    this.syncing = false;
    this.offsetMs = 0;
    this.attempt = 0;
    this.stopped = false;
    this.nextId = 1;
    this.socket = null;
  }

  url() {
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    return `${scheme}//${window.location.host}${this.path}`;
  }

  connect() {
    this.stopped = false;
    this.onStatus(this.attempt ? "reconnecting" : "connecting");
    const socket = new WebSocket(this.url());
    this.socket = socket;
    socket.addEventListener("open", () => {
      this.attempt = 0;
      this.syncing = false;
      this.onStatus("connected");
      this.onOpen();
    });
    socket.addEventListener("message", (event) => this.receive(event.data));
    socket.addEventListener("close", (event) => this.closed(event));
  }

  closed(event) {
    if (this.stopped) {
      return;
    }
    if (FINAL_CLOSES.has(event.code)) {
      this.stopped = true;
      this.onGiveUp(event.code, event.reason);
      return;
    }
    this.attempt += 1;
    this.onStatus("reconnecting");
    // 0.5 s, 1 s, 2 s ... up to 10 s, spread so a class does not return at once.
    const wait = Math.min(10000, 500 * 2 ** (this.attempt - 1));
    setTimeout(() => this.connect(), wait * (0.75 + Math.random() / 2));
  }

  stop() {
    this.stopped = true;
    if (this.socket) {
      this.socket.close();
    }
  }

  send(type, fields = {}) {
    const id = this.nextId++;
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) {
      return null;
    }
    this.socket.send(JSON.stringify({ type, id, ...fields }));
    return id;
  }

  sync() {
    if (!this.syncing) {
      this.syncing = true;
      this.send("sync");
    }
  }

  noteServerTime(text) {
    const moment = Date.parse(text || "");
    if (!Number.isNaN(moment)) {
      this.offsetMs = moment - Date.now();
    }
  }

  // The server's clock now, as far as this device can tell.
  serverNow() {
    return Date.now() + this.offsetMs;
  }

  // Milliseconds left before a question's deadline (null while paused).
  remainingMs(timing) {
    if (!timing) {
      return null;
    }
    if (!timing.deadline) {
      return timing.remaining_ms;
    }
    return Math.max(0, Date.parse(timing.deadline) - this.serverNow());
  }

  receive(text) {
    let message;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (message.server_time) {
      this.noteServerTime(message.server_time);
    } else if (message.timing && message.timing.server_time) {
      this.noteServerTime(message.timing.server_time);
    }
    if (message.type === "state") {
      this.syncing = false;
      this.lastSeq = message.seq;
      this.onMessage(message);
      return;
    }
    if (NOT_EVENTS.has(message.type)) {
      this.onMessage(message);
      return;
    }
    if (this.syncing || message.seq <= this.lastSeq) {
      return;
    }
    if (message.seq !== this.lastSeq + 1) {
      this.sync();
      return;
    }
    this.lastSeq = message.seq;
    this.onMessage(message);
  }
}

// The page's words, translated on the server (a JSON data block).
export function loadStrings(id = "quiz-strings") {
  const node = document.getElementById(id);
  return node ? JSON.parse(node.textContent) : {};
}

// Fills %(name)s placeholders.
export function format(template, values = {}) {
  return String(template || "").replace(/%\((\w+)\)s/g, (_, key) =>
    key in values ? String(values[key]) : "",
  );
}

// Builds an element: el("p", {class: "x"}, "text", child).
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) {
      continue;
    }
    if (name === "class") {
      node.className = value;
    } else if (name.startsWith("on")) {
      node.addEventListener(name.slice(2), value);
    } else {
      node.setAttribute(name, value === true ? "" : value);
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(child instanceof Node ? child : String(child));
    }
  }
  return node;
}

const SVG = "http://www.w3.org/2000/svg";

export function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    node.setAttribute(name, value);
  }
  for (const child of children.flat(Infinity)) {
    if (child !== null && child !== undefined) {
      node.append(child instanceof Node ? child : String(child));
    }
  }
  return node;
}

// Choice letters and shapes, so colour is never the only way to tell them apart.
export const SHAPES = ["triangle", "diamond", "circle", "square", "star", "hexagon"];
const SHAPE_SIGNS = {
  triangle: "▲", diamond: "◆", circle: "●", square: "■", star: "★", hexagon: "⬢",
};

export function choiceMark(index, strings) {
  const shape = SHAPES[index % SHAPES.length];
  const letter = String.fromCharCode(65 + index);
  return el(
    "span",
    { class: `choice-mark shape-${shape}` },
    el("span", { class: "choice-letter" }, letter),
    el("span", { class: "choice-shape", "aria-hidden": "true" }, SHAPE_SIGNS[shape]),
    el("span", { class: "visually-hidden" }, ` (${strings[`shape_${shape}`] || shape}) `),
  );
}

// A countdown that shows the time left before the server's deadline.
export class Countdown {
  constructor(node, socket, strings) {
    this.node = node;
    this.socket = socket;
    this.strings = strings;
    this.timer = null;
  }

  show(timing) {
    this.stop();
    this.timing = timing;
    this.tick();
    if (timing && timing.deadline) {
      this.timer = setInterval(() => this.tick(), 250);
    }
  }

  tick() {
    const timing = this.timing;
    if (!timing) {
      this.node.textContent = "";
      return;
    }
    const left = this.socket.remainingMs(timing);
    const seconds = Math.ceil((left || 0) / 1000);
    if (timing.paused) {
      this.node.textContent = `${this.strings.paused} · ${format(this.strings.time_left, { seconds })}`;
    } else if (seconds <= 0) {
      this.node.textContent = this.strings.time_up;
      this.stop();
    } else {
      this.node.textContent = format(this.strings.time_left, { seconds });
    }
    this.node.classList.toggle("countdown-low", seconds > 0 && seconds <= 5);
  }

  stop() {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }
}
