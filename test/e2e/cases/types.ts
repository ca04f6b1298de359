import type { N8nLine } from '../../tooling/lines';
import type { ChatEmulator } from '../../emulator/openai';
import type { Emulator } from '../emulator';
import type { ExecuteResult, N8nInstance, WorkflowInput } from '../harness';

export interface CaseContext {
	n8n: N8nInstance;
	emu: Emulator;
	/** The OpenAI-compatible chat emulator behind the agent cases' chat model. */
	chat: ChatEmulator;
	line: N8nLine;
}

/**
 * One end-to-end case: a workflow (all of a line's workflows are imported in one go, since
 * every n8n command boots n8n), an optional setup right before its execute, and the checks.
 */
export interface Case {
	name: string;
	/** Lines this case applies to (default: all). */
	lines?: string[];
	workflow(ctx: CaseContext): WorkflowInput;
	before?(ctx: CaseContext): void | Promise<void>;
	/** Environment added to n8n's for this case's run (e.g. HTTPS_PROXY). */
	env?(ctx: CaseContext): NodeJS.ProcessEnv;
	check(result: ExecuteResult, ctx: CaseContext): void | Promise<void>;
}
