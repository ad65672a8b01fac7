// `server-only` throws when imported outside a React Server environment; tests run in plain Node.
export {};
