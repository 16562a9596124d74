/**
 * The topology webview's script, sent inline with the page's nonce (no file, nothing remote). It puts the SVG the
 * extension drew into the page, reports what it drew (the DOM's nodes and edges: the editor tests read this), and
 * turns clicks, Enter/Space and arrow keys on nodes into messages and focus moves. Plain ES2020, no modules.
 */
export const webviewScript = `
(() => {
  const vscode = acquireVsCodeApi();
  const graph = document.getElementById('graph');
  const title = document.getElementById('title');
  const message = document.getElementById('message');
  const nodes = () => Array.from(graph.querySelectorAll('g.node'));
  const report = (started) => {
    vscode.postMessage({
      type: 'rendered',
      started,
      nodes: nodes().map((g) => ({ id: g.dataset.id, classes: g.getAttribute('class'), label: g.getAttribute('aria-label') })),
      edges: Array.from(graph.querySelectorAll('g.edge')).map((g) => ({
        from: g.dataset.from, to: g.dataset.to, kind: g.dataset.kind, classes: g.getAttribute('class'),
      })),
    });
  };
  window.addEventListener('message', (event) => {
    const data = event.data || {};
    if (data.type === 'graph') {
      const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.id : undefined;
      graph.innerHTML = data.svg;
      title.textContent = data.title;
      message.textContent = '';
      const again = focused && nodes().find((g) => g.dataset.id === focused);
      if (again) again.focus();
      report(data.started);
    } else if (data.type === 'status') {
      message.textContent = data.text;
    } else if (data.type === 'unavailable') {
      graph.innerHTML = '';
      message.textContent = data.text;
      report(data.started);
    }
  });
  const nodeOf = (target) => (target && target.closest ? target.closest('g.node') : null);
  graph.addEventListener('click', (event) => {
    const node = nodeOf(event.target);
    if (node) vscode.postMessage({ type: 'open', id: node.dataset.id });
  });
  graph.addEventListener('keydown', (event) => {
    const node = nodeOf(event.target);
    if (!node) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      vscode.postMessage({ type: 'open', id: node.dataset.id });
      return;
    }
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
    if (!step) return;
    event.preventDefault();
    const all = nodes();
    const next = all[(all.indexOf(node) + step + all.length) % all.length];
    if (next) next.focus();
  });
  document.getElementById('export').addEventListener('click', () => vscode.postMessage({ type: 'export' }));
})();
`;
