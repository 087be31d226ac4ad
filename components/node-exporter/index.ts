export { NODE_EXPORTER_NAME, NODE_EXPORTER_PORT, NodeExporter, type NodeExporterArgs, nodeExporterArgs, nodeExporterScrapeTarget } from "./node-exporter";
