/** The Bulwark server (L7): fastify app over the store. Entry point. */
export { buildApp } from './app.js';
export { closeServer } from './drain.js';
export { ipcQueue, serveJobs } from './cluster.js';
