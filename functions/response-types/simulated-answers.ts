/**
 * Simulation hooks of a response type, as plain data: the named AWS answers `simulate` can play for a finding
 * the type acts on. An answer says what the fake AWS holds for the finding's resource and which calls fail;
 * tools/simulator turns it into a fake world. No behaviour here (functions/ stays pure), so a type describes
 * its answers without knowing the simulator, and the simulator needs no per-type code to read them.
 */

/** One named answer, e.g. ECS `running`, `stopped`, `access-denied`. */
export interface SimulatedAnswerSpec {
  /** Kebab-case name given on the command line (`--answer <name>`), unique within its type. */
  readonly name: string;
  /** What the answer means, in words (reports, `--help`, docs); starts lower case, no final full stop. */
  readonly description: string;
  /** What the fake AWS holds and does. */
  readonly world: SimulatedWorldSpec;
}

/** The fake AWS of an answer: the state of the finding's resource, and the calls that fail. */
export interface SimulatedWorldSpec {
  /** The resource the finding names (ECS task, EC2 instance, EKS pod), as the simulator creates it from the finding. */
  readonly resource: SimulatedResourceSpec;
  /** Calls answered with an error instead of their result. @default none */
  readonly failingCalls?: readonly SimulatedFailingCall[];
}

/** The finding's resource: absent, or present in a state the service reports. */
export type SimulatedResourceSpec =
  | { readonly exists: false }
  | {
      readonly exists: true;
      /**
       * The state as the service spells it: ECS task `lastStatus` (`RUNNING`, `STOPPED`), EC2 instance state name
       * (`running`, `stopped`), Kubernetes pod phase (`Running`). @default the service's normal running state
       */
      readonly state?: string;
    };

/** A call that fails with the service's own error. */
export interface SimulatedFailingCall {
  /** The IAM service prefix of the call (`ecs`, `ec2`, `autoscaling`, `sns`, `eks`), or `kubernetes` for the cluster's API. */
  readonly service: string;
  /** The API action (`StopTask`), a Kubernetes `<verb> <resource>` (`delete pods`), or `*` for every call of the service. */
  readonly action: string;
  /** The error code the service answers, exactly as AWS names it (`AccessDeniedException`, `ThrottlingException`). */
  readonly error: string;
  /** Only the first this many matching calls fail, then the service answers normally. @default every call */
  readonly times?: number;
}
