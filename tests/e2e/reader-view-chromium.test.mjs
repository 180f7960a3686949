// The reader view's browser tests in Chromium (see reader-view.mjs).
import { defineReaderViewSuite } from './reader-view.mjs';

defineReaderViewSuite('chromium');
