// factcheck: small progressive enhancements on top of htmx. Every page works without this file.
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : null;
  }

  // htmx 4: send the CSRF token with every request it makes, as Flask-WTF expects.
  document.addEventListener("htmx:config:request", function (evt) {
    var token = csrfToken();
    var request = evt.detail && evt.detail.ctx && evt.detail.ctx.request;
    if (token && request && request.headers) {
      request.headers["X-CSRFToken"] = token;
    }
  });

  // Focus management: after a swap, move focus to the first element marked
  // data-autofocus inside the new content, so keyboard and screen-reader users
  // land where the change happened (e.g. an inline edit form, or its error).
  document.addEventListener("htmx:after:swap", function (evt) {
    var ctx = evt.detail && evt.detail.ctx;
    var root = ctx && ctx.target instanceof Element && ctx.target.isConnected ? ctx.target : document;
    var focusable = root.querySelector("[data-autofocus]");
    if (focusable) focusable.focus();
  });
})();
