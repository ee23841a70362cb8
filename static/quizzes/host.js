// The host's projector screen: the lobby, questions with the server's countdown,
// how the room answered, leaderboards and the podium, and the host's controls.
// Everything is rebuilt from the server's "state" (on opening, reconnecting or
// after a gap), then kept up to date by the numbered events.

import { choiceMark, Countdown, el, format, loadStrings, QuizSocket } from "./socket.js";
import { distributionView, podiumView, questionHeader, standingsList } from "./render.js";

const root = document.getElementById("quiz-host");
const strings = loadStrings();
const $ = (id) => document.getElementById(id);

// The controls that apply in each phase (as the server's "actions" in a state).
const PHASE_ACTIONS = {
  lobby: ["start", "end"],
  question: ["next", "skip", "pause", "add_time", "end"],
  closed: ["next", "skip", "end"],
  leaderboard: ["next", "skip", "end"],
  final: [],
};

const game = {
  session: null,
  phase: "lobby",
  questionIndex: null,
  question: null,
  timing: null,
  answered: 0,
  closed: null,
  leaderboard: null,
  final: null,
  players: new Map(),
  pending: new Map(),
  approved: [],
  actions: [],
};

const socket = new QuizSocket(root.dataset.socket, {
  onMessage: receive,
  onStatus: (status) => {
    $("connection").textContent = strings[status] || "";
  },
  onGiveUp: () => {
    $("connection").textContent = "";
  },
});
const countdown = new Countdown(el("p", { class: "countdown" }), socket, strings);

function announce(key, values = {}) {
  $("phase").textContent = format(strings[key], values);
}

function number() {
  return (game.questionIndex ?? 0) + 1;
}

function receive(message) {
  const handler = HANDLERS[message.type];
  if (handler) {
    handler(message);
  }
}

const HANDLERS = {
  state(state) {
    game.session = state.session;
    game.phase = state.phase;
    game.questionIndex = state.question_index;
    game.question = state.question || null;
    game.timing = state.timing || null;
    game.answered = state.answered || 0;
    game.closed = state.closed || null;
    game.leaderboard = state.leaderboard || null;
    game.final = state.final || null;
    game.players = new Map(state.players.map((p) => [p.id, p]));
    game.pending = new Map(state.pending.map((a) => [a.id, a]));
    game.actions = state.actions;
    announcePhase();
    render();
  },
  player_joined(event) {
    game.players.set(event.player.id, { ...event.player, answered: false });
    renderPlayers();
  },
  player_updated(event) {
    const known = game.players.get(event.player.id) || {};
    game.players.set(event.player.id, { ...known, ...event.player });
    renderPlayers();
  },
  player_removed(event) {
    game.players.delete(event.player.id);
    renderPlayers();
  },
  presence(event) {
    const player = game.players.get(event.player);
    if (player) {
      player.connected = event.connected;
      renderPlayers();
    }
  },
  lock(event) {
    game.session.locked = event.locked;
    announce(event.locked ? "locked" : "unlocked");
    renderControls();
  },
  question_opened(event) {
    Object.assign(game, {
      phase: "question",
      questionIndex: event.question_index,
      question: event.question,
      timing: event.timing,
      answered: 0,
      closed: null,
      approved: [],
    });
    game.pending.clear();
    for (const player of game.players.values()) {
      player.answered = false;
    }
    game.actions = PHASE_ACTIONS.question;
    announce("phase_question", { number: number(), count: event.question.count });
    render();
  },
  answer_count(event) {
    game.answered = event.answered;
    renderAnswered();
  },
  paused(event) {
    game.timing = event.timing;
    game.actions = ["next", "skip", "resume", "end"];
    announce("phase_paused");
    countdown.show(game.timing);
    renderControls();
  },
  resumed(event) {
    game.timing = event.timing;
    game.actions = PHASE_ACTIONS.question;
    announce("phase_resumed");
    countdown.show(game.timing);
    renderControls();
  },
  time_added(event) {
    game.timing = event.timing;
    announce("phase_time_added");
    countdown.show(game.timing);
  },
  question_closed(event) {
    Object.assign(game, { phase: "closed", closed: event, actions: PHASE_ACTIONS.closed });
    updateScores(event.results);
    announce("phase_closed", { number: event.question_index + 1 });
    render();
  },
  question_skipped(event) {
    announce("phase_skipped", { number: event.question_index + 1 });
  },
  answer_approved(event) {
    game.pending.delete(event.answer.id);
    game.approved.push(event.answer.text);
    renderPending();
    if (game.phase === "question") {
      renderStage();
    } else if (game.phase === "closed") {
      // The closed question's word cloud or answers now include this one: the
      // state carries them, counted by the server.
      socket.sync();
    }
  },
  answer_pending(notice) {
    if (notice.question_index === game.questionIndex) {
      game.pending.set(notice.id, notice);
      renderPending();
    }
  },
  leaderboard(event) {
    Object.assign(game, {
      phase: "leaderboard",
      leaderboard: event,
      actions: PHASE_ACTIONS.leaderboard,
    });
    announce("phase_leaderboard", { number: event.question_index + 1 });
    render();
  },
  final(event) {
    Object.assign(game, { phase: "final", final: event, actions: [] });
    game.pending.clear();
    updateScores(event.results);
    announce("phase_final");
    render();
  },
  ok() {
    $("host-error").textContent = "";
  },
  error(error) {
    $("host-error").textContent = error.message;
  },
};

// Scores move when a question closes; the events carry every player's.
function updateScores(results) {
  for (const [id, result] of Object.entries(results || {})) {
    const player = game.players.get(Number(id));
    if (player) {
      player.score = result.score;
    }
  }
}

function announcePhase() {
  const count = game.session.question_count;
  const keys = {
    lobby: ["phase_lobby", {}],
    question: [game.timing?.paused ? "phase_paused" : "phase_question", { number: number(), count }],
    closed: ["phase_closed", { number: number() }],
    leaderboard: ["phase_leaderboard", { number: number() }],
    final: ["phase_final", {}],
  };
  const [key, values] = keys[game.phase];
  announce(key, values);
}

// Drawing ----------------------------------------------------------------------------

function render() {
  $("lobby").hidden = game.phase !== "lobby";
  $("stage").hidden = game.phase === "lobby";
  $("results-link").hidden = game.phase !== "final";
  renderStage();
  renderControls();
  renderPlayers();
  renderPending();
}

function renderStage() {
  const body = $("stage-body");
  countdown.stop();
  const views = {
    question: questionView,
    closed: closedView,
    leaderboard: () => leaderboardView(game.leaderboard),
    final: finalView,
  };
  const view = views[game.phase];
  body.replaceChildren(view ? view() : "");
}

function questionView() {
  const question = game.question;
  countdown.show(game.timing);
  const parts = [
    questionHeader(question, strings),
    el("p", { class: "kind-hint" }, strings[`kind_${question.kind}`]),
    countdown.node,
    el("p", { class: "answered", id: "answered", "aria-live": "off" }, answeredText()),
  ];
  if (question.choices.length && question.kind !== "order") {
    parts.push(
      el(
        "ul",
        { class: "choices-board" },
        question.choices.map((choice, index) =>
          el("li", { class: `board-choice choice-${index % 6}` }, choiceMark(index, strings), choice.text),
        ),
      ),
    );
  } else if (question.kind === "order") {
    parts.push(el("ul", { class: "order-board" }, question.choices.map((c) => el("li", {}, c.text))));
  }
  if (game.approved.length) {
    parts.push(
      el("h4", {}, strings.texts_heading),
      el("ul", { class: "open-texts" }, game.approved.map((text) => el("li", {}, text))),
    );
  }
  return el("div", { class: "question-view" }, parts);
}

function answeredText() {
  return format(strings.answered_count, { answered: game.answered, players: game.players.size });
}

function renderAnswered() {
  const node = $("answered");
  if (node) {
    node.textContent = answeredText();
  }
}

function closedView() {
  return el(
    "div",
    { class: "closed-view" },
    questionHeader(game.question, strings),
    distributionView(game.question, game.closed, strings),
  );
}

function leaderboardView(board) {
  return el(
    "div",
    { class: "leaderboard-view" },
    el("h3", {}, strings.leaderboard),
    standingsList(board.standings, strings),
  );
}

function finalView() {
  return el(
    "div",
    { class: "final-view" },
    podiumView(game.final.podium, strings),
    el("h3", {}, strings.final_standings),
    standingsList(game.final.standings, strings),
  );
}

function renderControls() {
  const actions = new Set(game.actions);
  for (const button of root.querySelectorAll("[data-action]")) {
    const action = button.dataset.action;
    if (action === "lock") {
      button.disabled = !game.session || game.phase === "final";
      button.textContent = game.session?.locked ? strings.unlock : strings.lock;
    } else {
      button.disabled = !actions.has(action);
    }
    // Only the controls that apply are shown; "start" stands in for "next" in the lobby.
    button.hidden = action !== "lock" && action !== "end" && !actions.has(action);
  }
}

function renderPlayers() {
  const list = $("player-list");
  const players = [...game.players.values()].sort((a, b) => b.score - a.score);
  $("no-players").hidden = players.length > 0;
  $("players-count").textContent = format(strings.players_count, { count: players.length });
  list.replaceChildren(...players.map(playerRow));
}

function playerRow(player) {
  const select = el(
    "select",
    {
      "aria-label": format(strings.extra_time, { name: player.nickname }),
      onchange: (event) =>
        control("extend_time", { player: player.id, multiplier: Number(event.target.value) }),
    },
    [1, 1.5, 2, 3].map((times) =>
      el(
        "option",
        { value: times, selected: Number(player.time_multiplier) === times },
        times === 1 ? strings.time_usual : format(strings.time_times, { times }),
      ),
    ),
  );
  const status = player.connected ? strings.online : strings.offline;
  return el(
    "li",
    { class: player.connected ? "player" : "player player-offline" },
    el("span", { class: "player-name" }, player.nickname),
    el("span", { class: "player-status" }, `(${status})`),
    el("span", { class: "player-score" }, format(strings.points, { score: player.score })),
    select,
    el(
      "button",
      {
        type: "button",
        class: "link-button",
        "aria-label": format(strings.remove_named, { name: player.nickname }),
        onclick: () => {
          if (window.confirm(format(strings.confirm_remove, { name: player.nickname }))) {
            control("remove", { player: player.id });
          }
        },
      },
      strings.remove,
    ),
  );
}

function renderPending() {
  const answers = [...game.pending.values()];
  const freeText = ["word_cloud", "open"].includes(game.question?.kind);
  $("pending").hidden = game.phase === "final" || (answers.length === 0 && !freeText);
  $("pending-list").replaceChildren(
    ...(answers.length
      ? answers.map((answer) =>
          el(
            "li",
            {},
            el("span", { class: "pending-text" }, answer.text),
            el("span", { class: "helptext" }, answer.nickname),
            el(
              "button",
              {
                type: "button",
                class: "button button-secondary",
                "aria-label": format(strings.approve_named, { name: answer.nickname }),
                onclick: () => control("approve", { answer: answer.id }),
              },
              strings.approve,
            ),
          ),
        )
      : [el("li", {}, strings.no_pending)]),
  );
}

// Controls ---------------------------------------------------------------------------

function control(type, fields = {}) {
  $("host-error").textContent = "";
  socket.send(type, fields);
}

function press(action, button) {
  if (action === "end" && !window.confirm(strings.confirm_end)) {
    return;
  }
  if (action === "lock") {
    control("lock", { locked: !game.session.locked });
  } else if (action === "add_time") {
    control("add_time", { seconds: Number(button.dataset.seconds || 10) });
  } else {
    control(action);
  }
}

root.addEventListener("click", (event) => {
  const button = event.target.closest("[data-action]");
  if (button && !button.disabled) {
    press(button.dataset.action, button);
  }
});

const SHORTCUTS = { n: ["start", "next"], s: ["skip"], p: ["pause", "resume"], t: ["add_time"], l: ["lock"], e: ["end"] };

document.addEventListener("keydown", (event) => {
  const typing = event.target.closest("input, select, textarea, [contenteditable]");
  if (typing || event.ctrlKey || event.metaKey || event.altKey) {
    return;
  }
  for (const action of SHORTCUTS[event.key.toLowerCase()] || []) {
    const button = root.querySelector(`[data-action="${action}"]`);
    if (button && !button.disabled && !button.hidden) {
      event.preventDefault();
      press(action, button);
      return;
    }
  }
});

socket.connect();
