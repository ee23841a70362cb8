// Counts down the characters a manifesto may still have, for sighted and
// screen-reader users alike (the counter is a polite live region). The server
// enforces the limit; without this script the form works the same.
const counter = document.querySelector("[data-counter-for]");
const field = counter && document.getElementById(counter.dataset.counterFor);

if (counter && field && field.maxLength > 0) {
  let timer;
  const show = () => {
    const left = field.maxLength - field.value.length;
    counter.textContent = counter.dataset.template.replace("%(left)s", String(left));
  };
  counter.hidden = false;
  show();
  // Announce after a pause in typing, not on every key.
  field.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(show, 400);
  });
}
