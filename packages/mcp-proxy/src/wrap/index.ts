// `lookout wrap`: puts every server of an MCP client configuration behind lookout-mcp, and undoes it.
export { wrapConfigText, detectConfigShape, listWrappedServers, ConfigShapeError, type WrapResult, type ConfigShape, type ClientName } from './config.js';
export { JsoncSyntaxError, parseJsoncTree } from './jsonc.js';
export { findProxyEntry, resolveProxyLaunch } from './launch.js';
export { isWrappedEntry, planServerEntry, type EntryPlan, type ProxyLaunch } from './servers.js';
export { BACKUP_SUFFIX, backupPathOf, undoWrapFile, wrapConfigFile, WrapError, type UndoReport, type WrapErrorCode, type WrapFileReport } from './wrap-file.js';
