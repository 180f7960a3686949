// The extension's browser tests in Firefox ESR (see suite.mjs).
import { defineSuite } from './suite.mjs';

defineSuite('firefox');
