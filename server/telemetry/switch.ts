/** Whether the SDK was started in this process (sdk.ts says so); false in tests and without OTEL_*. */
let on = false;

export function telemetryOn(): boolean {
  return on;
}

/** Called by sdk.ts once the SDK is registered. */
export function markTelemetryOn(): void {
  on = true;
}
