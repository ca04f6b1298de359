import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ensureLines } from '../../test/tooling/install';
import { selectedLines } from '../../test/tooling/lines';
import { buildAndPack } from '../../test/e2e/pack';
import { runN8nOk } from '../../test/e2e/harness/cli';
import { installCommunityPackage } from '../../test/e2e/harness/communityPackage';
import { n8nEnv } from '../../test/e2e/harness/env';
import {
	completeWorkflow,
	writeImportFile,
	type WorkflowInput,
} from '../../test/e2e/harness/importing';
import { chooseFalTarget } from './falTarget';
import { DEV_OWNER, ensureOwner, waitForN8n } from './owner';
import { syncDist, watchAndSync } from './sync';

const REPO_ROOT = join(__dirname, '..', '..');
const USER_FOLDER = join(REPO_ROOT, '.n8n-dev');
const PORT = Number(process.env.N8N_PORT ?? 5678);
/** The id the example workflows reference, so they open with the credential already chosen. */
const CREDENTIAL_ID = 'nanoBananaFalApi';

function say(message: string): void {
	process.stdout.write(`[dev] ${message}\n`);
}

/** The examples under fixed ids, so re-running dev updates them instead of adding copies. */
function exampleWorkflows(): WorkflowInput[] {
	const dir = join(REPO_ROOT, 'examples');
	return readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file, index) =>
			completeWorkflow(
				JSON.parse(readFileSync(join(dir, file), 'utf8')) as WorkflowInput,
				`nanoBananaEx${String(index).padStart(4, '0')}`,
			),
		);
}

async function main(): Promise<void> {
	// The newest n8n line: the one users install today.
	const [installed] = await ensureLines(selectedLines().filter((line) => line.name === '2'));
	const tarball = buildAndPack();
	mkdirSync(USER_FOLDER, { recursive: true });
	const filesDir = join(USER_FOLDER, 'files');
	mkdirSync(filesDir, { recursive: true });
	const env = {
		...n8nEnv(installed, USER_FOLDER, filesDir),
		N8N_PORT: String(PORT),
		N8N_DEV_RELOAD: 'true',
	};
	say('installing the packed package into the dev n8n the way the Community Nodes screen does');
	const manifest = await installCommunityPackage(USER_FOLDER, tarball, env);
	const packageDir = join(USER_FOLDER, '.n8n', 'nodes', 'node_modules', manifest.name);

	const fal = await chooseFalTarget();
	const cli = { cwd: filesDir };
	say('importing the fal API credential and the example workflows');
	await runN8nOk(
		installed,
		env,
		[
			'import:credentials',
			`--input=${writeImportFile(USER_FOLDER, 'credentials', [
				{ id: CREDENTIAL_ID, name: 'Fal API', type: 'falNanoBananaApi', data: fal.credential },
			])}`,
		],
		cli,
	);
	const workflows = exampleWorkflows();
	await runN8nOk(
		installed,
		env,
		['import:workflow', `--input=${writeImportFile(USER_FOLDER, 'workflows', workflows)}`],
		cli,
	);

	say(`starting n8n ${installed.n8n.version} on Node ${installed.node.version}`);
	const n8n = spawn(installed.node.bin, [installed.n8n.script, 'start'], {
		env,
		cwd: filesDir,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	n8n.stdout?.on('data', (chunk: Buffer) =>
		process.stdout.write(chunk.toString().replace(/^(?=.)/gm, '[n8n] ')),
	);
	n8n.stderr?.on('data', (chunk: Buffer) =>
		process.stderr.write(chunk.toString().replace(/^(?=.)/gm, '[n8n] ')),
	);
	const baseUrl = `http://localhost:${PORT}`;
	await waitForN8n(baseUrl);
	await ensureOwner(baseUrl);

	const tsc = watchAndSync(packageDir, () =>
		say('rebuilt: n8n reloads the node (refresh the editor to see description changes)'),
	);
	syncDist(packageDir);

	const shutdown = async () => {
		say('stopping');
		tsc.kill();
		n8n.kill('SIGTERM');
		await fal.close();
		process.exit(0);
	};
	process.on('SIGINT', () => void shutdown());
	process.on('SIGTERM', () => void shutdown());
	n8n.on('exit', (code) => {
		say(`n8n exited (${code ?? 'signal'})`);
		void shutdown();
	});

	const line = '='.repeat(78);
	process.stdout.write(
		[
			'',
			line,
			`  n8n is running at ${baseUrl}   (log in: ${DEV_OWNER.email} / ${DEV_OWNER.password})`,
			`  fal requests go to ${fal.label}`,
			'  Example workflows (Workflows list):',
			...workflows.map(
				(workflow) => `    - ${String(workflow.name)}: ${baseUrl}/workflow/${String(workflow.id)}`,
			),
			'  Open one and press "Execute workflow". Editing nodes/ or credentials/ rebuilds and reloads.',
			'  Set FAL_KEY=<your key> before `npm run dev` to use real fal instead.  Ctrl-C stops.',
			line,
			'',
		].join('\n'),
	);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? (error.stack ?? error.message) : error);
	process.exit(1);
});
