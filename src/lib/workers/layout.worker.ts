/// <reference lib="webworker" />
/** Lays out the pipeline graph off the main thread (see viz/dag-layout.ts). */
import * as Comlink from 'comlink';
import { layoutDag } from '../viz/dag-layout';
import type { LayoutWorkerApi } from './layout-client';

const api: LayoutWorkerApi = { layout: (nodes, edges) => layoutDag(nodes, edges) };
Comlink.expose(api);
