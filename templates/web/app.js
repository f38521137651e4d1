// A little comfort on top of pages that work without JavaScript: drop a file on the form to
// send it, and the class page reloads itself when a workbook of the folder changes.
document.addEventListener("DOMContentLoaded", () => {
  const zone = document.querySelector("[data-depot]");
  if (zone) {
    const input = zone.querySelector("input[type=file]");
    zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("survol"); });
    zone.addEventListener("dragleave", () => zone.classList.remove("survol"));
    zone.addEventListener("drop", (e) => {
      e.preventDefault();
      zone.classList.remove("survol");
      if (e.dataTransfer.files.length > 0) {
        input.files = e.dataTransfer.files;
        zone.closest("form").requestSubmit();
      }
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
