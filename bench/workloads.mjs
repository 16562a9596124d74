// Generated workloads with known injected errors. Every 10th unit carries one error; `injected` lists the 0-based
// lines where each is written, so a server's diagnostics can be scored: found = an error diagnostic on an injected
// line; other = any diagnostic elsewhere.

/** A Compose file with `n` services; every 10th has one of four mistakes the Compose schema forbids. */
export function composeWorkload(n) {
  const lines = ['services:'];
  const injected = [];
  const mistakes = [
    () => `    restart: sometimes`,
    (i) => `    imagee: app:${i}`,
    () => `    cpu_shares: lots`,
    () => `    privileged: maybe`,
  ];
  for (let i = 0; i < n; i++) {
    lines.push(
      `  svc${i}:`,
      `    image: registry.local/team/app${i}:1.${i}`,
      `    environment:`,
      `      ROLE: worker${i}`,
      `    ports:`,
      `      - "127.0.0.1:${20000 + i}:80"`,
    );
    if (i > 0) lines.push(`    depends_on:`, `      - svc${i - 1}`);
    if (i % 10 === 5) {
      injected.push(lines.length);
      lines.push(mistakes[((i / 10) % mistakes.length) | 0](i));
    }
  }
  return { name: `compose.${n}.yaml`, text: `${lines.join('\n')}\n`, injected, editLine: 1 };
}

/** A Kubernetes file with `n` documents (Deployments and Services); every 10th has an unknown field or a wrong type. */
export function kubernetesWorkload(n) {
  const lines = [];
  const injected = [];
  for (let i = 0; i < n; i++) {
    if (i > 0) lines.push('---');
    if (i % 2 === 0) {
      lines.push('apiVersion: apps/v1', 'kind: Deployment', 'metadata:', `  name: app${i}`, 'spec:');
      if (i % 10 === 4) {
        injected.push(lines.length);
        lines.push('  replicas: two');
      } else lines.push('  replicas: 2');
      lines.push(
        '  selector:',
        '    matchLabels:',
        `      app: app${i}`,
        '  template:',
        '    metadata:',
        '      labels:',
        `        app: app${i}`,
        '    spec:',
        '      containers:',
        `        - name: app${i}`,
        `          image: registry.local/app${i}:1.0`,
      );
      if (i % 10 === 8) {
        injected.push(lines.length);
        lines.push('          imagePullPolicyy: Always');
      }
      lines.push('          ports:', '            - containerPort: 8080');
    } else {
      lines.push(
        'apiVersion: v1',
        'kind: Service',
        'metadata:',
        `  name: app${i}`,
        'spec:',
        '  selector:',
        `    app: app${i - 1}`,
        '  ports:',
        '    - port: 80',
        '      targetPort: 8080',
      );
    }
  }
  return { name: `k8s.${n}.yaml`, text: `${lines.join('\n')}\n`, injected, editLine: 3 };
}
