import type { Schemas } from "@/lib/api";

/** The shared connection check, as the credential cards use it. */
export interface Connection {
  result: Schemas["ConnectionCheck"] | undefined;
  checking: boolean;
  /** Why the check itself could not run (network, server), if so. */
  failure: string | undefined;
  test: () => void;
}
