// factcheck: the keyboard and focus side of inline editing in the claim workspace.
// Enter saves a single-line field, Ctrl/Cmd+Enter saves from a text area, Escape cancels
// (the form's [data-cancel] link swaps the display back), focus lands in the swapped block,
// and picking a search match fills the add-evidence or link form. Every form works without it.
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  var FIELDS = "input:not([type=hidden]):not([type=submit]), textarea, select";
  var SELF_LOADING = /^(load|every|revealed)$/;  // htmx triggers no person fires

  function inlineForm(element) {
    return element.closest ? element.closest("form[data-inline-form]") : null;
  }

  document.addEventListener("keydown", function (evt) {
    var form = inlineForm(evt.target);
    if (!form || evt.isComposing) return;
    if (evt.key === "Escape") {
      var cancel = form.querySelector("[data-cancel]");
      if (cancel) {
        evt.preventDefault();
        cancel.click();
      }
      return;
    }
    if (evt.key !== "Enter") return;
    var multiline = evt.target.tagName === "TEXTAREA";
    var saves = multiline ? (evt.ctrlKey || evt.metaKey) : evt.target.matches("input, select");
    if (saves) {
      evt.preventDefault();
      form.requestSubmit();
    }
  });

  // After a swap: into an edit form, focus its first field; back to a display, focus its Edit
  // button; else the block itself. The target of an outerHTML swap is replaced, so look it up by id.
  document.addEventListener("htmx:after:swap", function (evt) {
    var ctx = evt.detail && evt.detail.ctx;
    var source = ctx && ctx.sourceElement;
    // Search-as-you-type and the live preview swap while someone types: leave focus where it is.
    if (source && source.matches && source.matches("input, textarea")) return;
    // A block that loads or polls by itself (suggestions, a job's progress) is nobody's action: focusing
    // it would scroll the page away from where the person is reading.
    var cause = ctx.sourceEvent && ctx.sourceEvent.type;
    if (cause && SELF_LOADING.test(cause)) return;
    var old = ctx && ctx.target;
    var block = old && old.id ? document.getElementById(old.id) : null;
    if (!block) return;
    var autofocus = block.querySelector("[data-focus-first]");
    var form = block.querySelector("form[data-inline-form]");
    var target = autofocus || (form && form.querySelector(FIELDS)) || block.querySelector("[data-edit]");
    if (!target) {
      if (!block.hasAttribute("tabindex")) block.setAttribute("tabindex", "-1");
      target = block;
    }
    target.focus();
  });

  // A search match picked with JavaScript fills the form in place (its link is the no-JS way).
  document.addEventListener("click", function (evt) {
    var pick = evt.target.closest && evt.target.closest("[data-fill-source], [data-fill-claim]");
    if (!pick) return;
    evt.preventDefault();
    var matches = pick.closest(".matches");
    if (pick.hasAttribute("data-fill-source")) {
      var form = pick.closest("form");
      [["url", "evidence-url"], ["title", "evidence-title"], ["publisher", "evidence-publisher"],
       ["kind", "evidence-kind"]].forEach(function (pair) {
        var field = form.querySelector("#" + pair[1]);
        if (field) field.value = pick.getAttribute("data-" + pair[0]);
      });
      if (matches) matches.replaceChildren();
      var stance = form.querySelector("#evidence-stance");
      if (stance) stance.focus();
    } else {
      var linkForm = pick.closest("form");
      linkForm.querySelector("#link-target-id").value = pick.getAttribute("data-id");
      linkForm.querySelector("#link-search").value = pick.getAttribute("data-text");
      var picked = document.createElement("p");
      picked.className = "matches__label small";
      picked.textContent = "Linking to #" + pick.getAttribute("data-id") + ": " + pick.getAttribute("data-text");
      if (matches) matches.replaceChildren(picked);
      linkForm.querySelector("#link-relation").focus();
    }
  });
})();
