import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A credential as `n8n import:credentials` reads it. `data` given as a plain object is
 * encrypted with N8N_ENCRYPTION_KEY on import (both lines); a string would be taken as
 * already encrypted.
 */
export interface CredentialInput {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

/** The fields n8n needs to import a workflow and later find it by id. */
export interface WorkflowInput {
	id?: string;
	name?: string;
	nodes: unknown[];
	connections: Record<string, unknown>;
	[key: string]: unknown;
}

let counter = 0;

/** Writes an input file for an import command into the user folder. */
export function writeImportFile(userFolder: string, kind: string, content: unknown): string {
	const file = join(userFolder, `import-${kind}-${++counter}.json`);
	writeFileSync(file, JSON.stringify(content, null, 2));
	return file;
}

/** Workflow ids are 16 characters of [0-9A-Za-z] on both lines: `e2e` and a zero-padded number. */
export function workflowId(n: number): string {
	return `e2e${String(n).padStart(13, '0')}`;
}

/**
 * The settings the editor gives every new workflow. Without `executionOrder: 'v1'` n8n runs a
 * workflow in the old v0 order, in which AI Agent 3.x resumes before its tool ran.
 */
export const EDITOR_SETTINGS = { executionOrder: 'v1' } as const;

/** Fills the fields an exported workflow carries and `import:workflow` relies on. */
export function completeWorkflow(workflow: WorkflowInput, id: string): WorkflowInput {
	return {
		name: workflow.name ?? id,
		active: false,
		settings: { ...EDITOR_SETTINGS },
		pinData: {},
		...workflow,
		id,
	};
}
