import type { Client } from 'pg';
import { sha256 } from '../../emulator';

export interface ExecutionRow {
	id: string;
	status: string;
	finished: boolean;
	workflowId: string;
}

/** What n8n wrote to PostgreSQL: read directly, as an operator would. */
export class N8nDatabase {
	constructor(private readonly client: Client) {}

	async executions(workflowId: string): Promise<ExecutionRow[]> {
		const { rows } = await this.client.query<ExecutionRow>(
			`SELECT id::text AS id, status, finished, "workflowId" FROM execution_entity
			 WHERE "workflowId" = $1 ORDER BY id`,
			[workflowId],
		);
		return rows;
	}

	async execution(id: string): Promise<ExecutionRow | undefined> {
		const { rows } = await this.client.query<ExecutionRow>(
			`SELECT id::text AS id, status, finished, "workflowId" FROM execution_entity WHERE id = $1`,
			[id],
		);
		return rows[0];
	}

	/**
	 * SHA-256 of the image bytes n8n stored for each execution. 2.x (`database` mode): rows of
	 * `binary_data`. 1.x (`default` mode): base64 inside the execution's saved run data.
	 */
	async imageHashes(line: string, executionIds: string[]): Promise<Map<string, string[]>> {
		return line === '1'
			? await this.inlineImageHashes(executionIds)
			: await this.binaryDataHashes(executionIds);
	}

	private async binaryDataHashes(executionIds: string[]): Promise<Map<string, string[]>> {
		const { rows } = await this.client.query<{ id: string; data: Buffer }>(
			`SELECT "sourceId" AS id, data FROM binary_data
			 WHERE "sourceType" = 'execution' AND "sourceId" = ANY($1::text[])`,
			[executionIds],
		);
		return group(rows.map((row) => [row.id, sha256(row.data)]));
	}

	private async inlineImageHashes(executionIds: string[]): Promise<Map<string, string[]>> {
		const { rows } = await this.client.query<{ id: string; data: string }>(
			`SELECT "executionId"::text AS id, data FROM execution_data
			 WHERE "executionId"::text = ANY($1::text[])`,
			[executionIds],
		);
		const pairs: Array<[string, string]> = [];
		for (const row of rows) {
			// Run data is stored flattened; each binary's base64 is one JSON string in it.
			for (const [, base64] of row.data.matchAll(/"([A-Za-z0-9+/]{64,}={0,2})"/g)) {
				const bytes = Buffer.from(base64, 'base64');
				if (IMAGE_SIGNATURES.some((sig) => bytes.subarray(0, sig.length).equals(sig))) {
					pairs.push([row.id, sha256(bytes)]);
				}
			}
		}
		return group(pairs);
	}

	async close(): Promise<void> {
		await this.client.end();
	}
}

const IMAGE_SIGNATURES = [
	Buffer.from([0x89, 0x50, 0x4e, 0x47]), // PNG
	Buffer.from([0xff, 0xd8, 0xff]), // JPEG
	Buffer.from('RIFF'), // WebP
];

function group(pairs: Array<[string, string]>): Map<string, string[]> {
	const out = new Map<string, string[]>();
	for (const [key, value] of pairs) out.set(key, [...(out.get(key) ?? []), value]);
	return out;
}
