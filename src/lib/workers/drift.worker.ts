/// <reference lib="webworker" />
/** The monitor's drift check off the main thread (see drift-client.ts). */
import * as Comlink from 'comlink';
import { trainingDrift } from '../ml/drift/training-drift';
import type { DriftWorkerApi } from './drift-client';

const api: DriftWorkerApi = { check: (reference, current) => trainingDrift(reference, current) };
Comlink.expose(api);
