/**
 * The columns of the "select best" ranking table: the score ranked by first, then each other
 * metric a ranking entry carries, each metric once. Ranked by validation accuracy, the score IS
 * the validation accuracy, so the table shows it once (as a percent) rather than as a bare
 * score beside an identical percent column; ranked by objective, the score is the final objective.
 */
import type { ModelRanking, ModelSelection } from '../ml/model';
import { formatNumber } from './format';
import { formatPercent } from '../data/format-percent';

export interface RankingColumn {
	/** Header text, e.g. "validation accuracy". */
	label: string;
	/** The entry's value as shown: accuracies and F1 as percents, the objective as a number. */
	cell: (entry: ModelRanking) => string;
}

const number = (value: number) => (Number.isFinite(value) ? formatNumber(value) : String(value));
const objective: RankingColumn = { label: 'final objective', cell: (entry) => number(entry.finalObjective) };
const accuracy: RankingColumn = { label: 'validation accuracy', cell: (entry) => formatPercent(entry.validationAccuracy) };

/** Columns after '#' and 'cell', the ranked-by one first: one per metric, none repeated. */
export function rankingColumns(by: ModelSelection['by']): RankingColumn[] {
	if (by === 'objective') return [objective, accuracy];
	if (by === 'validation-accuracy') return [accuracy, objective];
	return [{ label: 'validation F1', cell: (entry) => formatPercent(entry.score) }, objective, accuracy];
}
