// The settings' browser tests in chromium (see settings.mjs).
import { defineSettingsSuite } from './settings.mjs';

defineSettingsSuite('chromium');
