// The per-article report's Print button (without JavaScript the browser's own Print does the same).
document.addEventListener("click", function (evt) {
  if (evt.target instanceof Element && evt.target.closest("[data-print]")) window.print();
});
