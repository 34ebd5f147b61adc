/** Every cell kind, in the order the "add cell" menu lists them. */
import { datasetCell } from './dataset';
import { driftCell } from './drift';
import { evaluateCell } from './evaluate';
import { imputeCell } from './impute';
import type { CellRegistry } from './params';
import { predictCell } from './predict';
import { registerCell } from './register';
import { scaleCell } from './scale';
import { selectCell } from './select';
import { splitCell } from './split';
import { trainCell } from './train';
import { trainGridCell } from './train-grid';
import { validateCell } from './validate';
import { vectorizeCell } from './vectorize';

export const cellRegistry: CellRegistry = {
	dataset: datasetCell,
	validate: validateCell,
	vectorize: vectorizeCell,
	split: splitCell,
	impute: imputeCell,
	scale: scaleCell,
	train: trainCell,
	'train-grid': trainGridCell,
	select: selectCell,
	evaluate: evaluateCell,
	register: registerCell,
	predict: predictCell,
	drift: driftCell
} as CellRegistry;
