import type { TestInfo } from "@playwright/test";
import { requirements, type RequirementId } from "../../generated/requirements";
import { redact } from "./redact";

/**
 * Findings travel from the tests to the conformance reporter as test
 * annotations, so they also show in Playwright's HTML report and in Allure.
 */
export const annotation = {
  /** description: "<REQUIREMENT-ID> <message>" */
  violation: "conformance:violation",
  /** description: the requirement ids that were checked and held, space-separated */
  observed: "conformance:observed",
} as const;

const levelOf = new Map<string, "MUST" | "SHOULD">(requirements.map((r) => [r.id, r.level]));

export function requirementLevel(id: string): "MUST" | "SHOULD" | undefined {
  return levelOf.get(id);
}

/** Starts the message of the error that fails a test for the observer's MUST violations. */
export const observerFailureMarker = "[response observer]";

/** A MUST violation the observer saw; it fails the test at its end. */
export class ObservedViolations extends Error {
  override name = "ObservedViolations";
}

/** Collects what one test found, requirement by requirement. */
export class FindingRecorder {
  private readonly heldIds = new Set<RequirementId>();
  private readonly violated = new Set<RequirementId>();
  private readonly mustViolations: string[] = [];

  constructor(private readonly testInfo: TestInfo) {}

  violation(id: RequirementId, raw: string): void {
    const message = redact(raw);
    this.violated.add(id);
    this.testInfo.annotations.push({ type: annotation.violation, description: `${id} ${message}` });
    if (requirementLevel(id) === "MUST") this.mustViolations.push(`${id}: ${message}`);
  }

  held(id: RequirementId): void {
    this.heldIds.add(id);
  }

  /**
   * Called once when the test ends: publishes what held, and fails the test
   * on a MUST violation that has not failed it yet, also when the test went
   * on to skip (a violation seen before the skip still counts).
   */
  finish(): void {
    const held = [...this.heldIds].filter((id) => !this.violated.has(id));
    if (held.length) this.testInfo.annotations.push({ type: annotation.observed, description: held.join(" ") });
    if (this.mustViolations.length && (this.testInfo.status === "passed" || this.testInfo.status === "skipped")) {
      throw new ObservedViolations(
        `${observerFailureMarker} ${this.mustViolations.length} MUST violation(s):\n${this.mustViolations.join("\n")}`,
      );
    }
  }
}
