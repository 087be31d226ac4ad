export { AuditLog, type AuditLogOptions } from "./audit-log";
export { serializeAuditRecord, type AuditRecord } from "./record";
export { exportAudit, parseSince, type ExportAuditOptions } from "./export";
export { runExportAuditCli, type CliIo } from "./cli";
export { enforceRetention, type RetentionResult } from "./retention";
export { CURRENT_FILE, listRotatedFiles, parseRotatedFileName, rotatedFileName, type RotatedFile } from "./files";
