// Node-side helpers shared by the proxy, replay and the LangChain adapter: what touches files and streams.
export {};
export * from './transcripts/index.js';
