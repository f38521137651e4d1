// A little comfort on top of pages that work without JavaScript: drop a file on the form to
// send it, and the class page reloads itself when a workbook of the folder changes.
document.addEventListener("DOMContentLoaded", () => {
  // Dropped together: the spreadsheet is the workbook, the other files are its pieces.
  const zone = document.querySelector("[data-depot]");
  if (zone) {
    const workbook = zone.querySelector("input[name=classeur]");
    const pieces = zone.querySelector("input[name=pieces]");
    zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("survol"); });
    zone.addEventListener("dragleave", () => zone.classList.remove("survol"));
    zone.addEventListener("drop", (e) => {
      e.preventDefault();
      zone.classList.remove("survol");
      const files = Array.from(e.dataTransfer.files);
      const sheet = files.find((f) => /\.(xlsx|xlsm|ods|xls)$/i.test(f.name));
      if (!sheet) return;
      const one = new DataTransfer();
      one.items.add(sheet);
      workbook.files = one.files;
      const rest = new DataTransfer();
      files.filter((f) => f !== sheet).forEach((f) => rest.items.add(f));
      pieces.files = rest.files;
      zone.requestSubmit();
    });
  }
  const production = document.querySelector("[data-production][data-en-cours=true]");
  if (production) {
    const bar = production.querySelector("progress");
    const text = production.querySelector("[data-texte]");
    const timer = setInterval(async () => {
      try {
        const state = await (await fetch("/classe/production", { cache: "no-store" })).json();
        if (!state.en_cours) { clearInterval(timer); location.reload(); return; }
        bar.max = Math.max(state.total, 1);
        bar.value = state.fait;
        text.textContent = `${state.etape} ${state.fait}/${state.total}`;
      } catch (_) { clearInterval(timer); }
    }, 500);
  }
  const table = document.querySelector("table[data-version]");
  if (table) {
    const version = table.dataset.version;
    setInterval(async () => {
      try {
        const answer = await fetch("/classe/etat", { cache: "no-store" });
        if (answer.ok && (await answer.json()).version !== version) location.reload();
      } catch (_) { /* the server stopped: keep the page as it is */ }
    }, 2000);
  }
});
