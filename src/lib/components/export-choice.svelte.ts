/**
 * The ONNX variant the user picked, kept for the page rather than per component: the export
 * buttons are drawn again whenever a cell's output is (a run, a cached result arriving), and a
 * choice held in the component would silently fall back to the default in between.
 */
import type { OnnxStyle } from '../export/onnx';

export const exportChoice = $state<{ onnxStyle: OnnxStyle }>({ onnxStyle: 'portable' });
