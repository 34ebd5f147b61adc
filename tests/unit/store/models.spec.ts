import { describe, expect, it } from 'vitest';
import { deleteModelVersion, listModels, moveAlias, registerModel, rollbackAlias } from '../../../src/lib/store/models';
import { freshStore, registration } from './fixtures';

describe('registerModel(store, input)', () => {
	it('numbers versions per name and reuses a version for the same weights', async () => {
		const store = await freshStore();
		const first = await registerModel(store, registration(1, 0.8));
		const second = await registerModel(store, registration(2, 0.9));
		const same = await registerModel(store, registration(1, 0.8));
		expect([first.version?.id, second.version?.id, same.version?.id]).toEqual(['sentiment@1', 'sentiment@2', 'sentiment@1']);
		expect(same.created).toBe(false);
		const [entry] = (await listModels(store)).models;
		expect(entry?.versions.map((version) => version.version)).toEqual([2, 1]);
		expect(entry?.versions[0]?.lineage).toMatchObject({ seed: 7, notebookId: 'nb-1', appVersion: '0.1.0' });
		expect(entry?.versions[0]?.model.coef).toBeInstanceOf(Float32Array);
	});
});

describe('aliases: moves, history and rollback', () => {
	it('moving production keeps every move, and rollback moves it back as one more move', async () => {
		const store = await freshStore();
		await registerModel(store, registration(1, 0.8, 'production'), 1000);
		await registerModel(store, registration(2, 0.9, 'production'), 2000);
		await moveAlias(store, 'sentiment', 'staging', 'sentiment@2', 'moved', 2500);
		const target = await rollbackAlias(store, 'sentiment', 'production', 3000);
		expect(target).toBe('sentiment@1');
		const [entry] = (await listModels(store)).models;
		expect(entry?.aliases.map((alias) => [alias.alias, alias.versionId])).toEqual([['production', 'sentiment@1'], ['staging', 'sentiment@2']]);
		const production = entry?.moves.filter((move) => move.alias === 'production').map((move) => [move.from, move.to, move.note]);
		expect(production).toEqual([
			['sentiment@2', 'sentiment@1', 'rollback'],
			['sentiment@1', 'sentiment@2', 'registered'],
			[null, 'sentiment@1', 'registered']
		]);
	});

	it('rollback with no earlier version says so', async () => {
		const store = await freshStore();
		await registerModel(store, registration(1, 0.8, 'production'));
		await expect(rollbackAlias(store, 'sentiment')).rejects.toThrow("production of 'sentiment' has no earlier version to roll back to");
		await expect(rollbackAlias(store, 'sentiment', 'staging')).rejects.toThrow("'sentiment' has no staging alias");
	});

	it('a version an alias points to cannot be deleted; one no alias points to can', async () => {
		const store = await freshStore();
		await registerModel(store, registration(1, 0.8, 'production'));
		await registerModel(store, registration(2, 0.9));
		await expect(deleteModelVersion(store, 'sentiment@1')).rejects.toThrow("version 1 of 'sentiment' is production: move the alias first");
		await deleteModelVersion(store, 'sentiment@2');
		const [entry] = (await listModels(store)).models;
		expect(entry?.versions.map((version) => version.id)).toEqual(['sentiment@1']);
	});

	it('an alias cannot point to a version that does not exist', async () => {
		const store = await freshStore();
		await expect(moveAlias(store, 'sentiment', 'production', 'sentiment@9')).rejects.toThrow("'sentiment@9' is not a registered version");
	});
});

describe('findModelVersion(store, name, reference)', () => {
	it('names the registered models when the name is not one of them', async () => {
		const { findModelVersion } = await import('../../../src/lib/store/model-binding');
		const store = await freshStore();
		await expect(findModelVersion(store, 'model', 'production')).rejects.toThrow("the registry has no model 'model' (it is empty): give a registered name, or register one");
		await registerModel(store, registration(1, 0.8, 'production'));
		await expect(findModelVersion(store, 'model', 'production')).rejects.toThrow("the registry has no model 'model' (it has: 'sentiment'): give a registered name, or register one");
		await expect(findModelVersion(store, 'sentiment', 'production')).resolves.toMatchObject({ id: 'sentiment@1' });
		// A register cell's Alias is empty by default, a predict cell's is 'production': the message says how to meet.
		await expect(findModelVersion(store, 'sentiment', 'staging')).rejects.toThrow(
			"model 'sentiment' has no alias 'staging' (aliases: production; 1 version): point 'staging' at a version (a register cell's Alias, or the registry page), or give 'latest' or a version number"
		);
	});

	it('lists the versions and aliases there are when the version named is not one', async () => {
		const { findModelVersion } = await import('../../../src/lib/store/model-binding');
		const store = await freshStore();
		await registerModel(store, registration(1, 0.8, 'production'));
		await registerModel(store, registration(2, 0.9, 'staging'));
		const has = "(versions: v1, v2; aliases: production → v1, staging → v2): give one of its versions, an alias or 'latest'";
		await expect(findModelVersion(store, 'sentiment', 'v9')).rejects.toThrow(`model 'sentiment' has no version v9 in the registry ${has}`);
		await expect(findModelVersion(store, 'sentiment', '9')).rejects.toThrow(`model 'sentiment' has no version v9 in the registry ${has}`);
		await expect(findModelVersion(store, 'sentiment', 'V2')).resolves.toMatchObject({ id: 'sentiment@2' });
		// A version of a name the registry does not have: the name is what is wrong.
		await expect(findModelVersion(store, 'mymodel', 'v1')).rejects.toThrow("the registry has no model 'mymodel' (it has: 'sentiment')");
		await expect(findModelVersion(store, 'mymodel', 'latest')).rejects.toThrow("the registry has no model 'mymodel' (it has: 'sentiment')");
	});
});
