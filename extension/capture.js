// The page as the reader view shows it: when the background asks (the
// reader was asked for from the popup, the shortcut or the menu), the live
// DOM is serialized and handed over. The reader page builds its view from
// this copy alone and requests nothing from the network.

(() => {
  if (globalThis.epureCaptureLoaded) return;
  globalThis.epureCaptureLoaded = true;
  const { epureApi: ext, epureMessages: messages } = globalThis;

  ext.runtime.onMessage.addListener((raw, sender, reply) => {
    if (sender.id !== ext.runtime.id || !messages.check(raw, 'reader-capture')) return false;
    // The engine reads no more than this; the rest would only cost the copy.
    const html = document.documentElement.outerHTML.slice(0, messages.MAX_REQUEST_CHARS);
    reply({ type: 'reader-page', url: location.href, html });
    return false;
  });
})();
