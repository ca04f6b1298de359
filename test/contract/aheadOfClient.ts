/**
 * What fal documents (and the node sends) ahead of the installed @fal-ai/client's endpoint
 * types, reviewed: a whole endpoint ('*') or single fields. The request-body contract and the
 * check of the emulator's schemas both read this one list, and both fail once a client release
 * knows an entry, so the entry is removed and checked like the rest.
 */
export const AHEAD_OF_CLIENT = {
	'google/nano-banana-lite': '*',
	'google/nano-banana-lite/edit': '*',
	'google/nano-banana-2-lite': '*',
	'fal-ai/nano-banana-2': ['system_prompt'],
	'fal-ai/nano-banana-2/edit': ['system_prompt', 'video_url', 'audio_url', 'pdf_url'],
	'fal-ai/nano-banana-pro': ['system_prompt'],
	'fal-ai/nano-banana-pro/edit': ['system_prompt'],
} as const satisfies Record<string, '*' | readonly string[]>;

type Ahead = typeof AHEAD_OF_CLIENT;

/** Endpoints the client does not know at all. */
export type AheadEndpoints = { [E in keyof Ahead]: Ahead[E] extends '*' ? E : never }[keyof Ahead];

/** Fields of endpoint `E` the client's input type does not have yet. */
export type AheadFields<E> = E extends keyof Ahead
	? Ahead[E] extends readonly string[]
		? Ahead[E][number]
		: never
	: never;

/** The list as plain data, for checks at run time. */
export function aheadOf(endpoint: string): '*' | readonly string[] {
	return (AHEAD_OF_CLIENT as Record<string, '*' | readonly string[]>)[endpoint] ?? [];
}
