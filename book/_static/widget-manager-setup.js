// Set-up for the ipywidgets HTML manager on pages that hold widget state. Loaded
// after require.js and before the manager (see `nb_ipywidgets_js` in _config.yml).
(function () {
  "use strict";

  // 1. Every widget module the book uses resolves to its copy in `_static/vendor`,
  //    so the manager never falls back to a CDN.
  // `_static/` as seen from this page, whatever its depth in the book.
  var staticUrl = new URL(".", document.currentScript.src).href;
  var manager = "vendor/html-manager/embed-amd";
  window.requirejs.config({
    baseUrl: staticUrl,
    paths: {
      // Defined by the manager bundle itself; mapping them here gives webpack the
      // right public path, so the manager's icon fonts load from `vendor/html-manager`.
      "@jupyter-widgets/base": manager,
      "@jupyter-widgets/base7": manager,
      "@jupyter-widgets/controls": manager,
      "@jupyter-widgets/controls7": manager,
      "@jupyter-widgets/html-manager": manager,
      "@jupyter-widgets/html-manager/dist/libembed-amd": manager,
      // Front ends of custom widgets: one line per widget package a lab uses.
      anywidget: "vendor/anywidget/index",
    },
  });

  // 2. @jupyter-widgets/base typesets widget descriptions through MathJax 2's
  //    `MathJax.Hub.Queue`; the book runs MathJax 3, where that is undefined and
  //    every labelled widget throws. Forward the call to MathJax 3's typesetPromise.
  var hub = {
    Queue: function (job) {
      var element = Array.isArray(job) ? job[2] : undefined;
      var startup = window.MathJax && window.MathJax.startup;
      Promise.resolve(startup && startup.promise).then(function () {
        var mathjax = window.MathJax;  // MathJax 3 replaces the config object on load
        if (mathjax && mathjax.typesetPromise) {
          return mathjax.typesetPromise(element ? [element] : undefined);
        }
      });
    },
  };
  var config = (window.MathJax = window.MathJax || {});
  if (config.version) {  // MathJax 3 is already running
    config.Hub = config.Hub || hub;
    return;
  }
  // Before MathJax loads: `Hub` on the config object covers calls made before
  // MathJax starts; `ready` puts it on the MathJax object that replaces the config.
  config.Hub = hub;
  config.startup = config.startup || {};
  var ready = config.startup.ready;
  config.startup.ready = function () {
    if (ready) { ready(); } else { window.MathJax.startup.defaultReady(); }
    window.MathJax.Hub = window.MathJax.Hub || hub;
  };
})();
