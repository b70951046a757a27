import type { z } from "zod";

/** One line per zod issue, naming where it is: `body.content.msgtype: Invalid input: expected string`. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], root: string): string {
  return issues
    .slice(0, 5)
    .map((issue) => `${formatPath(root, issue.path)}: ${issue.message}`)
    .join("; ");
}

export function formatPath(root: string, path: readonly PropertyKey[]): string {
  let text = root;
  for (const key of path) {
    text += typeof key === "number" ? `[${key}]` : `.${String(key)}`;
  }
  return text;
}
