/** Registers raw-hooks.mjs for this thread (the main thread and each CPU worker call it). */
import { register } from 'node:module';

register('./raw-hooks.mjs', import.meta.url);
