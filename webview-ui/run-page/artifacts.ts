// The artifact browser: the run's files as a tree, and the preview of the selected one.
import type { ArtifactPreview, OnnxTensorInfo } from '../../src/shared/run-page';
import { RUN_PAGE_LIMITS } from '../../src/shared/run-page';
import { h } from '../shared/dom';
import type { TreeNode } from './model';
import { formatSize } from './model';

/** Folders are <details>, open unless the user closed them (`closed` holds their paths). */
export function treeList(nodes: TreeNode[], selected: string | null, closed: ReadonlySet<string>): HTMLElement {
  return h(
    'ul',
    { class: 'tree', role: 'group' },
    ...nodes.map((node) => {
      if (node.isDir) {
        const details = h('details', { 'data-dir': node.path, open: !closed.has(node.path) }, h('summary', { class: 'dir' }, `${node.name}/`), treeList(node.children, selected, closed));
        return h('li', {}, details);
      }
      const isSelected = node.path === selected;
      return h(
        'li',
        {},
        h('button', { class: `artifact${isSelected ? ' selected' : ''}`, type: 'button', 'data-path': node.path, 'aria-pressed': isSelected ? 'true' : 'false', title: node.path }, node.name),
        node.size !== undefined ? h('span', { class: 'size' }, formatSize(node.size)) : '',
      );
    }),
  );
}

function tensorTable(caption: string, tensors: OnnxTensorInfo[]): HTMLElement {
  const shape = (t: OnnxTensorInfo): string => (t.shape === null ? '?' : `[${t.shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]`);
  return h(
    'table',
    { class: `grid onnx-${caption}` },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, caption), h('th', { scope: 'col' }, 'type'), h('th', { scope: 'col' }, 'shape'))),
    h('tbody', {}, ...tensors.map((t) => h('tr', { 'data-name': t.name }, h('td', {}, h('code', {}, t.name)), h('td', {}, t.kind === 'tensor' ? t.elemType : t.kind), h('td', {}, shape(t))))),
  );
}

function listFromJson(text: string | undefined): string[] | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : null;
  } catch {
    return null;
  }
}

function onnxBody(preview: ArtifactPreview & { kind: 'onnx' }): HTMLElement {
  const s = preview.signature;
  const features = listFromJson(s.metadata.feature_names);
  const classes = listFromJson(s.metadata.class_labels);
  const producer = [s.producer.name, s.producer.version].filter(Boolean).join(' ');
  return h(
    'div',
    { class: 'preview-onnx' },
    h('p', {}, `ONNX IR ${s.irVersion}${producer ? ` · produced by ${producer}` : ''} · opsets ${s.opsets.map((o) => `${o.domain || 'ai.onnx'} ${o.version}`).join(', ')}`),
    tensorTable('input', s.inputs),
    tensorTable('output', s.outputs),
    features ? h('p', { class: 'features' }, 'Features: ', ...features.flatMap((f, i) => [i ? ', ' : '', h('code', {}, f)])) : '',
    classes ? h('p', { class: 'classes' }, `Classes: ${classes.join(', ')}`) : '',
  );
}

function previewBody(preview: ArtifactPreview): HTMLElement {
  switch (preview.kind) {
    case 'text':
    case 'json':
      return h('pre', { class: `preview-${preview.kind}` }, preview.text);
    case 'csv':
      return h(
        'div',
        { class: 'table-box' },
        h(
          'table',
          { class: 'grid preview-csv' },
          h('thead', {}, h('tr', {}, ...preview.columns.map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, ...preview.rows.map((row) => h('tr', {}, ...row.map((v) => h('td', {}, v))))),
        ),
      );
    case 'image':
      return h('img', { class: 'preview-image', src: preview.dataUri, alt: preview.path });
    case 'onnx':
      return onnxBody(preview);
    case 'none':
      return h('p', { class: 'empty preview-none' }, preview.reason);
  }
}

function note(preview: ArtifactPreview): string {
  if (preview.kind === 'csv') return `${preview.rows.length} rows × ${preview.columns.length} columns${preview.truncated ? ` (the first ${RUN_PAGE_LIMITS.csvRows} rows at most)` : ''}`;
  if ((preview.kind === 'text' || preview.kind === 'json') && preview.truncated) return `the first ${formatSize(preview.text.length)} of ${formatSize(preview.size)}`;
  return '';
}

export function previewHeader(path: string, size: number | null): HTMLElement {
  return h(
    'div',
    { class: 'preview-head' },
    h('code', { id: 'preview-path' }, path),
    size !== null ? h('span', { class: 'size' }, formatSize(size)) : '',
    h('vscode-button', { id: 'preview-open', secondary: true, 'data-path': path, title: 'Open the file in an editor' }, 'Open'),
    h('vscode-button', { id: 'preview-reveal', secondary: true, 'data-path': path, title: 'Reveal the file in the file manager or the Explorer' }, 'Reveal'),
  );
}

export function previewView(preview: ArtifactPreview): HTMLElement[] {
  const extra = note(preview);
  return [previewHeader(preview.path, preview.size), ...(extra ? [h('p', { class: 'preview-note' }, extra)] : []), previewBody(preview)];
}
