// Must NOT typecheck: the preview id is `previewId`, not `previewID`. tsc can only say so when the
// package's types resolved (with no types, `detail` would be `any` and this would pass).
import 'preview-overlay';

const overlay = document.createElement('preview-overlay');
overlay.addEventListener('job-preview', (event) => console.log(event.detail.previewID));
