// Styles of <preview-overlay>: a viewer filling the host, and a napari-style layer panel over it.
import { css } from 'lit';

export const previewOverlayStyles = css`
  :host {
    display: block;
    position: relative;
    height: var(--preview-overlay-height, 420px);
    min-height: 200px;
    font: 13px/1.35 var(--preview-overlay-font, system-ui, sans-serif);
    color: var(--preview-overlay-color, #e8eaed);
    --_panel: var(--preview-overlay-panel-background, rgba(24, 26, 31, 0.88));
    --_accent: var(--preview-overlay-accent, #5aa9ff);
    --_error: var(--preview-overlay-error-color, #ff8a80);
    contain: content;
  }
  :host([hidden]) {
    display: none;
  }
  .scene {
    position: absolute;
    inset: 0;
  }
  .readout {
    position: absolute;
    left: 8px;
    bottom: 8px;
    max-width: calc(100% - 16px);
    padding: 2px 8px;
    border-radius: 4px;
    background: var(--_panel);
    font-size: 12px;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
    pointer-events: none;
  }
  .scale-bar {
    position: absolute;
    left: 8px;
    bottom: 36px;
    max-width: calc(100% - 16px);
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
    font-size: 12px;
    font-variant-numeric: tabular-nums;
    text-shadow: 0 0 3px #000;
    pointer-events: none;
  }
  .scale-bar path {
    fill: none;
    stroke: currentColor;
    stroke-width: 2;
  }
  .scale-note {
    flex-basis: 100%;
    padding: 2px 8px;
    border-radius: 4px;
    background: var(--_panel);
    color: var(--_error);
    text-shadow: none;
  }
  .axes-marker {
    position: absolute;
    left: 4px;
    top: 4px;
    pointer-events: none;
    overflow: visible;
  }
  .axes-marker line {
    stroke-width: 2.5;
    stroke-linecap: round;
  }
  .axes-marker text {
    font-size: 12px;
    font-weight: 600;
    text-anchor: middle;
    dominant-baseline: central;
    paint-order: stroke;
    stroke: #000;
    stroke-width: 3px;
  }
  .axis-x line { stroke: #ff6b6b; }
  .axis-x text { fill: #ff8a8a; }
  .axis-y line { stroke: #69db7c; }
  .axis-y text { fill: #8ce99a; }
  .axis-z line { stroke: #5aa9ff; }
  .axis-z text { fill: #8cc4ff; }
  .panel {
    position: absolute;
    top: 8px;
    right: 8px;
    width: min(300px, calc(100% - 16px));
    max-height: calc(100% - 16px);
    overflow: auto;
    box-sizing: border-box;
    padding: 8px;
    border-radius: 8px;
    background: var(--_panel);
    /* No backdrop-filter: a blur over the live WebGL canvas makes the compositor re-blur the canvas under
       the panel on every frame the scene draws (≈ 70 ms of CPU per frame under SwiftShader, issue 13);
       the panel's own 88 % opaque background keeps it readable without it. */
  }
  .panel-actions {
    display: flex;
    gap: 6px;
    align-items: center;
    margin-bottom: 6px;
  }
  .panel-actions .title {
    flex: 1;
    font-weight: 600;
  }
  .panel-toggle:not(.collapse) {
    position: absolute;
    top: 8px;
    right: 8px;
    background: var(--_panel);
  }
  .toolbar {
    display: flex;
    gap: 6px;
    align-items: center;
    margin-bottom: 6px;
  }
  .toolbar input[type='range'] {
    flex: 1;
    min-width: 0;
  }
  select {
    font: inherit;
    color: inherit;
    background: rgba(255, 255, 255, 0.08);
    border: 1px solid rgba(255, 255, 255, 0.18);
    border-radius: 4px;
  }
  option {
    background: #1b1e24;
  }
  .scene:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: -2px;
  }
  button {
    font: inherit;
    color: inherit;
    background: rgba(255, 255, 255, 0.08);
    border: 1px solid rgba(255, 255, 255, 0.18);
    border-radius: 4px;
    padding: 2px 8px;
    cursor: pointer;
  }
  button[aria-pressed='true'] {
    background: var(--_accent);
    border-color: var(--_accent);
    color: #0b1320;
  }
  button:focus-visible,
  input:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 1px;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    /* minmax(0, …): a row never grows past the panel to fit a long job id (a UUID ellipsizes instead). */
    grid-template-columns: minmax(0, 1fr);
    gap: 6px;
  }
  li {
    min-width: 0;
    padding: 6px;
    border-radius: 6px;
    background: rgba(255, 255, 255, 0.05);
  }
  .row {
    display: flex;
    align-items: center;
    gap: 6px;
  }
  .name {
    flex: 1;
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    font-weight: 600;
  }
  .swatch {
    width: 12px;
    height: 12px;
    border-radius: 3px;
    flex: none;
    stroke: rgba(255, 255, 255, 0.4);
  }
  .chip {
    flex: none;
    white-space: nowrap;
    font-size: 11px;
    padding: 0 6px;
    border-radius: 8px;
    background: rgba(255, 255, 255, 0.12);
  }
  .chip[data-state='running'],
  .chip[data-state='open'] {
    background: #1b5e20;
  }
  .chip[data-state='completed'] {
    background: #1565c0;
  }
  .chip[data-state='failed'] {
    background: #b71c1c;
  }
  .chip[data-state='reconnecting'],
  .chip[data-state='connecting'],
  .chip[data-state='waiting'],
  .chip[data-state='cancel requested'] {
    background: #5d4700;
  }
  .bar {
    height: 4px;
    margin-top: 4px;
    border-radius: 2px;
    background: rgba(255, 255, 255, 0.12);
    overflow: hidden;
  }
  .bar > svg {
    display: block;
    width: 100%;
    height: 100%;
  }
  .bar rect {
    fill: var(--_accent);
  }
  .detail {
    font-size: 11px;
    opacity: 0.8;
    overflow-wrap: anywhere;
  }
  .error {
    font-size: 11px;
    color: var(--_error);
    overflow-wrap: anywhere;
  }
  .compare-summary {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 10px;
    margin-top: 6px;
    font-size: 11px;
    font-variant-numeric: tabular-nums;
  }
  .compare-summary .pair {
    flex-basis: 100%;
  }
  .compare-summary .region,
  .compare-summary .dice {
    display: inline-flex;
    align-items: center;
    gap: 4px;
  }
  .status {
    margin-top: 6px;
    font-size: 11px;
    opacity: 0.75;
  }
  .legend {
    margin-top: 4px;
    font-size: 11px;
  }
  .legend summary {
    cursor: pointer;
    opacity: 0.85;
  }
  .legend summary:focus-visible {
    outline: 2px solid var(--_accent);
  }
  ul.labels {
    gap: 2px;
    max-height: 160px;
    overflow: auto;
    margin-top: 4px;
  }
  li.label {
    display: flex;
    align-items: center;
    gap: 6px;
    padding: 1px 4px;
    background: none;
  }
  li.label[data-hidden] {
    opacity: 0.5;
  }
  li.label .isolate {
    padding: 0 6px;
    min-width: 3em;
    text-align: left;
  }
  li.label .count {
    margin-left: auto;
    font-variant-numeric: tabular-nums;
    opacity: 0.8;
  }
  input[type='range'].opacity {
    width: 72px;
  }
  .history input[type='range'] {
    flex: 1;
    min-width: 0;
  }
  .history .shown {
    font-variant-numeric: tabular-nums;
    opacity: 0.8;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;
