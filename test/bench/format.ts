/** Number formats shared by the report: decimal megabytes, as image sizes are usually quoted. */
export const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(bytes >= 1e8 ? 0 : 1)} MB`;

export const signedMs = (ms: number): string =>
	`${ms < 0 ? '−' : '+'}${Math.abs(Math.round(ms))} ms`;

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

export const times = (ratio: number): string =>
	`×${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(2)}`;

export const signedMb = (bytes: number): string => `${bytes < 0 ? '−' : '+'}${mb(Math.abs(bytes))}`;
