// The question editor, improved: only the fields of the chosen kind show, the
// kind's hint is read out when it changes, and after moving a question the focus
// returns to the button that moved it. Without this module every field shows and
// the server reads only the chosen kind's.

const CHOICE_ROWS = 6;
const TYPE_ANSWER_ROWS = 10;
const UNSCORED = new Set(["poll", "word_cloud", "open"]);

function kindsOf(element) {
  return (element.dataset.kinds || "").split(" ").filter(Boolean);
}

function rowsFor(kind) {
  return kind === "type_answer" ? TYPE_ANSWER_ROWS : CHOICE_ROWS;
}

function showKind(form, kind) {
  for (const part of form.querySelectorAll("[data-kinds]")) {
    part.hidden = !kindsOf(part).includes(kind);
  }
  for (const row of form.querySelectorAll(".answer-row")) {
    const input = row.querySelector("input[type=text]");
    const beyond = Number(row.dataset.row) > rowsFor(kind);
    // A filled row stays visible, so nothing typed is hidden from its author.
    row.hidden = beyond && !(input && input.value.trim());
  }
  const points = form.querySelector("select[name=points]");
  if (points && UNSCORED.has(kind)) points.value = "0";
  const hint = document.getElementById("kind-help");
  const source = document.querySelector(`#kind-helps [data-kind="${kind}"]`);
  if (hint && source) hint.textContent = source.textContent;
}

function setUpQuestionForm() {
  const form = document.getElementById("question-form");
  if (!form) return;
  const kind = form.querySelector("select[name=kind]");
  showKind(form, kind.value);
  kind.addEventListener("change", () => showKind(form, kind.value));
  const errors = document.getElementById("form-errors");
  if (errors) errors.focus();
}

function restoreFocus() {
  const id = decodeURIComponent(window.location.hash.slice(1));
  if (!id) return;
  const target = document.getElementById(id);
  if (!target) return;
  if (target.matches("button:disabled")) {
    // Moved to an end of the list: its other button, else its heading.
    const item = target.closest(".question-item");
    const other = item && item.querySelector(".question-actions button:not(:disabled)");
    (other || (item && item.querySelector(".question-title")))?.focus();
    return;
  }
  const heading = target.matches(".question-item")
    ? target.querySelector(".question-title")
    : null;
  (heading || target).focus();
}

setUpQuestionForm();
// A failed import: the table of problems is what the teacher needs next.
document.getElementById("import-problems")?.focus();
// After the browser has scrolled to the fragment, which would otherwise take the
// focus back to the start of the page.
window.addEventListener("load", () => window.setTimeout(restoreFocus, 0));
