// The policy pack the Pulumi CLI loads (`pulumi preview --policy-pack policies`). Constructing PolicyPack starts
// the analyzer's gRPC server, so nothing else imports this file: tests and `npm run policy` use ./pack.
import { PolicyPack } from "@pulumi/policy";
import { DEFAULT_ENFORCEMENT, PACK_NAME, POLICIES } from "./pack";

new PolicyPack(PACK_NAME, { enforcementLevel: DEFAULT_ENFORCEMENT, policies: POLICIES });
