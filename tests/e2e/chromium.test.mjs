// The extension's browser tests in Chromium (see suite.mjs).
import { defineSuite } from './suite.mjs';

defineSuite('chromium');
