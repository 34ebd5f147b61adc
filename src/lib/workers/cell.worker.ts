/// <reference lib="webworker" />
/** A cell worker: runs one cell executor at a time, off the main thread (see cell-worker-api.ts). */
import * as Comlink from 'comlink';
import { cellRegistry } from '../cells/registry';
import { createCellWorkerApi } from './cell-worker-api';

Comlink.expose(
	createCellWorkerApi({
		registry: cellRegistry,
		gpu: () => ('gpu' in navigator ? navigator.gpu : null),
		now: () => performance.now()
	})
);
