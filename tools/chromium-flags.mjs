// How every script here starts Debian's Chromium (the browser tests, the
// tools, the benchmarks): the binary and its flags, written once.

/** Debian's Chromium (`make setup-browsers`). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * The flags of every launch: no sandbox (the scripts run as root), software
 * rendering, no first-run page, and none of Chromium's own traffic (QUIC,
 * sync, background networking, component updates): Épure needs none of it,
 * and the tests record every request that leaves 127.0.0.1. With
 * `extension` (an unpacked directory), that one is loaded and no other.
 */
export function chromiumArgs({ extension } = {}) {
  return [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-sync',
    '--disable-background-networking',
    '--disable-component-update',
    ...(extension ? [`--disable-extensions-except=${extension}`, `--load-extension=${extension}`] : []),
  ];
}
