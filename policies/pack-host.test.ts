// The pack as the Pulumi CLI runs it: its own node_modules (npm ci in policies/, as the CLI installs a pack), the
// analyzer host of @pulumi/pulumi loading index.ts through ts-node with policies/tsconfig.json, and the Analyzer
// gRPC protocol the engine speaks (GetAnalyzerInfo, Configure, Analyze, AnalyzeStack) on 127.0.0.1.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { POLICIES } from "./pack";

const packDir = __dirname;
const hostEntry = join(packDir, "node_modules", "@pulumi", "pulumi", "cmd", "run-policy-pack");

test("the pack loads in Pulumi's analyzer host and judges resources over gRPC with a stack's policy config", async (t) => {
  assert.ok(existsSync(hostEntry), `the pack's dependencies are not installed: run npm ci --prefix policies (bash .ci/run does; the Pulumi CLI does the same before loading a pack)`);
  // Everything from the pack's own installation, as the server uses it (protobuf classes must be the same copies).
  const load = createRequire(join(packDir, "node_modules", "@pulumi", "pulumi", "package.json"));
  const grpc = load("@grpc/grpc-js");
  const rpc = load("./proto/analyzer_grpc_pb");
  const pb = load("./proto/analyzer_pb");
  const { Struct } = load("google-protobuf/google/protobuf/struct_pb");
  const { Empty } = load("google-protobuf/google/protobuf/empty_pb");

  // The engine address is only used for logging, which these calls do not reach.
  const host = spawn(process.execPath, [hostEntry, "127.0.0.1:1", "."], { cwd: packDir, stdio: ["ignore", "pipe", "pipe"] });
  t.after(() => host.kill());
  let stderr = "";
  host.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    host.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /^(\d+)\s*$/m.exec(out);
      if (m) resolve(Number(m[1]));
    });
    host.on("exit", (code) => reject(new Error(`the analyzer host exited (${code}) before serving:\n${stderr}`)));
  });

  const client = new rpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  t.after(() => client.close());
  const call = <T>(method: string, req: unknown) => new Promise<T>((resolve, reject) => client[method](req, (e: Error | null, res: T) => (e ? reject(e) : resolve(res))));

  const info = await call<any>("getAnalyzerInfo", new Empty());
  assert.equal(info.getName(), "llm-observability");
  assert.deepEqual(info.getPoliciesList().map((p: any) => p.getName()), POLICIES.map((p) => p.name));

  // What `--policy-pack-config policies/config/prod.json` makes the CLI send.
  const prod = JSON.parse(readFileSync(join(packDir, "config", "prod.json"), "utf8")) as Record<string, unknown>;
  const configure = new pb.ConfigureAnalyzerRequest();
  for (const p of POLICIES) {
    const pc = new pb.PolicyConfig();
    pc.setEnforcementlevel(pb.EnforcementLevel.MANDATORY);
    pc.setProperties(Struct.fromJavaScript((prod[p.name] ?? {}) as Record<string, any>));
    configure.getPolicyconfigMap().set(p.name, pc);
  }
  await call("configure", configure);

  const statefulSet = {
    apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "prometheus" },
    spec: { replicas: 2, template: { spec: { containers: [{ name: "prometheus", image: "prom/prometheus:latest", args: ["--storage.tsdb.retention.time=400d", "--storage.tsdb.retention.size=10GB"], resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } } }] } }, volumeClaimTemplates: [{ metadata: { name: "data" }, spec: {} }] },
  };
  const req = new pb.AnalyzeRequest();
  req.setType("kubernetes:apps/v1:StatefulSet");
  req.setName("prometheus");
  req.setUrn("urn:pulumi:prod::llm-observability::kubernetes:apps/v1:StatefulSet::prometheus");
  req.setProperties(Struct.fromJavaScript(statefulSet));
  req.setOptions(new pb.AnalyzerResourceOptions());
  const analyzed = await call<any>("analyze", req);
  const found = analyzed.getDiagnosticsList().map((d: any) => ({ policy: d.getPolicyname(), level: d.getEnforcementlevel(), message: d.getMessage() }));
  assert.deepEqual(found.map((d: any) => d.policy).sort(), ["pinned-image-tags", "prometheus-retention"]);
  for (const d of found) assert.equal(d.level, pb.EnforcementLevel.MANDATORY);
  assert.match(found.find((d: any) => d.policy === "prometheus-retention").message, /retention\.time = "400d": outside this environment's bounds of 15d to 90d/);

  const resource = new pb.AnalyzerResource();
  resource.setType("kubernetes:core/v1:ConfigMap");
  resource.setName("app");
  resource.setUrn("urn:pulumi:prod::llm-observability::kubernetes:core/v1:ConfigMap::app");
  resource.setProperties(Struct.fromJavaScript({ kind: "ConfigMap", metadata: { name: "app" }, data: { DB_PASSWORD: "hunter2" } }));
  resource.setOptions(new pb.AnalyzerResourceOptions());
  const stackReq = new pb.AnalyzeStackRequest();
  stackReq.setResourcesList([resource]);
  const stack = await call<any>("analyzeStack", stackReq);
  const messages = stack.getDiagnosticsList().map((d: any) => `${d.getPolicyname()}: ${d.getMessage()}`);
  assert.equal(messages.length, 1, messages.join("\n"));
  // The host puts the policy's description before the message, as `pulumi preview` prints it.
  assert.match(messages[0], /^no-plaintext-secrets: No credential in plain text.*\nConfigMap app: data\["DB_PASSWORD"\] = "\[redacted\]"/);
});
