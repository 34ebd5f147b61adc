import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { openStore, type StoreArea } from '../../../src/lib/store/database';
import { registerModel } from '../../../src/lib/store/models';
import { registration } from './fixtures';

describe('two tabs on one workspace', () => {
	it('a write in one tab is announced to the other', async () => {
		const name = `tabs-${Math.random()}`;
		const first = await openStore({ name });
		const second = await openStore({ name });
		const heard = new Promise<StoreArea>((resolve) => second.onChange(resolve));
		await registerModel(first, registration(1, 0.8, 'production'));
		expect(await heard).toBe('models');
		first.close();
		second.close();
	});

	it('a newer version opened elsewhere closes this connection and says to reload', async () => {
		const name = `upgrade-${Math.random()}`;
		const messages: string[] = [];
		await openStore({ name, onClosed: (message) => messages.push(message) });
		const newer = await openDB(name, 99);
		expect(messages).toEqual(['Descent was updated in another tab: reload this page to keep working']);
		newer.close();
	});
});
