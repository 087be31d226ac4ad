// Tests and the render command share one recording mock implementation.
export { installMocks, resetRecorded, resolve, settle, type RecordedResource } from "../../render/mocks";
