import { installPromiseWithResolvers } from "../../functions/simulation/promise-with-resolvers";

// aws-local-stepfunctions 3.x calls Promise.withResolvers, which Node 20 lacks (it arrived in Node 22).
installPromiseWithResolvers();
