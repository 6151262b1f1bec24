import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import {
  type AsyncApiMessage,
  dereference,
  KIOSK_PROTOCOL_PATH,
  kioskProtocolMessages,
  parseKioskProtocol,
  resolvePointer,
} from './kiosk-protocol-document';
import { renderKioskProtocolHtml } from './kiosk-protocol-html';

/**
 * asyncapi.yaml is valid AsyncAPI 3.0 (Redocly's linter, which CI has anyway, with the recommended
 * ruleset: zero errors and warnings) and holds together the way a code generator needs: every
 * reference resolves, every operation sends messages of its own channel and replies with messages of
 * its reply channel, every message has examples and each example is valid by its own schema.
 */

const text = readFileSync(KIOSK_PROTOCOL_PATH, 'utf8');
const doc = parseKioskProtocol(text);
const messages = kioskProtocolMessages(doc);

function refsIn(value: unknown, at = '#', out: Array<{ at: string; ref: string }> = []) {
  if (Array.isArray(value)) value.forEach((v, i) => refsIn(v, `${at}/${i}`, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push({ at, ref: v });
      else refsIn(v, `${at}/${k}`, out);
    }
  }
  return out;
}

describe('asyncapi.yaml', () => {
  it('is AsyncAPI 3.0.0 with the required top-level fields', () => {
    expect(doc.asyncapi).toBe('3.0.0');
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    for (const key of ['servers', 'channels', 'operations', 'components'] as const) {
      expect(Object.keys(doc[key]).length).toBeGreaterThan(0);
    }
  });

  it('has only local references, each naming something', () => {
    const refs = refsIn(doc);
    expect(refs.length).toBeGreaterThan(50);
    const broken = refs.filter(({ ref }) => resolvePointer(doc, ref) === undefined);
    expect(broken).toEqual([]);
  });

  it('gives every operation an existing channel and only messages of that channel (replies: of the reply channel)', () => {
    const problems: string[] = [];
    const within = (channelRef: string, refs: Array<{ $ref: string }>, what: string) => {
      if (!resolvePointer(doc, channelRef)) problems.push(`${what}: no channel ${channelRef}`);
      for (const { $ref } of refs) {
        if (!$ref.startsWith(`${channelRef}/messages/`) || !resolvePointer(doc, $ref)) {
          problems.push(`${what}: ${$ref} is not a message of ${channelRef}`);
        }
      }
    };
    for (const [id, op] of Object.entries(doc.operations)) {
      expect(['send', 'receive']).toContain(op.action);
      expect(op.messages.length).toBeGreaterThan(0);
      within(op.channel.$ref, op.messages, id);
      if (op.reply) within(op.reply.channel!.$ref, op.reply.messages ?? [], `${id} reply`);
    }
    for (const [name, channel] of Object.entries(doc.channels)) {
      for (const s of (channel as { servers?: Array<{ $ref: string }> }).servers ?? []) {
        if (!resolvePointer(doc, s.$ref)) problems.push(`channel ${name}: no server ${s.$ref}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('describes every kiosk event both ways, each kiosk event with its acknowledgement and the refusal', () => {
    const byEvent = (action: string) =>
      Object.values(doc.operations)
        .filter((op) => op.action === action)
        .flatMap((op) =>
          op.messages.map((m) => ({
            name: (dereference(m, doc) as unknown as AsyncApiMessage).name,
            replies: (op.reply?.messages ?? []).map((r) => r.$ref.split('/').pop()),
          })),
        );
    const received = byEvent('receive');
    expect([...new Set(received.map((r) => r.name))]).toEqual([
      'kiosk_join',
      'kiosk_update',
      'kiosk_command_ack',
      'kiosk_payment',
    ]);
    for (const r of received) expect(r.replies).toContain('refused');
    expect(byEvent('send').map((s) => s.name)).toEqual(['kiosk_command', 'kiosk_error', 'connect_error']);
  });

  it('has examples for every message, each valid by the message’s own payload schema', () => {
    const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
    addFormats(ajv);
    const invalid: string[] = [];
    for (const [name, m] of Object.entries(messages)) {
      expect({ name, examples: (m.examples ?? []).length > 0 }).toEqual({ name, examples: true });
      const validate = ajv.compile(m.payload);
      for (const e of m.examples ?? []) {
        if (!validate(e.payload)) invalid.push(`${name} ${e.name}: ${ajv.errorsText(validate.errors)}`);
      }
    }
    expect(invalid).toEqual([]);
  });

  it('lints clean with Redocly’s recommended ruleset (zero errors, zero warnings)', async () => {
    const cli = join(process.cwd(), 'node_modules/@redocly/cli/bin/cli.js');
    const run = promisify(execFile);
    // Redocly exits 1 when it finds errors: the report on stdout decides either way.
    const { stdout } = await run(process.execPath, [cli, 'lint', KIOSK_PROTOCOL_PATH, '--format=json'], {
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      maxBuffer: 16 * 1024 * 1024,
    }).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
    const report = JSON.parse(stdout) as {
      totals: { errors: number; warnings: number };
      problems: Array<{ ruleId: string; message: string }>;
    };
    expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  }, 60_000);
});

describe('renderKioskProtocolHtml', () => {
  const html = renderKioskProtocolHtml(doc);

  it('names every event, message field and error code, with the limits', () => {
    for (const event of [
      'kiosk_join',
      'kiosk_update',
      'kiosk_command_ack',
      'kiosk_payment',
      'kiosk_command',
      'kiosk_error',
      'connect_error',
    ]) {
      expect(html).toContain(`<code>${event}</code>`);
    }
    for (const field of [
      'environmental.temperature',
      'location.accuracy',
      'capabilities.sensors',
      'totals[].amount',
      'params.payment_id',
      'params.settings',
    ]) {
      expect(html).toContain(`<code>${field}</code>`);
    }
    for (const code of doc.components.schemas.KioskErrorCode.enum as string[])
      expect(html).toContain(`<code>${code}</code>`);
    expect(html).toContain('−40 … 85');
    expect(html).toContain('at most 8192 bytes as JSON');
    expect(html).toContain('<code>maxMessageBytes</code></td><td>16384');
  });

  it('is one self-contained page: no script, no external asset, text escaped', () => {
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\/[^"<\s]*\.(js|css)/i);
    expect(html).toContain('day&#39;s');
    expect(html).not.toContain('<(payload)>');
  });
});
