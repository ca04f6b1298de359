import { ensureOwner, N8nSession, type N8nOwner } from '../../tooling/n8nRest';
import { sleep } from '../../tooling/wait';

const QUEUE_OWNER: N8nOwner = {
	email: 'queue-e2e@nano-banana.local',
	firstName: 'Queue',
	lastName: 'Test',
	password: 'Queue-e2e-password-1',
};

/** HTTP to n8n's main: webhooks, and the REST calls a signed-in owner makes in the editor. */
export class MainApi {
	private session: N8nSession | undefined;

	constructor(readonly baseUrl: string) {}

	/** POSTs JSON to a production webhook; the body comes back as bytes. */
	async webhook(
		path: string,
		body: unknown,
	): Promise<{ status: number; contentType: string; bytes: Buffer }> {
		const response = await fetch(`${this.baseUrl}/webhook/${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
			// A lost execution must fail its case, not hold the suite.
			signal: AbortSignal.timeout(180_000),
		});
		return {
			status: response.status,
			contentType: response.headers.get('content-type') ?? '',
			bytes: Buffer.from(await response.arrayBuffer()),
		};
	}

	/** Waits until the main has registered the webhook (a GET then names the POST it expects). */
	async waitForWebhook(path: string, timeoutMs = 60_000): Promise<void> {
		const until = Date.now() + timeoutMs;
		let last = '';
		while (Date.now() < until) {
			const response = await fetch(`${this.baseUrl}/webhook/${path}`).catch(() => undefined);
			last = (await response?.text()) ?? 'no answer';
			if (response && !/not registered/i.test(last)) return;
			if (/Did you mean to make a POST request/i.test(last)) return;
			await sleep(500);
		}
		throw new Error(`webhook ${path} was not registered in ${timeoutMs / 1000} s: ${last}`);
	}

	/** Creates the owner account and signs in as it, as the editor would. */
	async setUpOwner(): Promise<void> {
		await ensureOwner(this.baseUrl, QUEUE_OWNER);
		this.session = await N8nSession.login(this.baseUrl, QUEUE_OWNER);
	}

	/** `POST /rest/executions/:id/stop`, what the editor's Stop button sends. */
	async stopExecution(id: string): Promise<unknown> {
		if (!this.session) throw new Error('stopping an execution needs the owner signed in');
		return await this.session.call('POST', `/executions/${id}/stop`, {});
	}
}
