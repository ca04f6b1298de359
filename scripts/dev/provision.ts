import { createHash } from 'node:crypto';

import { startingTrigger, type Example, type ExampleWorkflow } from '../../test/tooling/examples';
import type { N8nSession } from '../../test/tooling/n8nRest';
import type { FalTarget } from './falTarget';
import type { DevState } from './state';

const CREDENTIAL_TYPE = 'falNanoBananaApi';
/** The ready-made credential's name, which the banner tells users to pick. */
export const CREDENTIAL_NAME = 'Fal API';
/** The id earlier versions of `npm run dev` imported the credential under. */
const LEGACY_CREDENTIAL_ID = 'nanoBananaFalApi';

const hash = (value: string) => createHash('sha256').update(value).digest('hex');

/** A fixed id per example file: 16 characters, like n8n's own workflow ids. */
export function exampleId(file: string): string {
	return `nbx${hash(file).slice(0, 13)}`;
}

/**
 * The credential dev manages. It is written when missing and re-pointed only when the fal
 * target changed (FAL_KEY set or unset, another emulator port); otherwise it is left as it is.
 */
export async function ensureCredential(
	session: N8nSession,
	fal: FalTarget,
	state: DevState,
): Promise<{ id: string; action: 'created' | 'kept' | 'updated' }> {
	const target = hash(JSON.stringify(fal.credential)).slice(0, 16);
	const body = { name: CREDENTIAL_NAME, type: CREDENTIAL_TYPE, data: fal.credential };
	const existing = await session.call<Array<{ id: string }>>('GET', '/credentials');
	for (const id of [state.credential?.id, LEGACY_CREDENTIAL_ID]) {
		if (!id || !existing.some((credential) => credential.id === id)) continue;
		if (state.credential?.id === id && state.credential.target === target) {
			return { id, action: 'kept' };
		}
		await session.call('PATCH', `/credentials/${id}`, body);
		state.credential = { id, target };
		return { id, action: 'updated' };
	}
	const created = await session.call<{ id: string }>('POST', '/credentials', body);
	state.credential = { id: created.id, target };
	return { id: created.id, action: 'created' };
}

function withCredential(workflow: ExampleWorkflow, credentialId: string): ExampleWorkflow {
	return {
		...workflow,
		nodes: workflow.nodes.map((node) =>
			node.credentials?.[CREDENTIAL_TYPE]
				? {
						...node,
						credentials: { [CREDENTIAL_TYPE]: { id: credentialId, name: CREDENTIAL_NAME } },
					}
				: node,
		),
	};
}

/** The n8n address the shipped examples' Notify URLs assume (n8n's default port). */
const SHIPPED_BASE_URL = 'http://localhost:5678/';

/** Notify URLs made for n8n's default address, pointed at the n8n dev actually started. */
export function withBaseUrl(workflow: ExampleWorkflow, baseUrl: string): ExampleWorkflow {
	return {
		...workflow,
		nodes: workflow.nodes.map((node) => {
			const notifyUrl = node.parameters?.notifyUrl;
			if (typeof notifyUrl !== 'string' || !notifyUrl.startsWith(SHIPPED_BASE_URL)) return node;
			const pointed = `${baseUrl.replace(/\/$/, '')}/${notifyUrl.slice(SHIPPED_BASE_URL.length)}`;
			return { ...node, parameters: { ...node.parameters, notifyUrl: pointed } };
		}),
	};
}

/**
 * A trigger-started example (the receiving half of the big-batch pair) is of use only when
 * active: its production URL answers only then. Done once, when dev adds it.
 */
async function activate(session: N8nSession, id: string): Promise<void> {
	const saved = await session.call<{ versionId?: string }>('GET', `/workflows/${id}`);
	await session.call('POST', `/workflows/${id}/activate`, { versionId: saved.versionId });
}

export interface ProvisionedExample extends Example {
	id: string;
	action: 'created' | 'kept';
}

/**
 * Adds the examples n8n does not have; one that exists (same id, or same name) is the user's
 * copy and is never overwritten. To get the shipped version back, delete it in n8n and restart.
 */
export async function ensureExamples(
	session: N8nSession,
	examples: Example[],
	credentialId: string,
	baseUrl: string,
): Promise<ProvisionedExample[]> {
	const existing = await session.call<Array<{ id: string; name: string }>>('GET', '/workflows');
	const result: ProvisionedExample[] = [];
	for (const example of examples) {
		const found =
			existing.find((workflow) => workflow.id === exampleId(example.file)) ??
			existing.find((workflow) => workflow.name === example.workflow.name);
		if (found) {
			result.push({ ...example, id: found.id, action: 'kept' });
			continue;
		}
		const id = exampleId(example.file);
		const { name, nodes, connections, settings } = withCredential(
			withBaseUrl(example.workflow, baseUrl),
			credentialId,
		);
		const answer = await session.request('POST', '/workflows', {
			id,
			name,
			nodes,
			connections,
			settings: settings ?? {},
		});
		// 400 "exists already": archived, so not listed; still the user's copy.
		if (answer.status === 400 && /exists already/.test(answer.message ?? '')) {
			result.push({ ...example, id, action: 'kept' });
			continue;
		}
		if (answer.status !== 200)
			throw new Error(
				`n8n refused example ${example.file}: HTTP ${answer.status} ${answer.message ?? ''}`,
			);
		if (startingTrigger(example.workflow)) await activate(session, id);
		result.push({ ...example, id, action: 'created' });
	}
	return result;
}
