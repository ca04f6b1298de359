import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { InstalledLine } from '../../tooling/install';
import { readBinary } from './binary';
import { runN8n, runN8nOk, type CliResult } from '../../tooling/n8nCli';
import { interpretExecute, type ExecuteResult } from './execute';
import {
	completeWorkflow,
	workflowId,
	writeImportFile,
	type CredentialInput,
	type WorkflowInput,
} from './importing';
import { freePort } from '../../tooling/processes';
import { createUserFolder } from '../../tooling/userFolder';
import type { BinaryRef } from './runOutput';

export type { CredentialInput, WorkflowInput } from './importing';
export type { ExecuteResult } from './execute';
export { nodeItems, type Run, type RunItem, type BinaryRef } from './runOutput';

/**
 * One n8n line with a fresh user folder and a community package installed into it. Every
 * method is one n8n CLI command, so each call boots n8n (see `timings`).
 */
export class N8nInstance {
	readonly timings: Array<{ command: string; ms: number }> = [];

	private imported = 0;

	private constructor(
		readonly installed: InstalledLine,
		readonly userFolder: string,
		readonly filesDir: string,
		readonly env: NodeJS.ProcessEnv,
		readonly packageName: string,
	) {}

	static async create(installed: InstalledLine, tarball: string): Promise<N8nInstance> {
		const { userFolder, filesDir, env, packageName } = await createUserFolder(installed, tarball);
		return new N8nInstance(installed, userFolder, filesDir, env, packageName);
	}

	/** Puts a file where workflows' file nodes find it under the same relative path. */
	writeFile(relativePath: string, bytes: Buffer): void {
		const file = join(this.filesDir, relativePath);
		mkdirSync(dirname(file), { recursive: true });
		writeFileSync(file, bytes);
	}

	/** A file a workflow wrote; relative paths are taken from the files folder, like n8n does. */
	readFile(path: string): Buffer {
		return readFileSync(resolve(this.filesDir, path));
	}

	/** `<package>.<node name>`, the type a community package's node gets. */
	nodeType(nodeName: string): string {
		return `${this.packageName}.${nodeName}`;
	}

	private async cli(
		args: string[],
		mustSucceed: boolean,
		extraEnv: NodeJS.ProcessEnv = {},
	): Promise<CliResult> {
		// 2.x starts a task runner broker for every command, on 5679 unless told: give each its
		// own port so concurrent runs (or a local n8n) do not collide.
		const env = { ...this.env, ...extraEnv, N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
		const options = { cwd: this.filesDir };
		const result = mustSucceed
			? await runN8nOk(this.installed, env, args, options)
			: await runN8n(this.installed, env, args, options);
		this.timings.push({ command: args[0], ms: result.ms });
		return result;
	}

	async importCredentials(list: CredentialInput[]): Promise<void> {
		const file = writeImportFile(this.userFolder, 'credentials', list);
		await this.cli(['import:credentials', `--input=${file}`], true);
	}

	/** Imports a workflow under a fresh id (unless given) and returns that id. */
	async importWorkflow(workflow: WorkflowInput, id?: string): Promise<string> {
		const [imported] = await this.importWorkflows([workflow], id ? [id] : undefined);
		return imported;
	}

	/** Imports several workflows with one n8n boot; returns their ids in order. */
	async importWorkflows(workflows: WorkflowInput[], ids?: string[]): Promise<string[]> {
		const chosen = workflows.map((_, i) => ids?.[i] ?? workflowId(++this.imported));
		if (!workflows.length) return chosen;
		const file = writeImportFile(
			this.userFolder,
			'workflows',
			workflows.map((workflow, i) => completeWorkflow(workflow, chosen[i])),
		);
		await this.cli(['import:workflow', `--input=${file}`], true);
		return chosen;
	}

	/** Runs a workflow; `env` adds to n8n's environment for this run only (e.g. its proxy). */
	async executeWorkflow(id: string, env?: NodeJS.ProcessEnv): Promise<ExecuteResult> {
		return interpretExecute(await this.cli(['execute', `--id=${id}`, '--rawOutput'], false, env));
	}

	readBinary(ref: BinaryRef): Buffer {
		return readBinary(this.userFolder, ref);
	}

	dispose(): void {
		if (process.env.N8N_E2E_KEEP) return;
		rmSync(this.userFolder, { recursive: true, force: true });
	}
}
