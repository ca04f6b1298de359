import type { ChatEmulator } from '../emulator/openai';
import type { InstalledLine } from '../tooling/install';
import { say } from '../tooling/log';
import type { Case, CaseContext } from './cases';
import { e2eCredentials } from './cases/credentials';
import type { Emulator } from './emulator';
import { N8nInstance, type WorkflowInput } from './harness';
import type { Report } from './report';

/** Runs the cases on one n8n line, in one fresh user folder with the package installed. */
export async function runLine(
	installed: InstalledLine,
	tarball: string,
	emu: Emulator,
	chat: ChatEmulator,
	cases: Case[],
	report: Report,
): Promise<void> {
	const label = `n8n ${installed.n8n.version}`;
	const selected = cases.filter((c) => !c.lines || c.lines.includes(installed.line.name));
	let n8n: N8nInstance | undefined;
	let started = Date.now();
	let pending = selected;
	try {
		say(`${label}: installing the package into a fresh user folder`);
		n8n = await N8nInstance.create(installed, tarball);
		const ctx: CaseContext = { n8n, emu, chat, line: installed.line };
		say(`${label}: importing credentials and ${selected.length} workflows (${n8n.userFolder})`);
		await n8n.importCredentials(e2eCredentials(emu, chat));

		const prepared: Array<{ c: Case; workflow: WorkflowInput }> = [];
		for (const c of selected) {
			try {
				prepared.push({ c, workflow: c.workflow(ctx) });
			} catch (error) {
				report.fail(label, c.name, 0, error);
			}
		}
		pending = prepared.map((p) => p.c);
		const ids = await n8n.importWorkflows(prepared.map((p) => p.workflow));

		for (const [i, { c }] of prepared.entries()) {
			started = Date.now();
			pending = pending.slice(1);
			try {
				await c.before?.(ctx);
				const result = await n8n.executeWorkflow(ids[i], c.env?.(ctx));
				if (result.ok && result.exit.code !== 0) {
					say(
						`${label}: note: n8n ended with ${result.exit.signal ?? `exit ${result.exit.code}`} after printing a complete run`,
					);
				}
				await c.check(result, ctx);
				report.pass(label, c.name, Date.now() - started);
			} catch (error) {
				report.fail(label, c.name, Date.now() - started, error);
			}
		}
	} catch (error) {
		// Setup failed: every case that did not run yet fails with the setup's error.
		for (const c of pending) report.fail(label, c.name, Date.now() - started, error);
	} finally {
		if (n8n) {
			const boots = n8n.timings.map((t) => `${t.command} ${(t.ms / 1000).toFixed(1)}s`).join(', ');
			say(`${label}: n8n commands: ${boots}`);
			if (report.failed) say(`${label}: user folder kept for inspection: ${n8n.userFolder}`);
			else n8n.dispose();
		}
	}
}
