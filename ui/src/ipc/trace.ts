// Timestamps of the steps from a keystroke to the painted preview, for the
// app's measurements (tests/e2e/measure.rs). Nothing is kept unless a
// measurement asks by setting `window.__quireTrace = {}`. It sits beside the
// door (index.ts times each command) so that ipc/ depends on nothing behind it.

type Trace = Record<string, number>;

/** Notes when `step` last happened, if a measurement is listening. */
export function trace(step: string): void {
  const record = (globalThis as { __quireTrace?: Trace }).__quireTrace;
  if (record) record[step] = performance.now();
}

let started = false;

/**
 * Marks a step of the start-up (`performance.mark("quire-<step>")`, read by
 * the start-up measurement), until the editor is first interactive: later
 * calls of the same code (a refresh, another entry opened) mark nothing.
 */
export function startupMark(step: string): void {
  if (started) return;
  performance.mark(`quire-${step}`);
  if (step === "interactive") started = true;
}

/** The start-up's marks so far, in milliseconds after the page started, with the page's own load steps. */
export function startupMarks(): [string, number][] {
  const steps: [string, number][] = [];
  const navigation = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
  if (navigation) steps.push(["response", navigation.responseEnd], ["dom-interactive", navigation.domInteractive]);
  for (const mark of performance.getEntriesByType("mark")) {
    if (mark.name.startsWith("quire-")) steps.push([mark.name.slice("quire-".length), mark.startTime]);
  }
  return steps.map(([step, at]) => [step, Math.round(at)]);
}
