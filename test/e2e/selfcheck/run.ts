import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { ensureLines } from '../../tooling/install';
import { N8nInstance, nodeItems } from '../harness';
import { packFixturePackage } from './fixturePackage';
import { CREDENTIAL, selfCheckWorkflow } from './workflows';

/**
 * Proves the harness against each n8n line with a throw-away package, independent of the real
 * node: `npx ts-node --transpile-only test/e2e/selfcheck/run.ts` (honours N8N_E2E_LINES).
 */
async function main(): Promise<void> {
	const lines = await ensureLines();
	const tarball = packFixturePackage();
	for (const installed of lines) {
		const label = `n8n ${installed.n8n.version}`;
		let started = Date.now();
		const n8n = await N8nInstance.create(installed, tarball);
		console.log(`${label}: package installed in ${Date.now() - started} ms (${n8n.userFolder})`);

		await n8n.importCredentials([CREDENTIAL]);
		const okId = await n8n.importWorkflow(selfCheckWorkflow(false));
		const failId = await n8n.importWorkflow(selfCheckWorkflow(true));

		for (let i = 0; i < 3; i++) {
			started = Date.now();
			const result = await n8n.executeWorkflow(okId);
			if (!result.ok)
				throw new Error(`${label}: execute failed: ${result.message}\n${result.output}`);
			const [item] = nodeItems(result.run, 'Self Check');
			assert.equal(item.json.apiKey, CREDENTIAL.data.apiKey);
			assert.equal(item.json.dependency, 'function');
			assert.equal(item.json.workflowInstanceof, true);
			const binary = item.binary?.data;
			assert.ok(binary, 'binary data missing');
			assert.equal(n8n.readBinary(binary).toString('utf8'), 'hello from self-check-key');
			console.log(
				`${label}: execute #${i + 1} ok in ${Date.now() - started} ms, binary ${binary.id ?? '(in memory)'}`,
			);
		}

		const failed = await n8n.executeWorkflow(failId);
		assert.equal(failed.ok, false);
		if (!failed.ok) {
			assert.match(failed.message, /Self check failed on purpose/);
			console.log(
				`${label}: failing execute reported "${failed.message}" (node ${failed.node}) in ${failed.ms} ms`,
			);
		}
		console.log(`${label}: timings ${JSON.stringify(n8n.timings)}`);
		n8n.dispose();
	}
	// The tarball sits in <fixture root>/pack/.
	rmSync(dirname(dirname(tarball)), { recursive: true, force: true });
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? (error.stack ?? error.message) : error);
	process.exit(1);
});
