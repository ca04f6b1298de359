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

	/** Binaries n8n keeps in its database store, per execution, as SHA-256 of their bytes. */
	async binaryHashes(executionIds: string[]): Promise<Map<string, string[]>> {
		const { rows } = await this.client.query<{ sourceId: string; data: Buffer }>(
			`SELECT "sourceId", data FROM binary_data
			 WHERE "sourceType" = 'execution' AND "sourceId" = ANY($1::text[])`,
			[executionIds],
		);
		const out = new Map<string, string[]>();
		for (const row of rows) {
			const list = out.get(row.sourceId) ?? [];
			list.push(sha256(row.data));
			out.set(row.sourceId, list);
		}
		return out;
	}

	async close(): Promise<void> {
		await this.client.end();
	}
}
