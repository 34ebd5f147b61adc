import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storeReport } from '../../../scripts/cli/summary';
import { reportLines } from '../../../scripts/notebook-report';
import { cellRegistry } from '../../../src/lib/cells/registry';
import { outputKeys } from '../../../src/lib/dag/keys';
import { parseNotebook } from '../../../src/lib/notebook/parse';
import { ArtifactStore } from '../../../src/lib/orchestrate/artifact-store';

describe('storeReport on a store whose tasks have not run', () => {
	it('cells below a cell that has not run have not run either (not upstream_failed), and the outcome counts task processes', () => {
		const parsed = parseNotebook(readFileSync('static/examples/teaching-2d.descent.json', 'utf8'), cellRegistry);
		if (!parsed.ok) throw new Error('example does not parse');
		const keys = outputKeys(parsed.notebook, cellRegistry, () => null);
		const report = storeReport(parsed.notebook, 'teaching-2d.descent.json', keys, new ArtifactStore(mkdtempSync(join(tmpdir(), 'descent-store-'))));
		const byId = Object.fromEntries(report.cells.map((cell) => [cell.id, cell]));
		expect(byId.blobs).toMatchObject({ state: 'idle', error: 'not run: no artifact for its key' });
		expect(byId.split).toMatchObject({ state: 'idle', error: expect.stringMatching(/^not run: upstream cell '.+' has not run yet$/) });
		expect(report.cells.every((cell) => cell.state === 'idle')).toBe(true);
		expect(reportLines(report, 'store').at(-1)).toBe('some cells did not succeed (by 0 task processes)');
	});
});
