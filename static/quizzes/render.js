// What the host's screen and the players' phones both draw: the question, how the
// room answered (bars with the right answer marked in words and a tick, not by
// colour alone), and standings.

import { choiceMark, el, format, svg } from "./socket.js";

const CHOICE_KINDS = new Set(["single", "multiple", "true_false", "poll"]);

export function questionHeader(question, strings) {
  return el(
    "header",
    { class: "question-head" },
    el(
      "p",
      { class: "question-number" },
      format(strings.question_of, { number: question.index + 1, count: question.count }),
    ),
    el("h3", { class: "question-text", id: "question-text" }, question.text),
    question.image
      ? el("img", {
          class: "question-image",
          src: question.image,
          alt: question.image_alt || strings.question_image,
        })
      : null,
  );
}

function bar(count, most) {
  const width = most ? Math.round((count / most) * 300) : 0;
  return svg(
    "svg",
    {
      class: "bar",
      viewBox: "0 0 300 24",
      preserveAspectRatio: "none",
      "aria-hidden": "true",
      focusable: "false",
    },
    svg("rect", { x: 0, y: 2, width: Math.max(width, 2), height: 20, class: "bar-fill" }),
  );
}

function barRow({ mark, label, count, most, right, strings }) {
  return el(
    "li",
    { class: right ? "bar-row bar-right" : "bar-row" },
    el("span", { class: "bar-label" }, mark, label),
    bar(count, most),
    el("span", { class: "bar-count" }, format(strings.votes, { count })),
    right ? el("strong", { class: "right-mark" }, `✓ ${strings.right}`) : null,
  );
}

function choiceBars(question, closed, strings) {
  const counts = (closed.distribution && closed.distribution.choices) || {};
  const right = new Set((closed.correct && closed.correct.choices) || []);
  const most = Math.max(0, ...Object.values(counts));
  return el(
    "ul",
    { class: "bars" },
    question.choices.map((choice, index) =>
      barRow({
        mark: choiceMark(index, strings),
        label: choice.text,
        count: counts[choice.id] || 0,
        most,
        right: right.has(choice.id),
        strings,
      }),
    ),
  );
}

function rightWrongBars(closed, strings) {
  const counts = closed.distribution || {};
  const most = Math.max(counts.correct || 0, counts.incorrect || 0);
  return el(
    "ul",
    { class: "bars" },
    barRow({
      mark: el("span", { class: "choice-mark", "aria-hidden": "true" }, "✓"),
      label: format(strings.correct_count, { count: counts.correct || 0 }),
      count: counts.correct || 0,
      most,
      right: false,
      strings,
    }),
    barRow({
      mark: el("span", { class: "choice-mark", "aria-hidden": "true" }, "✗"),
      label: format(strings.incorrect_count, { count: counts.incorrect || 0 }),
      count: counts.incorrect || 0,
      most,
      right: false,
      strings,
    }),
  );
}

function rightAnswer(question, closed, strings) {
  const correct = closed.correct;
  if (!correct) {
    return el("p", { class: "no-right-answer" }, strings.no_right_answer);
  }
  if (correct.accepted) {
    return el(
      "p",
      { class: "right-answer" },
      el("strong", {}, `✓ `),
      format(strings.accepted, { answers: correct.accepted.join(", ") }),
    );
  }
  if (correct.value !== undefined) {
    return el(
      "p",
      { class: "right-answer" },
      el("strong", {}, `✓ `),
      format(strings.slider_right, { value: correct.value, tolerance: correct.tolerance }),
    );
  }
  if (correct.order) {
    const texts = new Map(question.choices.map((c) => [c.id, c.text]));
    return el(
      "div",
      { class: "right-answer" },
      el("p", {}, el("strong", {}, `✓ ${strings.right_order}`)),
      el("ol", {}, correct.order.map((id) => el("li", {}, texts.get(id) || ""))),
    );
  }
  return null;
}

function wordCloud(words, strings) {
  const most = Math.max(1, ...words.map(([, count]) => count));
  return el(
    "div",
    { class: "word-cloud-result" },
    el("h4", {}, strings.words_heading),
    words.length
      ? el(
          "ul",
          { class: "word-cloud" },
          words.map(([word, count]) =>
            el(
              "li",
              { class: `word word-size-${Math.ceil((count / most) * 4)}` },
              word,
              el("span", { class: "visually-hidden" }, ` (${count})`),
            ),
          ),
        )
      : el("p", {}, strings.nobody_answered),
  );
}

function sliderValues(values, closed, strings) {
  const most = Math.max(0, ...values.map(([, count]) => count));
  const right = closed.correct || {};
  return el(
    "div",
    {},
    el("h4", {}, strings.values_heading),
    el(
      "ul",
      { class: "bars" },
      values.map(([value, count]) =>
        barRow({
          mark: "",
          label: String(value),
          count,
          most,
          right:
            right.value !== undefined &&
            Math.abs(Number(value) - Number(right.value)) <= Number(right.tolerance || 0),
          strings,
        }),
      ),
    ),
  );
}

// How the room answered a closed question, and its right answer.
export function distributionView(question, closed, strings) {
  const distribution = closed.distribution || {};
  const parts = [];
  if (CHOICE_KINDS.has(question.kind)) {
    parts.push(choiceBars(question, closed, strings));
  } else if (distribution.words) {
    parts.push(wordCloud(distribution.words, strings));
  } else if (distribution.texts) {
    parts.push(
      el("h4", {}, strings.texts_heading),
      distribution.texts.length
        ? el("ul", { class: "open-texts" }, distribution.texts.map((t) => el("li", {}, t)))
        : el("p", {}, strings.nobody_answered),
    );
  } else if (distribution.values) {
    parts.push(sliderValues(distribution.values, closed, strings));
  } else {
    parts.push(rightWrongBars(closed, strings));
  }
  if (!CHOICE_KINDS.has(question.kind) || !closed.correct) {
    parts.push(rightAnswer(question, closed, strings));
  }
  parts.push(
    el("p", { class: "answered-total" }, format(strings.votes, { count: closed.answered || 0 })),
  );
  return el("div", { class: "distribution" }, parts);
}

export function standingsList(standings, strings, highlight = null) {
  return el(
    "ol",
    { class: "standings" },
    standings.map((entry) =>
      el(
        "li",
        { class: entry.player === highlight ? "standing-row you-row" : "standing-row" },
        el("span", { class: "standing-rank" }, format(strings.place, { rank: entry.rank })),
        el("span", { class: "standing-name" }, entry.nickname),
        el("span", { class: "standing-score" }, format(strings.points, { score: entry.score })),
      ),
    ),
  );
}

// The top three on steps, second-first-third, with the place in words.
export function podiumView(podium, strings) {
  const order = { 2: 0, 1: 1, 3: 2 };
  const heights = { 1: 120, 2: 90, 3: 64 };
  const places = [...podium].sort((a, b) => order[a.rank] - order[b.rank]);
  const width = 20 + 130 * Math.max(places.length, 1);
  const picture = svg(
    "svg",
    { viewBox: `0 0 ${width} 190`, class: "podium-chart", "aria-hidden": "true", focusable: "false" },
    places.map((entry, slot) => {
      const x = 10 + slot * 130;
      const top = 150 - heights[entry.rank];
      return [
        svg("rect", { x, y: top, width: 120, height: heights[entry.rank], class: `podium-step podium-step-${entry.rank}` }),
        svg("text", { x: x + 60, y: top - 10, "text-anchor": "middle", class: "podium-name" }, entry.nickname),
        svg("text", { x: x + 60, y: top + 40, "text-anchor": "middle", class: "podium-rank" }, String(entry.rank)),
        svg("text", { x: x + 60, y: 180, "text-anchor": "middle", class: "podium-score" }, String(entry.score)),
      ];
    }),
  );
  return el(
    "div",
    { class: "podium" },
    el("h3", {}, strings.podium),
    picture,
    standingsList(podium, strings),
  );
}
