import { isAbsolute, join, resolve } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');

function port(name: string, fallback: number): number {
	const raw = process.env[name]?.trim();
	if (!raw) return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 1 || value > 65535)
		throw new Error(`${name}="${raw}" is not a port number`);
	return value;
}

/** What `npm run dev` reads from the environment; every setting has a default. */
export interface DevSettings {
	/** n8n's port (`N8N_PORT`, as in n8n itself). */
	port: number;
	/** The fal emulator's port when FAL_KEY is not set (`FAL_EMULATOR_PORT`). */
	emulatorPort: number;
	/** n8n's user folder, database and log (`NANO_BANANA_DEV_FOLDER`, default `.n8n-dev`). */
	folder: string;
	falKey?: string;
	falProxyUrl: string;
}

export function readSettings(): DevSettings {
	const folder = process.env.NANO_BANANA_DEV_FOLDER?.trim() || '.n8n-dev';
	return {
		port: port('N8N_PORT', 5678),
		emulatorPort: port('FAL_EMULATOR_PORT', 8787),
		folder: isAbsolute(folder) ? folder : resolve(REPO_ROOT, folder),
		falKey: process.env.FAL_KEY?.trim() || undefined,
		falProxyUrl: process.env.FAL_PROXY_URL?.trim() ?? '',
	};
}
