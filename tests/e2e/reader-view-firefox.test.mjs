// The reader view's browser tests in Firefox (see reader-view.mjs).
import { defineReaderViewSuite } from './reader-view.mjs';

defineReaderViewSuite('firefox');
