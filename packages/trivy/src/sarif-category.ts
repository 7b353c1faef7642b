/**
 * Sets the SARIF category (`runAutomationDetails.id`) on every run, so several uploads for one commit (one per
 * image or target) do not replace each other in code scanning.
 */
export function setSarifCategory(sarifText: string, category: string): string {
  const sarif = JSON.parse(sarifText) as { runs?: Record<string, unknown>[] };
  for (const run of sarif.runs ?? []) run.automationDetails = { id: `${category}/` };
  return JSON.stringify(sarif);
}
