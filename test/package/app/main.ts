// A user's app, as the package test installs it: it imports the package by name (resolved through the
// `exports` of the installed tarball) and is typed by the package's own declarations, with no cast.
// It reports what it saw on `window.appReport` for the test to poll.
import 'preview-overlay';
import type { JobPreviewDetail, PreviewOverlay } from 'preview-overlay';
import type { AnyModel } from 'preview-overlay/jupyter';

export interface AppReport {
  previewIds: (number | string)[];
  labels: number;
  completed: boolean;
  streamMode: PreviewOverlay['streamMode'];
  errors: string[];
}

declare global {
  interface Window {
    appReport: AppReport;
  }
}

/** The anywidget entry's types resolve through `exports` as well. */
export type WidgetModel = AnyModel;

const params = new URLSearchParams(location.search);
const report: AppReport = { previewIds: [], labels: 0, completed: false, streamMode: undefined, errors: [] };
window.appReport = report;

const overlay: PreviewOverlay = document.createElement('preview-overlay');
overlay.server = params.get('server') ?? '';
overlay.jobs = [params.get('job') ?? ''];
overlay.addEventListener('job-preview', (event) => {
  const detail: JobPreviewDetail = event.detail;
  if (detail.previewId !== undefined) report.previewIds.push(detail.previewId);
  report.labels = Object.keys(detail.labelCounts).length;
  report.streamMode = overlay.streamMode;
});
overlay.addEventListener('job-error', (event) => report.errors.push(event.detail.message));
overlay.addEventListener('job-failed', (event) => report.errors.push(`${event.detail.code}: ${event.detail.message}`));
overlay.addEventListener('job-completed', () => {
  report.completed = true;
});
document.body.append(overlay);
