import { delimiter, join } from 'node:path';
import type { InstalledLine } from './install';

/** Fixed so imported credentials stay readable by every command of one run; not a secret. */
export const ENCRYPTION_KEY = 'e2e-fixed-encryption-key-0123456789';

// Settings from the caller's shell would make runs differ between machines.
const INHERITED_PREFIXES = [
	'N8N_',
	'DB_',
	'EXECUTIONS_',
	'QUEUE_',
	'GENERIC_',
	'NODE_OPTIONS',
	'NODE_PATH',
];

/**
 * n8n behind an HTTPS proxy, as a user sets it up: `proxyUrl` for http and https (both spellings,
 * since the lower-case one wins where set), loopback direct so n8n's own local traffic stays off
 * the proxy, and `caFile` added to Node's trusted CAs for a proxy that ends TLS itself.
 */
export function httpsProxyEnv(proxyUrl: string, caFile: string): NodeJS.ProcessEnv {
	const noProxy = '127.0.0.1,localhost';
	return {
		HTTPS_PROXY: proxyUrl,
		https_proxy: proxyUrl,
		HTTP_PROXY: proxyUrl,
		http_proxy: proxyUrl,
		NO_PROXY: noProxy,
		no_proxy: noProxy,
		NODE_EXTRA_CA_CERTS: caFile,
	};
}

/**
 * Environment for every n8n command (and the package install) of one user folder. `filesDir`
 * is the only place file nodes may touch (2.x restricts them to ~/.n8n-files by default).
 */
export function n8nEnv(
	installed: InstalledLine,
	userFolder: string,
	filesDir: string,
): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (!INHERITED_PREFIXES.some((prefix) => key.startsWith(prefix))) env[key] = value;
	}
	return {
		...env,
		// n8n must run on its own Node; child processes it starts (npm, task runners) too.
		PATH: `${join(installed.node.dir, 'bin')}${delimiter}${process.env.PATH ?? ''}`,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		DB_TYPE: 'sqlite',
		// Nothing may call home: the machine is offline and each call would wait for a timeout.
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_RESTRICT_FILE_ACCESS_TO: filesDir,
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_LOG_LEVEL: process.env.N8N_E2E_LOG_LEVEL ?? 'info',
		N8N_LOG_OUTPUT: 'console',
	};
}
