// The reader view's start, run as the page's head is parsed (a classic
// script: modules wait for their whole graph): the engine's wasm (asked for
// by the page's preload) is compiled while the page's copy and the settings
// are asked for, and while reader.js and its imports load. reader.js takes
// the three from here. Marks for bench/reader-view.mjs: `epure-start` (this
// script runs), `epure-compiled` (the module is compiled).

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
   * copy and the settings (reader-open.js `epureReaderLend`): taken from
   * there, else compiled and asked for here.
   */
  const lent = api.getManifest().background?.scripts
    ? api
        .getBackgroundPage()
        .then((background) => background?.epureReaderLend?.(window) ?? null)
        .catch(() => null)
    : Promise.resolve(null);
  const module = lent
    .then((taken) => taken?.module ?? null)
    .catch(() => null)
    .then((taken) => taken ?? compile())
    .then((compiled) => {
      performance.mark('epure-compiled');
      return compiled;
    });
  module.catch(() => {}); // reader.js reports a failure
  const page = lent.then((taken) => taken?.page ?? ask({ type: 'reader-take' }));
  const settings = lent.then((taken) => taken?.settings ?? ask({ type: 'settings-get' })).catch(() => null);
  return Object.freeze({ module, page, settings });
})();
