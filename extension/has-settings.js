// Registered by the background (pages-with-settings.js) for the pages whose
// settings may say something at load: only these read the stored settings.
globalThis.epureHasSettings = true;
