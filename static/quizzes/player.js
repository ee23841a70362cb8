// The player's phone: join with the PIN and a nickname (or a generated one), then
// answer every kind of question. "Answer received" is shown only once the server
// acknowledges the answer (it is committed by then). The reconnect token is kept
// in localStorage, so a refresh, a lost connection or a closed tab brings the same
// player back with their score.

import { choiceMark, Countdown, el, format, loadStrings, QuizSocket } from "./socket.js";
import { distributionView, questionHeader, standingsList } from "./render.js";

const STORAGE_KEY = "youth-civics-quiz-player";
const strings = loadStrings();
const $ = (id) => document.getElementById(id);
const form = $("join-form");

let socket = null;
let countdown = null;
let pin = "";
let token = null;
let nickname = "";
let me = null;
let lastStreak = 0;
let current = { phase: null, question: null, timing: null, answered: false };

function stored() {
  try {
    return JSON.parse(window.localStorage.getItem(STORAGE_KEY) || "null");
  } catch {
    return null;
  }
}

function store() {
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify({ pin, token }));
  } catch {
    // Private browsing may refuse storage: the game still works, only a refresh
    // would need a new nickname.
  }
}

function forget() {
  token = null;
  try {
    window.localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing stored.
  }
}

function showError(message) {
  $("play-error").textContent = message || "";
}

function showForm() {
  form.hidden = false;
  $("game").hidden = true;
  $("play-heading").focus?.();
}

function showGame() {
  form.hidden = true;
  $("game").hidden = false;
}

// Joining ----------------------------------------------------------------------------

function connect() {
  if (socket) {
    socket.stop();
  }
  socket = new QuizSocket(`/ws/quiz/${pin}/play/`, {
    onMessage: receive,
    onOpen: hello,
    onStatus: (status) => {
      $("connection").textContent = status === "connected" ? "" : strings[status];
    },
    onGiveUp: () => {
      $("connection").textContent = "";
      if (!me) {
        showForm();
      }
    },
  });
  countdown = new Countdown(el("p", { class: "countdown" }), socket, strings);
  socket.connect();
}

function hello() {
  if (token) {
    socket.send("rejoin", { token });
  } else {
    socket.send("join", { nickname });
  }
}

function join(generated) {
  showError("");
  const field = $("join-pin");
  const entered = field.value.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(entered)) {
    showError(strings.pin_format);
    field.setAttribute("aria-invalid", "true");
    field.focus();
    return;
  }
  field.removeAttribute("aria-invalid");
  pin = entered;
  nickname = generated ? "" : $("join-nickname").value.trim();
  token = null;
  $("connection").textContent = strings.joining;
  connect();
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  join(false);
});
form.querySelector("[data-join=generated]").addEventListener("click", () => join(true));

// Messages ---------------------------------------------------------------------------

const JOIN_ERRORS = new Set([
  "nickname_taken", "nickname_length", "nickname_characters", "nickname_offensive",
  "locked", "no_such_game", "finished", "too_many_attempts", "no_such_player", "removed",
]);
const ANSWER_RETRY = new Set(["invalid_answer", "paused", "too_many_messages", "server_error"]);

function receive(message) {
  const handler = HANDLERS[message.type];
  if (handler) {
    handler(message);
  }
}

const HANDLERS = {
  joined(message) {
    me = message.player;
    if (message.token) {
      token = message.token;
    }
    store();
    showError("");
    showGame();
    $("you").textContent = format(strings.you_play_as, { name: me.nickname });
  },
  state(state) {
    current = {
      phase: state.phase,
      question: state.question || null,
      timing: state.timing || null,
      answered: Boolean(state.you && state.you.answered),
    };
    if (state.you) {
      showStanding(state.you);
    }
    const views = {
      lobby: () => waiting(strings.waiting_start),
      question: () => (current.answered ? answeredView() : answerView()),
      closed: () => resultView(state.closed),
      leaderboard: () => leaderboardView(state.leaderboard),
      final: () => finalView(state.final),
    };
    views[state.phase]();
  },
  question_opened(event) {
    current = { phase: "question", question: event.question, timing: event.timing, answered: false };
    $("feedback").textContent = "";
    answerView();
  },
  paused(event) {
    current.timing = event.timing;
    countdown.show(event.timing);
  },
  resumed(event) {
    current.timing = event.timing;
    countdown.show(event.timing);
  },
  time_added(event) {
    current.timing = event.timing;
    countdown.show(event.timing);
  },
  question_closed(event) {
    current.phase = "closed";
    resultView(event);
  },
  question_skipped() {
    countdown.stop();
    $("feedback").textContent = strings.result_skipped;
  },
  leaderboard(event) {
    current.phase = "leaderboard";
    leaderboardView(event);
  },
  final(event) {
    current.phase = "final";
    finalView(event);
  },
  ack(message) {
    if (current.question && message.question === current.question.index) {
      current.answered = true;
      answeredView();
    }
  },
  error(error) {
    if (!me && JOIN_ERRORS.has(error.code)) {
      if (["no_such_player", "removed", "finished"].includes(error.code)) {
        forget();
      }
      socket.stop();
      showForm();
      showError(error.message);
      return;
    }
    if (error.code === "removed" || error.code === "finished") {
      forget();
    }
    if (error.code === "removed") {
      setBody(el("p", { class: "big-message" }, error.message));
      $("feedback").textContent = "";
      return;
    }
    $("feedback").textContent = error.message;
    if (ANSWER_RETRY.has(error.code)) {
      enableAnswering(true);
    }
  },
};

// Views ------------------------------------------------------------------------------

function setBody(...nodes) {
  countdown?.stop();
  $("game-body").replaceChildren(...nodes);
}

function phaseLine(text) {
  $("phase").textContent = text;
}

function waiting(text) {
  phaseLine(text);
  setBody();
}

function showStanding(you) {
  if (you.streak !== undefined && you.streak !== null) {
    lastStreak = you.streak;
  }
  if (you.rank === null || you.rank === undefined) {
    $("standing").textContent = "";
    return;
  }
  $("standing").textContent = format(strings.standing, {
    score: you.score,
    rank: you.rank,
    streak: lastStreak,
  });
}

function answeredView() {
  const question = current.question;
  phaseLine(format(strings.question_of, { number: question.index + 1, count: question.count }));
  setBody(questionHeader(question, strings), countdown.node);
  countdown.show(current.timing);
  $("feedback").textContent = strings.received_waiting;
}

function answerView() {
  const question = current.question;
  phaseLine(format(strings.question_of, { number: question.index + 1, count: question.count }));
  setBody(
    questionHeader(question, strings),
    countdown.node,
    el("p", { class: "kind-hint" }, strings[`kind_${question.kind}`]),
    ANSWER_VIEWS[question.kind](question),
  );
  countdown.show(current.timing);
}

function send(answer) {
  enableAnswering(false);
  $("feedback").textContent = strings.sending;
  socket.send("answer", { question: current.question.index, answer });
}

function enableAnswering(enabled) {
  for (const control of $("game-body").querySelectorAll(".answer-area button, .answer-area input, .answer-area textarea")) {
    control.disabled = !enabled;
  }
}

function choiceButtons(question, onPick, { pressed = null } = {}) {
  return el(
    "div",
    { class: "answer-area choice-grid", role: "group", "aria-labelledby": "question-text" },
    question.choices.map((choice, index) =>
      el(
        "button",
        {
          type: "button",
          class: `choice-button choice-${index % 6}`,
          "aria-pressed": pressed ? "false" : null,
          onclick: (event) => onPick(choice, event.currentTarget),
        },
        choiceMark(index, strings),
        el("span", { class: "choice-text" }, choice.text),
      ),
    ),
  );
}

function singleView(question) {
  return choiceButtons(question, (choice) => send({ choice: choice.id }));
}

function multipleView(question) {
  const picked = new Set();
  const area = choiceButtons(
    question,
    (choice, button) => {
      if (picked.has(choice.id)) {
        picked.delete(choice.id);
      } else {
        picked.add(choice.id);
      }
      button.setAttribute("aria-pressed", String(picked.has(choice.id)));
    },
    { pressed: true },
  );
  area.append(
    el(
      "button",
      {
        type: "button",
        class: "button send-button",
        onclick: () => {
          if (!picked.size) {
            $("feedback").textContent = strings.choose_one;
            return;
          }
          send({ choices: [...picked] });
        },
      },
      strings.send,
    ),
  );
  return area;
}

function textView(question, { maxlength, multiline = false }) {
  const id = `answer-${question.index}`;
  const field = multiline
    ? el("textarea", { id, name: "text", maxlength, rows: 3 })
    : el("input", { id, type: "text", name: "text", maxlength, autocomplete: "off" });
  return el(
    "form",
    {
      class: "answer-area text-answer",
      onsubmit: (event) => {
        event.preventDefault();
        const text = field.value.trim();
        if (!text) {
          $("feedback").textContent = strings.choose_one;
          field.focus();
          return;
        }
        send({ text });
      },
    },
    el("label", { for: id }, strings.your_answer),
    field,
    el("button", { type: "submit", class: "button" }, strings.send),
  );
}

function sliderView(question) {
  const { min, max, step } = question.slider;
  const steps = Math.round((max - min) / step);
  const middle = min + Math.round(steps / 2) * step;
  const id = `answer-${question.index}`;
  const input = el("input", { id, type: "range", min, max, step, value: middle });
  const output = el("output", { for: id, class: "slider-value" }, format(strings.your_value, { value: middle }));
  input.addEventListener("input", () => {
    output.textContent = format(strings.your_value, { value: input.value });
  });
  return el(
    "div",
    { class: "answer-area slider-answer" },
    el("label", { for: id }, strings.your_answer),
    el("div", { class: "slider-scale" }, el("span", {}, String(min)), input, el("span", {}, String(max))),
    output,
    el("button", { type: "button", class: "button", onclick: () => send({ value: Number(input.value) }) }, strings.send),
  );
}

function orderView(question) {
  const items = [...question.choices];
  const list = el("ol", { class: "order-list" });
  const draw = (focusId = null, direction = null) => {
    list.replaceChildren(
      ...items.map((item, position) =>
        el(
          "li",
          { class: "order-item" },
          el("span", { class: "order-text" }, item.text),
          el(
            "button",
            {
              type: "button",
              class: "order-move",
              "data-id": item.id,
              "data-direction": "up",
              disabled: position === 0,
              "aria-label": format(strings.move_up, { item: item.text }),
              onclick: () => move(position, -1),
            },
            "↑",
          ),
          el(
            "button",
            {
              type: "button",
              class: "order-move",
              "data-id": item.id,
              "data-direction": "down",
              disabled: position === items.length - 1,
              "aria-label": format(strings.move_down, { item: item.text }),
              onclick: () => move(position, 1),
            },
            "↓",
          ),
        ),
      ),
    );
    if (focusId !== null) {
      const target =
        list.querySelector(`[data-id="${focusId}"][data-direction="${direction}"]:not([disabled])`) ||
        list.querySelector(`[data-id="${focusId}"]:not([disabled])`);
      target?.focus();
    }
  };
  const move = (position, by) => {
    const [item] = items.splice(position, 1);
    items.splice(position + by, 0, item);
    draw(item.id, by < 0 ? "up" : "down");
    $("feedback").textContent = format(strings.item_position, { position: position + by + 1, item: item.text });
  };
  draw();
  return el(
    "div",
    { class: "answer-area order-answer" },
    list,
    el("button", { type: "button", class: "button", onclick: () => send({ order: items.map((i) => i.id) }) }, strings.send),
  );
}

const ANSWER_VIEWS = {
  single: singleView,
  true_false: singleView,
  poll: singleView,
  multiple: multipleView,
  type_answer: (q) => textView(q, { maxlength: 100 }),
  word_cloud: (q) => textView(q, { maxlength: 40 }),
  open: (q) => textView(q, { maxlength: 250, multiline: true }),
  slider: sliderView,
  order: orderView,
};

function resultView(closed) {
  const you = closed.you;
  let line = strings.result_missed;
  if (you && you.answered) {
    if (you.correct === true) {
      line = format(strings.result_right, { points: you.points });
      if (you.bonus) {
        line += ` ${format(strings.result_bonus, { bonus: you.bonus })}`;
      }
    } else if (you.correct === false) {
      line = strings.result_wrong;
    } else {
      line = strings.result_unscored;
    }
  }
  const question = current.question;
  phaseLine(
    question ? format(strings.question_of, { number: question.index + 1, count: question.count }) : "",
  );
  $("feedback").textContent = "";
  const mark = you?.correct === true ? "✓ " : you?.correct === false ? "✗ " : "";
  const nodes = [el("p", { class: "big-message result-line" }, mark, line)];
  if (current.question) {
    nodes.push(distributionView(current.question, closed, strings));
  }
  setBody(...nodes);
  if (you) {
    showStanding(you);
  }
}

function leaderboardView(board) {
  phaseLine(strings.waiting_next);
  $("feedback").textContent = "";
  setBody(el("h3", {}, strings.leaderboard), standingsList(board.standings, strings, me?.id));
  if (board.you) {
    showStanding(board.you);
  }
}

function finalView(final) {
  forget();
  phaseLine(strings.game_over);
  $("feedback").textContent = "";
  const you = final.you;
  setBody(
    you ? el("p", { class: "big-message final-place" }, format(strings.final_place, { rank: you.rank, score: you.score })) : "",
    el("h3", {}, strings.podium),
    standingsList(final.podium, strings, me?.id),
    el("p", {}, el("a", { href: window.location.pathname }, strings.join_again)),
  );
  $("standing").textContent = "";
}

// Coming back ------------------------------------------------------------------------

const saved = stored();
const wanted = $("join-pin").value;
if (saved && saved.token && (!wanted || wanted === saved.pin)) {
  pin = saved.pin;
  token = saved.token;
  form.hidden = true;
  $("connection").textContent = strings.joining;
  connect();
}
