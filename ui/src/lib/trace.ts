// Timestamps of the steps from a keystroke to the painted preview, for the
// app's measurements (tests/e2e/measure.rs). Nothing is kept unless a
// measurement asks by setting `window.__quireTrace = {}`.

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
