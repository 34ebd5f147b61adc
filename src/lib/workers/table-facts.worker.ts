/// <reference lib="webworker" />
/** A dataset version's hash and statistics off the main thread (see table-facts-client.ts). */
import * as Comlink from 'comlink';
import { measureInPlace } from '../store/table-facts';
import type { TableFactsWorkerApi } from './table-facts-client';

const api: TableFactsWorkerApi = { measure: (table) => measureInPlace(table) };
Comlink.expose(api);
