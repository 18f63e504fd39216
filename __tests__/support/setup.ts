import { installPromiseWithResolvers } from "../../tools/simulator/promise-with-resolvers";

// aws-local-stepfunctions 3.x calls Promise.withResolvers, which Node 20 lacks (it arrived in Node 22).
installPromiseWithResolvers();

// The AWS SDK (v3) prints a NodeVersionSupportWarning under Node < 22 on every run: releases published after
// January 2027 will need Node 22. The pinned clients support Node 20 (package.json engines), so the warning says
// nothing about these tests; the SDK reads this variable when a client is built (@aws-sdk/core,
// emitWarningIfUnsupportedVersion). Left as the user set it, if set.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
