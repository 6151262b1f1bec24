import {
  type AsyncApiMessage,
  type AsyncApiOperation,
  dereference,
  type JsonSchema,
  type KioskProtocolDocument,
  resolvePointer,
} from './kiosk-protocol-document';

/**
 * asyncapi.yaml as one self-contained HTML page for kiosk makers: a table per message (field, type,
 * limits, description), the checks beyond the schema, the acknowledgements, error codes and
 * examples. No script and no external asset (the page is served under the API's CSP, offline too);
 * the only markup allowed in descriptions is the small Markdown subset the document uses.
 */
export function renderKioskProtocolHtml(doc: KioskProtocolDocument): string {
  const operations = Object.entries(doc.operations);
  const section = (action: AsyncApiOperation['action']) =>
    operations
      .filter(([, op]) => op.action === action)
      .map(([id, op]) => renderOperation(doc, id, op))
      .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(doc.info.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${esc(doc.info.title)} <small>AsyncAPI ${esc(doc.asyncapi)} · version ${esc(doc.info.version)}</small></h1>
<p><a href="/docs/kiosk-protocol.yaml">asyncapi.yaml</a> (the document this page renders) · <a href="/docs">REST API (Swagger)</a></p>
<nav><ul>${operations.map(([id, op]) => `<li><a href="#${esc(id)}">${esc(op.title ?? id)}</a></li>`).join('')}</ul></nav>
${markdown(doc.info.description ?? '')}
${renderServers(doc)}
<h2 id="limits">Limits</h2>
${keyValueTable(doc.info['x-kiosk-wire-limits'])}
<h2 id="error-codes">Error codes</h2>
<table><thead><tr><th>code</th><th>sent when</th><th>events</th></tr></thead><tbody>
${doc.info['x-kiosk-error-codes']
  .map(
    (c) =>
      `<tr><td><code>${esc(c.code)}</code></td><td>${inline(c.when)}</td><td>${c.events.map(code).join(' ')}</td></tr>`,
  )
  .join('\n')}
</tbody></table>
<h2 id="kiosk-to-server">Kiosk → server</h2>
${section('receive')}
<h2 id="server-to-kiosk">Server → kiosk</h2>
${section('send')}
</main>
</body>
</html>
`;
}

function renderServers(doc: KioskProtocolDocument): string {
  const schemes = (doc.components.securitySchemes ?? {}) as Record<
    string,
    { type: string; description?: string }
  >;
  const servers = Object.entries(doc.servers).map(([name, s]) => {
    const { description, 'x-socketio': socketio } = s as {
      description?: string;
      'x-socketio'?: Record<string, unknown>;
    };
    return `<h3>Server <code>${esc(name)}</code>: ${esc(String(s.protocol))}://${esc(String(s.host))}${esc(String(s.pathname ?? ''))}</h3>
${markdown(description ?? '')}
${socketio ? keyValueTable(socketio) : ''}`;
  });
  const auth = Object.entries(schemes).map(
    ([name, s]) =>
      `<h3>Authentication <code>${esc(name)}</code> (${esc(s.type)})</h3>${markdown(s.description ?? '')}`,
  );
  return `<h2 id="connecting">Connecting</h2>\n${servers.join('\n')}\n${auth.join('\n')}`;
}

function renderOperation(doc: KioskProtocolDocument, id: string, op: AsyncApiOperation): string {
  const messages = op.messages.map((ref) => dereference(ref, doc) as unknown as AsyncApiMessage);
  const replies = (op.reply?.messages ?? []).map(
    (ref) => dereference(ref, doc) as unknown as AsyncApiMessage,
  );
  const channel = resolvePointer(doc, op.channel.$ref) as { address?: string } | undefined;
  return `<section id="${esc(id)}">
<h2><code>${esc(op.title ?? id)}</code> <small>${op.action === 'receive' ? 'kiosk → server' : 'server → kiosk'} · namespace ${esc(channel?.address ?? '')}</small></h2>
${op.summary ? `<p><strong>${inline(op.summary)}</strong></p>` : ''}
${markdown(op.description ?? '')}
${messages.map((m) => renderMessage(m, 3)).join('\n')}
${
  replies.length
    ? `<h3>Acknowledgement (reply to the callback)</h3>\n${replies.map((m) => renderMessage(m, 4)).join('\n')}`
    : ''
}
</section>`;
}

function renderMessage(m: AsyncApiMessage, level: 3 | 4): string {
  const checks = m['x-kiosk-wire-checks'] ?? [];
  const schema = m.payload;
  const rules = ((schema.allOf ?? []) as JsonSchema[]).filter((r) => r.if && r.then);
  return `<h${level}>${esc(m.title ?? m.name)}</h${level}>
${m.summary ? `<p>${inline(m.summary)}</p>` : ''}
${markdown(m.description ?? '')}
${schema.description ? markdown(String(schema.description)) : ''}
${fieldTable(schema)}
${rules.map(renderRule).join('\n')}
${
  checks.length
    ? `<p>Checks beyond the schema, in the order they run:</p>
<table><thead><tr><th>check</th><th>refused with</th><th>what it requires</th></tr></thead><tbody>
${checks.map((c) => `<tr><td>${esc(c.id)}${c.stage ? ` (${esc(c.stage)})` : ''}</td><td>${code(c.code)}</td><td>${inline(c.description)}</td></tr>`).join('\n')}
</tbody></table>`
    : ''
}
${(m.examples ?? [])
  .map(
    (e) =>
      `<details><summary>Example${e.name ? ` <code>${esc(e.name)}</code>` : ''}${e.summary ? `: ${inline(e.summary)}` : ''}</summary><pre>${esc(JSON.stringify(e.payload, null, 2))}</pre></details>`,
  )
  .join('\n')}`;
}

/** `if: {command: …} then: {params: …}`: the params table of those commands. */
function renderRule(rule: JsonSchema): string {
  const cond = ((rule.if as JsonSchema).properties ?? {}) as Record<string, JsonSchema>;
  const [field, c] = Object.entries(cond)[0] ?? ['', {}];
  const values = (c.enum ?? (c.const !== undefined ? [c.const] : [])) as unknown[];
  const then = ((rule.then as JsonSchema).properties ?? {}) as Record<string, JsonSchema>;
  return Object.entries(then)
    .map(
      ([name, s]) =>
        `<p>When <code>${esc(field)}</code> is ${values.map((v) => code(String(v))).join(' or ')}: <code>${esc(name)}</code></p>\n${fieldTable(s, name)}`,
    )
    .join('\n');
}

interface Row {
  field: string;
  type: string;
  required: boolean;
  limits: string[];
  description: string;
}

function fieldTable(schema: JsonSchema, root = ''): string {
  const rows: Row[] = [];
  collectRows(schema, root, false, rows);
  if (!rows.length) return '';
  return `<table><thead><tr><th>field</th><th>type</th><th>required</th><th>limits</th><th>description</th></tr></thead><tbody>
${rows
  .map(
    (r) =>
      `<tr><td><code>${esc(r.field || '(payload)')}</code></td><td>${esc(r.type)}</td><td>${r.required ? 'yes' : ''}</td><td>${r.limits.join('<br>')}</td><td>${inline(r.description)}</td></tr>`,
  )
  .join('\n')}
</tbody></table>`;
}

function collectRows(s: JsonSchema, path: string, required: boolean, rows: Row[]): void {
  const props = (s.properties ?? {}) as Record<string, JsonSchema>;
  if (path) {
    rows.push({
      field: path,
      type: typeOf(s),
      required,
      limits: limitsOf(s),
      description: String(s.description ?? ''),
    });
  }
  const req = new Set((s.required ?? []) as string[]);
  for (const [name, p] of Object.entries(props))
    collectRows(p, path ? `${path}.${name}` : name, req.has(name), rows);
  const items = s.items as JsonSchema | undefined;
  if (items && Object.keys((items.properties ?? {}) as object).length)
    collectRows(items, `${path}[]`, false, rows);
}

function typeOf(s: JsonSchema): string {
  if (Array.isArray(s.anyOf ?? s.oneOf))
    return ((s.anyOf ?? s.oneOf) as JsonSchema[]).map(typeOf).join(' | ');
  if ('const' in s) return JSON.stringify(s.const);
  const t = Array.isArray(s.type) ? (s.type as string[]).join(' | ') : String(s.type ?? 'any');
  if (t === 'array' && s.items) return `array of ${typeOf(s.items as JsonSchema)}`;
  return s.format ? `${t} (${String(s.format)})` : t;
}

function limitsOf(s: JsonSchema): string[] {
  const out: string[] = [];
  const branches = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;
  if (branches) return branches.flatMap((b) => limitsOf(b).map((l) => `${esc(typeOf(b))}: ${l}`));
  const min = s.minimum as number | undefined;
  const max = s.maximum as number | undefined;
  if (min !== undefined && max !== undefined) out.push(`${num(min)} … ${num(max)}`);
  else if (min !== undefined) out.push(`≥ ${num(min)}`);
  else if (max !== undefined) out.push(`≤ ${num(max)}`);
  const minL = s.minLength as number | undefined;
  const maxL = s.maxLength as number | undefined;
  if (minL !== undefined || maxL !== undefined) out.push(`${minL ?? 0} … ${maxL ?? '∞'} characters`);
  if (s.pattern) out.push(`matches <code>${esc(String(s.pattern))}</code>`);
  if (Array.isArray(s.enum))
    out.push(`one of ${(s.enum as unknown[]).map((v) => code(String(v))).join(', ')}`);
  if (s.maxItems !== undefined) out.push(`at most ${String(s.maxItems)} items`);
  if (s['x-max-bytes'] !== undefined) out.push(`at most ${String(s['x-max-bytes'])} bytes as JSON`);
  if (s.additionalProperties === false) out.push('no other keys');
  const items = s.items as JsonSchema | undefined;
  if (items && !Object.keys((items.properties ?? {}) as object).length) {
    out.push(...limitsOf(items).map((l) => `each: ${l}`));
  }
  return out;
}

// Integers beyond 2^53 (float4's largest value) read better as 3.4028234663852886e+38.
const num = (n: number) =>
  (Number.isInteger(n) && !Number.isSafeInteger(n) ? n.toExponential() : String(n)).replace('-', '−');

function keyValueTable(values: Record<string, unknown>, prefix = ''): string {
  const rows: string[] = [];
  const walk = (v: Record<string, unknown>, p: string) => {
    for (const [k, x] of Object.entries(v)) {
      if (x && typeof x === 'object' && !Array.isArray(x)) walk(x as Record<string, unknown>, `${p}${k}.`);
      else
        rows.push(
          `<tr><td><code>${esc(p + k)}</code></td><td>${inline(Array.isArray(x) ? x.join(', ') : String(x))}</td></tr>`,
        );
    }
  };
  walk(values, prefix);
  return `<table><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

const code = (s: string) => `<code>${esc(s)}</code>`;

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Escaped text with `code` and **bold** spans. */
function inline(s: string): string {
  return esc(s)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
}

/** Paragraphs, `- ` lists (with indented continuation lines) and ``` fences. */
function markdown(text: string): string {
  const out: string[] = [];
  const blocks = text.split(/\n```[a-z]*\n/);
  blocks.forEach((block, i) => {
    if (i % 2 === 1) {
      out.push(`<pre>${esc(block.replace(/\n$/, ''))}</pre>`);
      return;
    }
    for (const para of block.replace(/^```[a-z]*\n/, '').split(/\n\s*\n/)) {
      const lines = para.trim().split('\n');
      if (!lines[0]) continue;
      const items: string[] = [];
      const lead: string[] = [];
      for (const line of lines) {
        if (line.startsWith('- ')) items.push(line.slice(2));
        else if (items.length) items[items.length - 1] += ` ${line.trim()}`;
        else lead.push(line);
      }
      if (lead.length) out.push(`<p>${inline(lead.join(' '))}</p>`);
      if (items.length) out.push(`<ul>${items.map((it) => `<li>${inline(it)}</li>`).join('')}</ul>`);
    }
  });
  return out.join('\n');
}

const STYLE = `
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1d232a;margin:0;background:#fafbfc}
main{max-width:1100px;margin:0 auto;padding:24px}
h1 small,h2 small{font-weight:normal;color:#5c6670;font-size:60%}
h2{border-bottom:1px solid #d8dee4;padding-bottom:4px;margin-top:2em}
section h2{border:0}
table{border-collapse:collapse;width:100%;margin:8px 0 16px;background:#fff}
th,td{border:1px solid #d8dee4;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f0f3f6}
code{font:13px ui-monospace,SFMono-Regular,Menlo,monospace;background:#eef1f4;padding:0 3px;border-radius:3px;word-break:break-word}
pre{background:#f0f3f6;padding:8px;overflow:auto;font-size:13px}
nav ul{display:flex;flex-wrap:wrap;gap:4px 16px;list-style:none;padding:0}
details{margin:4px 0}
`;
