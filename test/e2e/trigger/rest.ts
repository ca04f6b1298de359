import type { InstalledLine } from '../../tooling/install';
import { ensureOwner, N8nSession, type N8nOwner } from '../../tooling/n8nRest';
import { runWorkflow, triggerRuns, type RestRun, type TriggerRun } from '../dev/executions';
import { MANUAL_NODE, TRIGGER_NODE } from './workflow';

const OWNER: N8nOwner = {
	email: 'trigger-e2e@nano-banana.local',
	firstName: 'Trigger',
	lastName: 'Test',
	password: 'Trigger-e2e-password-1',
};

export interface SuiteWorkflows {
	trigger: string;
	ignoring: string;
	submit: string;
}

/** n8n's REST API as the editor's signed-in owner uses it. */
export class TriggerRest {
	/** Finished executions already read, by id: their data no longer changes. */
	private readonly seen = new Map<string, TriggerRun>();

	constructor(
		private readonly session: N8nSession,
		private readonly installed: InstalledLine,
		readonly workflows: SuiteWorkflows,
	) {}

	/** The submitting workflow, run as the editor's "Execute workflow" button runs it. */
	async runSubmit(): Promise<RestRun> {
		return await runWorkflow(this.session, this.installed, this.workflows.submit, MANUAL_NODE);
	}

	/** Every finished execution of a workflow n8n stored, with the trigger's output items. */
	async triggerRuns(workflowId: string): Promise<TriggerRun[]> {
		return await triggerRuns(this.session, this.installed, workflowId, TRIGGER_NODE, this.seen);
	}
}

export async function openRest(
	baseUrl: string,
	installed: InstalledLine,
	workflows: SuiteWorkflows,
): Promise<TriggerRest> {
	await ensureOwner(baseUrl, OWNER);
	return new TriggerRest(await N8nSession.login(baseUrl, OWNER), installed, workflows);
}
