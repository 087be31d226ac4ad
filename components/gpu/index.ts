export { DCGM_EXPORTER_NAME, DCGM_EXPORTER_PORT, DcgmExporter, type DcgmExporterArgs, POD_RESOURCES_DIR, dcgmPodSpec, dcgmScrapeTarget } from "./dcgm-exporter";
