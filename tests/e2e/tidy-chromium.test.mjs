// Tidy in place's browser tests in chromium (see tidy.mjs).
import { defineTidySuite } from './tidy.mjs';

defineTidySuite('chromium');
