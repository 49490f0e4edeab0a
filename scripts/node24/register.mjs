/** `NODE_OPTIONS=--import …/register.mjs`: see ./hooks.mjs. */
import { register } from 'node:module';

const original = process.env.HALL_NODE24_SQLITE_FROM;
const copy = process.env.HALL_NODE24_SQLITE_TO;
if (original && copy) register('./hooks.mjs', import.meta.url, { data: { original, copy } });
