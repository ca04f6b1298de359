import { randomUUID } from 'node:crypto';
import { sleep } from './wait';

/** n8n's owner account: a running instance with no owner shows a sign-up form instead of a login. */
export interface N8nOwner {
	email: string;
	firstName: string;
	lastName: string;
	password: string;
}

/** Creates the owner account unless one exists. Retries while the REST API is still starting. */
export async function ensureOwner(
	baseUrl: string,
	owner: N8nOwner,
	timeoutMs = 60_000,
): Promise<void> {
	const until = Date.now() + timeoutMs;
	for (;;) {
		const response = await fetch(`${baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(owner),
		}).catch(() => undefined);
		await response?.body?.cancel();
		// 200: created; 400: an owner exists already. Anything else: the REST API is still starting.
		if (response && (response.ok || response.status === 400)) return;
		if (Date.now() > until)
			throw new Error(
				`could not set up the n8n owner account (HTTP ${response?.status ?? 'no answer'})`,
			);
		await sleep(1000);
	}
}

export interface RestAnswer<T> {
	status: number;
	data: T;
	/** The error message n8n sent, for statuses other than 2xx. */
	message?: string;
}

/** A logged-in session on n8n's internal REST API (what the editor uses). */
export class N8nSession {
	private constructor(
		readonly baseUrl: string,
		private readonly cookie: string,
		private readonly browserId: string,
	) {}

	static async login(baseUrl: string, owner: N8nOwner): Promise<N8nSession> {
		// n8n ties the auth cookie to this header; every later request must send the same value.
		const browserId = randomUUID();
		const response = await fetch(`${baseUrl}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'browser-id': browserId },
			body: JSON.stringify({
				emailOrLdapLoginId: owner.email,
				email: owner.email,
				password: owner.password,
			}),
		});
		const cookie = (response.headers.getSetCookie?.() ?? [])
			.map((header) => header.split(';')[0])
			.join('; ');
		await response.body?.cancel();
		if (!response.ok || !cookie) throw new Error(`n8n login failed (HTTP ${response.status})`);
		return new N8nSession(baseUrl, cookie, browserId);
	}

	async request<T = unknown>(method: string, path: string, body?: unknown): Promise<RestAnswer<T>> {
		const response = await fetch(`${this.baseUrl}/rest${path}`, {
			method,
			headers: {
				cookie: this.cookie,
				'browser-id': this.browserId,
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		let parsed: { data?: T; message?: string } = {};
		try {
			parsed = JSON.parse(text) as typeof parsed;
		} catch {
			parsed = { message: text.slice(0, 300) };
		}
		return { status: response.status, data: parsed.data as T, message: parsed.message };
	}

	/** Like request, but anything other than 2xx is an error naming the call. */
	async call<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
		const answer = await this.request<T>(method, path, body);
		if (answer.status < 200 || answer.status >= 300)
			throw new Error(`n8n ${method} /rest${path}: HTTP ${answer.status} ${answer.message ?? ''}`);
		return answer.data;
	}

	/** Raw bytes, e.g. a stored binary. */
	async download(path: string): Promise<Buffer> {
		const response = await fetch(`${this.baseUrl}/rest${path}`, {
			headers: { cookie: this.cookie, 'browser-id': this.browserId },
		});
		if (!response.ok) throw new Error(`n8n GET /rest${path}: HTTP ${response.status}`);
		return Buffer.from(await response.arrayBuffer());
	}
}
