// On the forms that choose a counting method, the threshold concerns party
// lists only: hide it (and leave it out of the form) while another method is
// chosen. Without this script every field shows, and the server explains a
// threshold given for a method without lists.
for (const method of document.querySelectorAll("select[data-list-methods]")) {
  const listMethods = method.dataset.listMethods.split(" ");
  const thresholds = [...method.form.querySelectorAll("input[name$=threshold]")];
  const update = () => {
    const lists = listMethods.includes(method.value);
    for (const input of thresholds) {
      const field = input.closest(".field") || input.parentElement;
      field.hidden = !lists;
      input.disabled = !lists;
    }
  };
  method.addEventListener("change", update);
  update();
}
