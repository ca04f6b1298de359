/** The only key the bench's emulator accepts; shaped like a real fal key (id:secret). */
export const BENCH_KEY = 'bench-key-id:bench-secret-0123456789';
