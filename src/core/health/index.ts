// The health check's public face, used by the extension's command and by `doctor`.
export { runHealthCheck, HealthCheckCancelled, defaultTimeoutMs, type HealthCheckOptions } from './check';
export type { HealthResult, HealthStep, HealthStepName, HealthWarning } from './types';
export { maskApiKey, findKeyProblem } from './apiKey';
export { redactKey, redactSecrets } from './redaction';
export { describeEndpoint, defaultBaseUrl, BaseUrlError, isLoopback } from './endpoint';
export { formatHealthReport, stepLabel, describeVerdict, verdictMessage, verdictStatus, warningText } from './report';
export { renderReportHtml, type ReportPageOptions } from './reportHtml';
export { findPlainHttpWarnings } from './transport';
export { isLoopbackAddress, namesThisMachine } from './loopback';
export { chooseHealthTarget, hostNeedingConsent, consentStateKey, usesUsersOwnKey, type HealthTarget, type SettingLayers, type ValueOrigin } from './target';
