/**
 * Real AWS SDK clients against the in-process fakes: the tests that call the fakes through the SDK check that
 * the fakes speak each service's wire protocol, so they wire the clients the same way everywhere.
 */
import { SIMULATION_CREDENTIALS } from "../../tools/simulator/aws-sdk-task-handler";
import type { FakeHttpHandler } from "../../tools/simulator/fake-http";

/**
 * Client configuration for a fake endpoint: fake credentials (a copy, since the SDK annotates the object it is
 * given) and no SDK retries, so that every error reaches the test as the fake raised it.
 */
export function fakeClientConfig(
  region: string,
  requestHandler: FakeHttpHandler,
): { region: string; credentials: { accessKeyId: string; secretAccessKey: string }; maxAttempts: number; requestHandler: FakeHttpHandler } {
  return { region, credentials: { ...SIMULATION_CREDENTIALS }, maxAttempts: 1, requestHandler };
}

/** The rejection of `promise`, for asserting on error names. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error("expected the call to fail, it succeeded");
}
