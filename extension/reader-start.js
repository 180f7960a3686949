// The reader view's start, run as the page's head is parsed (a classic
// script: modules wait for their whole graph): the engine's wasm is fetched
// and compiled while the page's copy and the settings are asked for, and
// while reader.js and its imports load. reader.js takes the three from here.

globalThis.epureReaderStart = (() => {
  const api = (globalThis.browser ?? globalThis.chrome).runtime;
  const ask = (message) => api.sendMessage(message).catch(() => null);
  /** Compiled as it arrives; an extension that serves wasm under another type is compiled once read. */
  const module = fetch('pkg/epure_reader_bg.wasm').then((response) =>
    response.headers.get('Content-Type') === 'application/wasm'
      ? WebAssembly.compileStreaming(response)
      : response.arrayBuffer().then((bytes) => WebAssembly.compile(bytes)),
  );
  module.catch(() => {}); // reader.js reports a failure
  return Object.freeze({ module, page: ask({ type: 'reader-take' }), settings: ask({ type: 'settings-get' }) });
})();
