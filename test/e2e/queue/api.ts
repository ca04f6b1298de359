/** HTTP to n8n's main: webhooks, and the REST calls a signed-in owner makes in the editor. */
export class MainApi {
	private cookie = '';

	constructor(readonly baseUrl: string) {}

	/** Also sent at sign-up, so the session cookie's browser check passes on every call. */
	private static readonly BROWSER_ID = 'nano-banana-queue-e2e';

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
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		throw new Error(`webhook ${path} was not registered in ${timeoutMs / 1000} s: ${last}`);
	}

	/** Creates the owner account and keeps its session cookie. */
	async setUpOwner(): Promise<void> {
		const response = await fetch(`${this.baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'browser-id': MainApi.BROWSER_ID },
			body: JSON.stringify({
				email: 'queue-e2e@nano-banana.local',
				firstName: 'Queue',
				lastName: 'Test',
				password: 'Queue-e2e-password-1',
			}),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`owner set-up answered ${response.status}: ${text}`);
		const cookie = response.headers
			.getSetCookie()
			.map((c) => c.split(';')[0])
			.find((c) => c.startsWith('n8n-auth='));
		if (!cookie) throw new Error('owner set-up set no n8n-auth cookie');
		this.cookie = cookie;
	}

	/** `POST /rest/executions/:id/stop`, what the editor's Stop button sends. */
	async stopExecution(id: string): Promise<unknown> {
		const response = await fetch(`${this.baseUrl}/rest/executions/${id}/stop`, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				cookie: this.cookie,
				'browser-id': MainApi.BROWSER_ID,
			},
			body: '{}',
		});
		const text = await response.text();
		if (!response.ok)
			throw new Error(`stopping execution ${id} answered ${response.status}: ${text}`);
		return JSON.parse(text) as unknown;
	}
}
