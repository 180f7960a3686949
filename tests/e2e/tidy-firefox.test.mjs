// Tidy in place's browser tests in firefox (see tidy.mjs).
import { defineTidySuite } from './tidy.mjs';

defineTidySuite('firefox');
