/** The dev instance's login, printed in the terminal: it guards a local instance only. */
export const DEV_OWNER = {
	email: 'dev@nano-banana.local',
	firstName: 'Nano',
	lastName: 'Banana',
	password: 'NanoBanana-dev-1',
};

/** Waits until n8n answers on its health endpoint. */
export async function waitForN8n(baseUrl: string, timeoutMs = 180_000): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (Date.now() < until) {
		try {
			const response = await fetch(`${baseUrl}/healthz`);
			if (response.ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	throw new Error(`n8n did not answer on ${baseUrl} within ${timeoutMs / 1000} s`);
}

/** Creates the owner account on first start, so the editor opens on a login, not a sign-up form. */
export async function ensureOwner(baseUrl: string, timeoutMs = 60_000): Promise<void> {
	const until = Date.now() + timeoutMs;
	for (;;) {
		const response = await fetch(`${baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(DEV_OWNER),
		}).catch(() => undefined);
		await response?.body?.cancel();
		// 200: created; 400: an owner exists already. Anything else: the REST API is still starting.
		if (response && (response.ok || response.status === 400)) return;
		if (Date.now() > until)
			throw new Error(
				`could not set up the n8n owner account (HTTP ${response?.status ?? 'no answer'})`,
			);
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
}
