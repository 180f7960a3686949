// The settings' browser tests in firefox (see settings.mjs).
import { defineSettingsSuite } from './settings.mjs';

defineSettingsSuite('firefox');
