/**
 * Colours of cell states for the DAG and the runs grid. Okabe–Ito's colour-blind-safe palette,
 * and a short word for each state: the drawings always print the word too, never colour alone.
 */
import type { CellState } from '../dag/run-types';

export const STATE_LABELS: Record<CellState, string> = {
	idle: 'not run',
	queued: 'queued',
	running: 'running',
	success: 'success',
	failed: 'failed',
	upstream_failed: 'upstream failed',
	skipped: 'skipped',
	up_for_retry: 'up for retry',
	cancelled: 'cancelled',
	stale: 'stale'
};

/** Fill colours; text on them is dark except where noted in `stateTextColour`. */
export const STATE_COLOURS: Record<CellState, string> = {
	idle: '#bdbdbd',
	queued: '#f0e442',
	running: '#56b4e9',
	success: '#009e73',
	failed: '#d55e00',
	upstream_failed: '#e69f00',
	skipped: '#cc79a7',
	up_for_retry: '#f5c26b',
	cancelled: '#8c6d62',
	stale: '#e0e0e0'
};

const DARK_FILLS = new Set<CellState>(['success', 'failed', 'cancelled']);

/** White on the dark fills, near-black on the light ones (contrast ≥ 4.5 either way). */
export function stateTextColour(state: CellState): string {
	return DARK_FILLS.has(state) ? '#ffffff' : '#1d2329';
}

/** A one-character mark per state, drawn inside small squares so shape tells the state too. */
export const STATE_MARKS: Record<CellState, string> = {
	idle: '',
	queued: '…',
	running: '▸',
	success: '✓',
	failed: '✕',
	upstream_failed: '↑',
	skipped: '–',
	up_for_retry: '↻',
	cancelled: '⊘',
	stale: '~'
};
