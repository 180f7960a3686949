// The picker's browser tests in chromium (see picker.mjs).
import { definePickerSuite } from './picker.mjs';

definePickerSuite('chromium');
