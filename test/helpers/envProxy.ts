import { readFileSync } from 'node:fs';
import { request as httpRequest, type ClientRequest } from 'node:http';
import { Agent, type AgentOptions, type RequestOptions } from 'node:https';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect, rootCertificates } from 'node:tls';

/**
 * n8n's proxy support as both lines implement it for `httpRequest`: the proxy comes from
 * HTTPS_PROXY / HTTP_PROXY / ALL_PROXY (either case) unless NO_PROXY names the host, read at
 * request time (n8n uses `proxy-from-env`); an https target is reached through a CONNECT tunnel and
 * verified with Node's CAs plus NODE_EXTRA_CA_CERTS.
 */

type Env = NodeJS.ProcessEnv;

function envValue(env: Env, name: string): string {
	return env[name.toLowerCase()] ?? env[name.toUpperCase()] ?? '';
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

/** proxy-from-env's NO_PROXY rules: `*`, exact hosts, `.suffix` / `*.suffix`, optional `:port`. */
function bypassed(target: URL, env: Env): boolean {
	const noProxy = envValue(env, 'no_proxy').toLowerCase();
	if (!noProxy) return false;
	if (noProxy === '*') return true;
	const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
	const port = Number(target.port) || DEFAULT_PORTS[target.protocol];
	return noProxy.split(/[,\s]/).some((entry) => {
		if (!entry) return false;
		const match = /^(.+):(\d+)$/.exec(entry);
		const entryHost = match ? match[1] : entry;
		if (match && Number(match[2]) !== port) return false;
		if (!/^[.*]/.test(entryHost)) return host === entryHost;
		const suffix = entryHost.replace(/^\*/, '');
		return host.endsWith(suffix);
	});
}

/** The proxy n8n would use for `target`, or undefined for a direct connection. */
export function proxyFor(target: URL, env: Env = process.env): URL | undefined {
	const scheme = target.protocol.replace(/:$/, '');
	const value = envValue(env, `${scheme}_proxy`) || envValue(env, 'all_proxy');
	if (!value || bypassed(target, env)) return undefined;
	return new URL(value.includes('://') ? value : `${target.protocol}//${value}`);
}

/** Node's own CAs and the file NODE_EXTRA_CA_CERTS names, read now (n8n reads it at start). */
function trustedCas(env: Env): string[] {
	const extra = env.NODE_EXTRA_CA_CERTS;
	return extra ? [...rootCertificates, readFileSync(extra, 'utf8')] : [...rootCertificates];
}

/** An https agent that opens every connection as a CONNECT tunnel through `proxy`. */
class TunnellingAgent extends Agent {
	constructor(
		private readonly proxy: URL,
		options: AgentOptions,
	) {
		super(options);
	}

	override createConnection(
		options: RequestOptions,
		callback?: (error: Error | null, stream: Duplex) => void,
	): undefined {
		// Node's agent takes the socket from the callback when none is returned.
		const done = (error: Error | null, stream?: Duplex) => callback?.(error, stream as Duplex);
		const host = options.host ?? 'localhost';
		const authority = `${host}:${options.port ?? 443}`;
		const connect: ClientRequest = httpRequest({
			host: this.proxy.hostname,
			port: Number(this.proxy.port) || 80,
			method: 'CONNECT',
			path: authority,
			headers: { host: authority },
		});
		connect.once('connect', (answer, socket, head) => {
			if (answer.statusCode !== 200) {
				socket.destroy();
				done(new Error(`The proxy answered CONNECT ${authority} with ${answer.statusCode}`));
				return;
			}
			if (head.length) socket.unshift(head);
			const secure = tlsConnect({
				socket,
				servername: options.servername ?? host,
				ca: options.ca,
				rejectUnauthorized: options.rejectUnauthorized ?? true,
			});
			done(null, secure);
		});
		connect.once('error', (error) => done(error));
		connect.end();
		return undefined;
	}
}

/** A tunnelling agent for `proxy`, trusting what the environment tells Node to trust. */
export function tunnellingAgent(proxy: URL, env: Env = process.env): Agent {
	return new TunnellingAgent(proxy, { keepAlive: false, ca: trustedCas(env) });
}
