// The picker's browser tests in firefox (see picker.mjs).
import { definePickerSuite } from './picker.mjs';

definePickerSuite('firefox');
