import type { TestInfo } from "@playwright/test";
import type { RequirementId } from "../../generated/requirements";
import type { Exchange } from "../client/exchange";
import { redact } from "../core/secrets";
import { encodeEvidenceAttachment, encodeFinding, encodeFindings } from "./annotation-codec";
import { evidenceOf, preferredEvidence, type Evidence } from "./evidence";
import type { Finding } from "./finding";
import { ObservedViolations } from "./observer-failure";
import { requirementLevel } from "./requirement-level";
import { gradeTest, type TestGrade } from "./test-grade";

/**
 * Collects what one test found, requirement by requirement, and for each the
 * response it was found on: the one given (the observer's), or else the last
 * response of the operation under test the test received (a `verify` check's).
 * Violations and unchecked parts are published at once, the rest when the
 * test ends.
 */
export class FindingRecorder {
  private readonly heldIds = new Set<RequirementId>();
  private readonly violated = new Set<RequirementId>();
  private readonly mustViolations: string[] = [];
  /** The first response of a violation, else the first of a pass. */
  private readonly evidence = new Map<RequirementId, { outcome: Evidence["outcome"]; exchange: Exchange }>();
  private lastSeen: Exchange | undefined;
  private graded: TestGrade | undefined;

  /** `baseUrl`: the target's, which evidence shows request paths relative to. */
  constructor(
    private readonly testInfo: TestInfo,
    private readonly baseUrl = "",
  ) {}

  /** Every response of the operation under test the test receives, before it is judged. */
  seen(exchange: Exchange): void {
    this.lastSeen = exchange;
  }

  violation(id: RequirementId, raw: string, exchange: Exchange | undefined = this.lastSeen): void {
    const message = redact(raw);
    this.violated.add(id);
    this.publish({ kind: "violation", id, message });
    if (requirementLevel(id) === "MUST") this.mustViolations.push(`${id}: ${message}`);
    if (exchange) this.evidence.set(id, preferredEvidence(this.evidence.get(id), { outcome: "violation", exchange }));
  }

  /** A part of `id` this test could not check (with a manifest, what needs the target's state): the verdict's reason says so. */
  unchecked(id: RequirementId, what: string): void {
    this.publish({ kind: "unchecked", id, what });
  }

  held(id: RequirementId, exchange: Exchange | undefined = this.lastSeen): void {
    this.heldIds.add(id);
    if (exchange) this.evidence.set(id, preferredEvidence(this.evidence.get(id), { outcome: "pass", exchange }));
  }

  /** The test's grade, once finish() has run; Allure's labels come from it. */
  get grade(): TestGrade | undefined {
    return this.graded;
  }

  /**
   * Called once when the test ends: publishes what held, the test's grade
   * per requirement and the evidence of each, and fails the test on a MUST violation that has not
   * failed it yet, also when the test went on to skip (a violation seen
   * before the skip still counts).
   */
  finish(): void {
    const held = [...this.heldIds].filter((id) => !this.violated.has(id));
    this.graded = gradeTest({
      held,
      violated: [...this.violated],
      tagged: (this.testInfo.tags ?? []).map((tag) => tag.replace(/^@/, "")),
      status: this.testInfo.status ?? "passed",
      levelOf: requirementLevel,
    });
    this.testInfo.annotations.push(
      ...encodeFindings(held.map((id): Finding => ({ kind: "held", id }))),
      ...this.graded.annotations,
    );
    // Evidence as an attachment, not annotations: junit.xml would carry every response body as a property.
    const evidence = [...this.evidence].map(([id, { outcome, exchange }]) => ({
      id,
      evidence: evidenceOf(exchange, this.baseUrl, outcome),
    }));
    if (evidence.length) this.testInfo.attachments.push(encodeEvidenceAttachment(evidence));
    if (this.mustViolations.length && (this.testInfo.status === "passed" || this.testInfo.status === "skipped")) {
      throw new ObservedViolations(this.mustViolations);
    }
  }

  private publish(finding: Finding): void {
    this.testInfo.annotations.push(encodeFinding(finding));
  }
}
