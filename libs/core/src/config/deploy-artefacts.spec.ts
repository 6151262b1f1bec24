import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { loadAppConfig } from './app.config';
import { envSchema } from './env.schema';

/**
 * The deployment artefacts (docker-compose.yml with deploy/compose.example.env, deploy/k8s with its
 * ConfigMap and example Secret) against the env schema: each process they start gets every setting
 * production requires, and names nothing the schema does not know (a typo would silently fall back
 * to a default). Offline: no container engine or cluster; compose interpolation is done here.
 */
const ROOT = join(__dirname, '..', '..', '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
type Env = Record<string, string>;

function readEnvFile(path: string): Env {
  const env: Env = {};
  for (const line of read(path).split('\n')) {
    const m = /^\s*([A-Za-z_]\w*)=(.*)$/.exec(line);
    if (m) env[m[1]] = m[2].trim();
  }
  return env;
}

/** Compose's `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?message}`, `${VAR?message}`, `$$`. */
export function interpolate(text: string, vars: Env): string {
  return text.replace(
    /\$\$|\$\{(\w+)(?:(:?)([-?])([^}]*))?\}/g,
    (all, name?: string, colon?: string, op?: string, arg?: string) => {
      if (all === '$$') return '$';
      const value = vars[name as string];
      const unset = value === undefined || (colon === ':' && value === '');
      if (op === '?' && unset) throw new Error(`compose would refuse: ${name}: ${arg}`);
      if (op === '-' && unset) return arg ?? '';
      return value ?? '';
    },
  );
}

const KNOWN = new Set(
  Object.entries((envSchema.describe() as { keys: Record<string, { flags?: { presence?: string } }> }).keys)
    .filter(([, d]) => d.flags?.presence !== 'forbidden')
    .map(([name]) => name),
);

/** The environment the runtime stage of the Dockerfile sets (`ENV a=b \ c=d`). */
function imageEnv(): Env {
  const runtime = read('Dockerfile').split(/^FROM .* AS runtime$/m)[1] ?? '';
  const env: Env = {};
  for (const [, block] of runtime.matchAll(/^ENV ((?:.*\\\n)*.*)$/gm)) {
    for (const token of block.split(/[\s\\]+/)) {
      const m = /^(\w+)=(.+)$/.exec(token);
      if (m) env[m[1]] = m[2];
    }
  }
  return env;
}

interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  healthcheck?: { test?: string[]; disable?: boolean };
}

function composeServices(vars: Env): Record<string, ComposeService> {
  const doc = YAML.parse(interpolate(read('docker-compose.yml'), vars), { merge: true }) as {
    services: Record<string, ComposeService>;
  };
  return doc.services;
}

function serviceEnv(service: ComposeService): Env {
  const env: Env = {};
  const raw = service.environment ?? {};
  if (Array.isArray(raw)) {
    for (const item of raw) env[item.split('=')[0]] = item.slice(item.indexOf('=') + 1);
  } else {
    for (const [k, v] of Object.entries(raw)) if (v !== null) env[k] = String(v);
  }
  return env;
}

const APP_IMAGE = 'kiosk-fleet:local';
const exampleVars = readEnvFile('deploy/compose.example.env');

describe('docker-compose.yml with deploy/compose.example.env', () => {
  const services = composeServices(exampleVars);
  const appServices = Object.entries(services).filter(([, s]) => s.image === APP_IMAGE);

  it('runs two API instances, a worker and the migration step from the app image', () => {
    expect(appServices.map(([name]) => name).sort()).toEqual(['api-1', 'api-2', 'migrate', 'worker']);
    expect(services.migrate.command).toEqual(['node', 'dist/apps/cli/main.js', 'migrate']);
    expect(services.worker.command).toEqual(['node', 'dist/apps/worker/main.js']);
    // the API instances run the image's default command, which keeps the start:api node flags
    expect(services['api-1'].command).toBeUndefined();
    expect(services['api-1'].healthcheck?.test?.join(' ')).toContain('/health/ready');
  });

  it.each(['api-1', 'api-2', 'worker', 'migrate'])(
    '%s starts in production with what it is given',
    (name) => {
      const env = { ...imageEnv(), ...serviceEnv(services[name]) };
      expect(env.NODE_ENV).toBe('production');
      const config = loadAppConfig({ ...env, NODE_ENV: 'production' });
      expect(config.isProduction).toBe(true);
      expect(config.database.url).toBe(
        `postgres://kiosk:${exampleVars.POSTGRES_PASSWORD}@postgres:5432/kiosk_fleet`,
      );
      expect(config.jwt.secret).toBe(exampleVars.JWT_SECRET);
      expect(config.redis.url).toBe('redis://redis:6379');
      expect(config.database.migrateOnStart).toBe(false);
      expect(config.http.trustProxy).toBe(1);
    },
  );

  it('sets NODE_ENV=production and PORT in the image itself', () => {
    expect(imageEnv()).toEqual({ NODE_ENV: 'production', PORT: '3000' });
  });

  it('names only variables the env schema knows', () => {
    for (const [name, service] of appServices) {
      const unknown = Object.keys({ ...imageEnv(), ...serviceEnv(service) }).filter((k) => !KNOWN.has(k));
      expect({ service: name, unknown }).toEqual({ service: name, unknown: [] });
    }
  });

  it('refuses to render without the secrets, naming the one missing', () => {
    for (const secret of ['JWT_SECRET', 'POSTGRES_PASSWORD', 'ADMIN_PASSWORD']) {
      const vars = { ...exampleVars };
      delete vars[secret];
      expect(() => composeServices(vars)).toThrow(
        new RegExp(`^compose would refuse: ${secret}: set ${secret}`),
      );
    }
  });

  it('would be caught by this test if the secret went missing from a service', () => {
    const env = { ...imageEnv(), ...serviceEnv(services['api-1']) };
    delete env.JWT_SECRET;
    expect(() => loadAppConfig(env)).toThrow(/JWT_SECRET must be set/);
  });
});

interface Container {
  name: string;
  command?: string[];
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  env?: Array<{ name: string; value?: string }>;
}
interface Generator {
  name: string;
  envs?: string[];
}

describe('deploy/k8s with its ConfigMap and example Secret', () => {
  const kustomization = YAML.parse(read('deploy/k8s/kustomization.yaml')) as {
    resources: string[];
    configMapGenerator: Generator[];
    secretGenerator: Generator[];
  };
  const generated = (list: Generator[], name: string): Env =>
    Object.assign(
      {},
      ...(list.find((g) => g.name === name)?.envs ?? []).map((f) => readEnvFile(`deploy/k8s/${f}`)),
    );
  const generatorNames = [...kustomization.configMapGenerator, ...kustomization.secretGenerator].map(
    (g) => g.name,
  );
  const containers: Array<{ workload: string; container: Container }> = [];
  for (const file of kustomization.resources) {
    for (const doc of YAML.parseAllDocuments(read(`deploy/k8s/${file}`))) {
      const obj = doc.toJS() as {
        kind: string;
        metadata: { name: string };
        spec?: { template?: { spec?: { containers?: Container[]; initContainers?: Container[] } } };
      };
      const pod = obj.spec?.template?.spec;
      for (const c of [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])]) {
        containers.push({ workload: `${obj.kind}/${obj.metadata.name}`, container: c });
      }
    }
  }
  const containerEnv = (c: Container): Env => {
    const env: Env = imageEnv();
    for (const from of c.envFrom ?? []) {
      if (from.configMapRef)
        Object.assign(env, generated(kustomization.configMapGenerator, from.configMapRef.name));
      if (from.secretRef) Object.assign(env, generated(kustomization.secretGenerator, from.secretRef.name));
    }
    for (const e of c.env ?? []) if (e.value !== undefined) env[e.name] = e.value;
    return env;
  };

  it('has the API, its migration wait, the worker and the migration Job', () => {
    expect(containers.map(({ workload, container }) => `${workload}:${container.name}`).sort()).toEqual([
      'Deployment/kiosk-fleet-api:api',
      'Deployment/kiosk-fleet-api:wait-for-migrations',
      'Deployment/kiosk-fleet-worker:wait-for-migrations',
      'Deployment/kiosk-fleet-worker:worker',
      'Job/kiosk-fleet-migrate:migrate',
    ]);
  });

  it('gives every container production settings that load', () => {
    for (const { workload, container } of containers) {
      for (const from of container.envFrom ?? []) {
        expect(generatorNames).toContain(from.configMapRef?.name ?? from.secretRef?.name);
      }
      const env = containerEnv(container);
      expect({ at: `${workload}:${container.name}`, NODE_ENV: env.NODE_ENV }).toEqual({
        at: `${workload}:${container.name}`,
        NODE_ENV: 'production',
      });
      const config = loadAppConfig({ ...env, NODE_ENV: 'production' });
      expect(config.database.url).toMatch(/^postgres:\/\//);
      expect(config.database.migrateOnStart).toBe(false);
      expect(config.http.trustProxy).toBe(1);
    }
  });

  it('names only variables the env schema knows (ConfigMap, Secret and env: entries)', () => {
    const names = [
      ...Object.keys(generated(kustomization.configMapGenerator, 'kiosk-fleet-config')),
      ...Object.keys(generated(kustomization.secretGenerator, 'kiosk-fleet-secrets')),
      ...containers.flatMap(({ container }) => (container.env ?? []).map((e) => e.name)),
    ];
    expect(names.length).toBeGreaterThan(5);
    expect(names.filter((n) => !KNOWN.has(n))).toEqual([]);
  });

  it('runs the API with the node flags of `npm run start:api`, like the image default', () => {
    const startApi = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts[
      'start:api'
    ];
    const flags = startApi.split(/\s+/).filter((w) => w.startsWith('--'));
    expect(flags).toContain('--no-allocation-site-pretenuring');
    const api = containers.find(({ container }) => container.name === 'api')?.container;
    expect(api?.command).toEqual(['node', ...flags, 'dist/apps/api/main.js']);
    expect(read('Dockerfile')).toContain(
      `CMD ["node", ${flags.map((f) => `"${f}"`).join(', ')}, "dist/apps/api/main.js"]`,
    );
  });
});

describe('compose interpolation (the helper above)', () => {
  it('follows compose for defaults, required values and $$', () => {
    expect(interpolate('${A:-x}|${B-y}|${C:-z}|$$HOME', { A: '', B: '', C: 'c' })).toBe('x||c|$HOME');
    expect(() => interpolate('${A:?need A}', { A: '' })).toThrow('compose would refuse: A: need A');
    expect(interpolate('${A?need A}', { A: '' })).toBe('');
  });
});
