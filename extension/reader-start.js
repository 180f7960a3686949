// The reader view's start, run as the page's head is parsed (a classic
// script: modules wait for their whole graph): the engine's wasm (asked for
// by the page's preload) is compiled while the page's copy and the settings
// are asked for, and while reader.js and its imports load; in Firefox the
// background's engine is taken instead. reader.js takes them from here.
// Marks for bench/reader-view.mjs: `epure-start` (this script runs),
// `epure-compiled` (the module is compiled, or the background's engine taken).

globalThis.epureReaderStart = (() => {
  performance.mark('epure-start');
  const api = (globalThis.browser ?? globalThis.chrome).runtime;
  const ask = (message) => api.sendMessage(message).catch(() => null);
  /** Compiled as it arrives; a browser that serves wasm under another type has it compiled once read. */
  const compile = () =>
    fetch('pkg/epure_reader_bg.wasm').then((response) =>
      response.headers.get('Content-Type') === 'application/wasm'
        ? WebAssembly.compileStreaming(response)
        : response.arrayBuffer().then((bytes) => WebAssembly.compile(bytes)),
    );
  /**
   * Where the background is a page (Firefox: `background.scripts`), it began
   * compiling the module as the reader was asked for, and holds the page's
   * copy, the settings and, after its first reader view, its own instance
   * of the engine, which builds this page's view (reader-open.js
   * `epureReaderLend`): taken from there (the page at once when it is
   * running, as it is when it opened this one), else asked for here.
   */
  const lend = (background) => background?.epureReaderLend?.(window) ?? null;
  const lent = !api.getManifest().background?.scripts
    ? Promise.resolve(null)
    : Promise.resolve()
        .then(() => globalThis.browser.extension.getBackgroundPage())
        .then((background) => background ?? api.getBackgroundPage())
        .then(lend)
        .catch(() => null);
  /** The background's engine, or null: then the module is instantiated here (the background's, or compiled here). */
  const engine = lent.then((taken) => taken?.engine ?? null);
  const module = lent
    .then(async (taken) => (taken?.engine ? null : ((await taken?.module?.catch(() => null)) ?? compile())))
    .then((compiled) => {
      performance.mark('epure-compiled');
      return compiled;
    });
  module.catch(() => {}); // reader.js reports a failure
  const page = lent.then((taken) => taken?.page ?? ask({ type: 'reader-take' }));
  const settings = lent.then((taken) => taken?.settings ?? ask({ type: 'settings-get' })).catch(() => null);
  return Object.freeze({ engine, module, page, settings });
})();
