import type { ConformanceReport } from "../conformance-report";
import type { Block } from "./certificate-render";

/** The token request of the client-credentials grant, as the suite makes it; the docs (reports.md) show the same. */
const tokenRecipe = [
  "export CONFORMANCE_TOKEN=$(curl -sS --data-urlencode grant_type=client_credentials \\",
  '  --data-urlencode client_id="$CONFORMANCE_CLIENT_ID" --data-urlencode client_secret="$CONFORMANCE_CLIENT_SECRET" \\',
  '  --data-urlencode scope="${CONFORMANCE_SCOPE:-itwin-platform}" "${CONFORMANCE_TOKEN_URL:-https://ims.bentley.com/connect/token}" | jq -r .access_token)',
];

/**
 * What the replay commands of the findings need before they run: they read
 * the base URL and every credential from the environment, and a run with
 * client credentials had no token to name. Said once, before the first one.
 */
export function replaySetup(report: ConformanceReport, curls: readonly string[]): Block[] {
  if (!curls.length) return [];
  const variables = [
    ...new Set(curls.flatMap((curl) => [...curl.matchAll(/\$\{?(CONFORMANCE_[A-Z_]+)/g)].map((m) => m[1]!))),
  ];
  const others = variables.filter((name) => name !== "CONFORMANCE_BASE_URL" && name !== "CONFORMANCE_TOKEN");
  const quotedBase = `'${(report.target.baseUrl ?? "<the target's base URL>").replace(/'/g, "'\\''")}'`;
  return [
    {
      kind: "paragraph",
      id: "replay-setup",
      content: [
        { strong: "Replay:" },
        " each finding below ends with a curl command that replays its request. It reads the target and the credentials from the environment: export them first, with a token of the admin identity as for the run. After a run with ",
        { code: "CONFORMANCE_CLIENT_ID" },
        " and ",
        { code: "CONFORMANCE_CLIENT_SECRET" },
        ", get one from the same token endpoint with the last command.",
        ...(others.length
          ? [
              " The commands also use ",
              ...others.flatMap((name, i) => [...(i ? [", "] : []), { code: `$${name}` }]),
              ": the other identities' tokens (each from its own _CLIENT_ID and _CLIENT_SECRET the same way) and the test tokens, as for the run.",
            ]
          : []),
        ...(report.target.embedded
          ? [
              " The embedded service's tokens lived only as long as its run: start it on its own (",
              { code: "npm run reference-service" },
              ") and replay against that.",
            ]
          : []),
      ],
    },
    {
      kind: "code",
      text: [
        `export CONFORMANCE_BASE_URL=${quotedBase}`,
        "export CONFORMANCE_TOKEN='<a token of the admin identity>'",
        ...tokenRecipe,
      ].join("\n"),
    },
  ];
}
