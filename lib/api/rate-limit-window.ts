/** The rate limit's window (no server-only import: the OpenAPI document names it). */
export const RATE_WINDOW_SECONDS = 60;
