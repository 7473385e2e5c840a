import { redact } from "./secrets";

/**
 * Why the suite could not do its work, as opposed to a finding about the
 * implementation: a bad setting, a target that does not answer, a token
 * endpoint that refuses, provisioning that broke. A check that meets one
 * passes it on instead of recording a violation, so the verdict never blames
 * the implementation for the setup or the network.
 */
export abstract class InfrastructureError extends Error {
  /** Shown as its message alone: a state of the setup, not a defect in the suite's code. */
  protected withoutStack(): void {
    this.stack = `${this.name}: ${this.message}`;
  }
}

/** A setting, a file it names, or the command line is wrong: the run stops before any check, with exit code 2. */
export class ConfigError extends InfrastructureError {
  override name = "ConfigError";
}

/** The exit code of a configuration or connection error (README: Exit codes). */
export const configurationErrorExit = 2;

/** The target did not answer in time, or the connection failed: the message names the request and the wait. */
export class TargetUnavailableError extends InfrastructureError {
  override name = "TargetUnavailableError";

  constructor(message: string) {
    super(message);
    this.withoutStack();
  }
}

/** No token: the endpoint refused or did not answer. The message quotes its answer, redacted. */
export class TokenRequestError extends InfrastructureError {
  override name = "TokenRequestError";

  constructor(message: string) {
    // A token endpoint may echo what it was sent; the secret is registered for redaction before the request.
    super(redact(message));
    this.withoutStack();
  }
}

/** A sibling operation the suite provisions through failed or broke its contract: the check cannot be judged. */
export class ProvisioningError extends InfrastructureError {
  override name = "ProvisioningError";

  /**
   * `status`: what the target answered, when the failure is an answer it gave. `missingRoute`: that answer quoted,
   * when no deployment of the API gives it (the route is not there): the setup's mistake, not the implementation's.
   */
  constructor(
    message: string,
    readonly status?: number,
    readonly missingRoute?: string,
  ) {
    super(message);
  }
}
