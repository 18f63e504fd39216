import { tmpdir } from "node:os";
import { join } from "node:path";
import { installPromiseWithResolvers } from "../../tools/simulator/promise-with-resolvers";
import { ASL_SCHEMA_VERDICTS_ENV } from "../../tools/simulator/shared-schema-asl-validator";

// aws-local-stepfunctions 3.x calls Promise.withResolvers, which Node 20 lacks (it arrived in Node 22).
installPromiseWithResolvers();

// The AWS SDK (v3) prints a NodeVersionSupportWarning under Node < 22 on every run: releases published after
// January 2027 will need Node 22. The pinned clients support Node 20 (package.json engines), so the warning says
// nothing about these tests; the SDK reads this variable when a client is built (@aws-sdk/core,
// emitWarningIfUnsupportedVersion). Left as the user set it, if set.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

// Definitions that passed asl-validator's JSON schema are remembered across test files and runs, under a hash of
// the definition, the options and the installed validator (tools/simulator/shared-schema-asl-validator.ts):
// compiling the schemas costs about a second per test file that validates. Left as the user set it, if set.
process.env[ASL_SCHEMA_VERDICTS_ENV] ??= join(tmpdir(), "guardduty-runtime-response-asl-schema-verdicts");
