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
   * compiling the module as the reader was asked for (reader-open.js): taken
   * from there, else compiled here.
   */
  const lent = () =>
    api
      .getBackgroundPage()
      .then((background) => background?.epureReaderEngine?.() ?? null)
      .catch(() => null);
  const module = (api.getManifest().background?.scripts ? lent() : Promise.resolve(null))
    .then((taken) => taken ?? compile())
    .then((compiled) => {
      performance.mark('epure-compiled');
      return compiled;
    });
  module.catch(() => {}); // reader.js reports a failure
  return Object.freeze({ module, page: ask({ type: 'reader-take' }), settings: ask({ type: 'settings-get' }) });
})();
