#!/usr/bin/env node
// Offline checks of the deployment artefacts that need neither a container engine nor a cluster,
// run by scripts/validate-deploy.sh (always, and in place of `kubectl kustomize` where kubectl is
// missing):
//   - Dockerfile: every file it COPYs from the build context exists and is not in .dockerignore;
//     every `dist/apps/<app>/main.js` it or a manifest runs is an app nest-cli.json builds.
//   - deploy/k8s: kustomization.yaml parses; each resource file exists and each of its documents
//     has apiVersion, kind and metadata.name (unique per kind); generator env files exist and hold
//     KEY=value lines; envFrom, HPA, PDB/Service selectors, Ingress backends and images point at
//     something the kustomization defines.
// Exit 0 when all hold; otherwise 1, with one line per problem.
'use strict';
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const YAML = require('yaml');

const root = join(__dirname, '..');
const k8sDir = join(root, 'deploy', 'k8s');
const problems = [];
const fail = (msg) => problems.push(msg);

function globToRegExp(pattern) {
  const body = pattern
    .replace(/^\/+|\/+$/g, '')
    .split(/(\*\*\/|\*|\?)/)
    .map((part) => {
      if (part === '**/') return '(?:.*/)?';
      if (part === '*') return '[^/]*';
      if (part === '?') return '[^/]';
      return part.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  // A pattern that names a directory excludes everything under it.
  return new RegExp(`^${body}(?:/.*)?$`);
}

function checkDockerfile() {
  const ignore = readFileSync(join(root, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => ({ negate: l.startsWith('!'), re: globToRegExp(l.replace(/^!/, '')) }));
  const ignored = (path) =>
    ignore.reduce((state, rule) => (rule.re.test(path) ? !rule.negate : state), false);
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
  for (const line of dockerfile.split('\n')) {
    const m = /^\s*COPY\s+(.*)$/.exec(line);
    if (!m || /--from=/.test(m[1])) continue;
    const args = m[1].split(/\s+/).filter((a) => !a.startsWith('--'));
    for (const src of args.slice(0, -1)) {
      if (!existsSync(join(root, src))) fail(`Dockerfile: COPY ${src}: no such file in the build context`);
      else if (ignored(src)) fail(`Dockerfile: COPY ${src}: excluded by .dockerignore`);
    }
  }
  return dockerfile;
}

function checkAppEntries(text, where) {
  const apps = Object.keys(JSON.parse(readFileSync(join(root, 'nest-cli.json'), 'utf8')).projects);
  for (const [, app] of text.matchAll(/dist\/apps\/([\w-]+)\/main\.js/g)) {
    if (!apps.includes(app))
      fail(`${where}: runs dist/apps/${app}/main.js, which nest-cli.json does not build`);
  }
}

function readEnvFile(file, where) {
  if (!existsSync(file)) return (fail(`${where}: env file ${file} does not exist`), {});
  const env = {};
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      const t = line.trim();
      if (!t || t.startsWith('#')) return;
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(t);
      if (!m) fail(`${where}: ${file}:${i + 1} is not KEY=value`);
      else env[m[1]] = m[2];
    });
  return env;
}

function checkKustomization() {
  const kustomization = YAML.parse(readFileSync(join(k8sDir, 'kustomization.yaml'), 'utf8'));
  if (kustomization.kind !== 'Kustomization') fail('kustomization.yaml: kind is not Kustomization');
  const docs = [];
  for (const file of kustomization.resources ?? []) {
    const path = join(k8sDir, file);
    if (!existsSync(path)) {
      fail(`kustomization.yaml: resource ${file} does not exist`);
      continue;
    }
    const text = readFileSync(path, 'utf8');
    checkAppEntries(text, file);
    for (const doc of YAML.parseAllDocuments(text)) {
      if (doc.errors.length) fail(`${file}: ${doc.errors[0].message}`);
      const obj = doc.toJS();
      if (obj === null) continue;
      if (!obj.apiVersion || !obj.kind || !obj.metadata?.name) {
        fail(`${file}: a document without apiVersion, kind or metadata.name`);
        continue;
      }
      if (docs.some((d) => d.obj.kind === obj.kind && d.obj.metadata.name === obj.metadata.name)) {
        fail(`${file}: ${obj.kind} ${obj.metadata.name} is defined twice`);
      }
      docs.push({ file, obj });
    }
  }
  const named = (kind) => new Set(docs.filter((d) => d.obj.kind === kind).map((d) => d.obj.metadata.name));
  const configMaps = named('ConfigMap');
  const secrets = named('Secret');
  for (const [list, names] of [
    [kustomization.configMapGenerator, configMaps],
    [kustomization.secretGenerator, secrets],
  ]) {
    for (const gen of list ?? []) {
      names.add(gen.name);
      for (const file of gen.envs ?? []) readEnvFile(join(k8sDir, file), `generator ${gen.name}`);
    }
  }
  const images = new Set((kustomization.images ?? []).map((i) => i.name));
  const workloads = docs.filter((d) => ['Deployment', 'Job'].includes(d.obj.kind));
  const podLabels = workloads.map((d) => d.obj.spec?.template?.metadata?.labels ?? {});
  const selects = (selector) =>
    podLabels.some((labels) => Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v));
  for (const { file, obj } of workloads) {
    const pod = obj.spec?.template?.spec ?? {};
    if (pod.securityContext?.runAsNonRoot !== true) fail(`${file}: ${obj.metadata.name} may run as root`);
    for (const c of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
      if (!images.has(c.image)) fail(`${file}: container ${c.name} uses image ${c.image}, not in images:`);
      for (const from of c.envFrom ?? []) {
        if (from.configMapRef && !configMaps.has(from.configMapRef.name)) {
          fail(
            `${file}: container ${c.name} reads ConfigMap ${from.configMapRef.name}, which is not defined`,
          );
        }
        if (from.secretRef && !secrets.has(from.secretRef.name)) {
          fail(`${file}: container ${c.name} reads Secret ${from.secretRef.name}, which is not defined`);
        }
      }
    }
  }
  for (const { file, obj } of docs) {
    if (obj.kind === 'HorizontalPodAutoscaler' && !named('Deployment').has(obj.spec?.scaleTargetRef?.name)) {
      fail(`${file}: the HPA scales ${obj.spec?.scaleTargetRef?.name}, which is not a Deployment here`);
    }
    if (obj.kind === 'PodDisruptionBudget' && !selects(obj.spec?.selector?.matchLabels)) {
      fail(`${file}: the PodDisruptionBudget selects no pod`);
    }
    if (obj.kind === 'Service' && !selects(obj.spec?.selector)) fail(`${file}: the Service selects no pod`);
    if (obj.kind === 'Ingress') {
      for (const rule of obj.spec?.rules ?? []) {
        for (const p of rule.http?.paths ?? []) {
          if (!named('Service').has(p.backend?.service?.name)) {
            fail(
              `${file}: the Ingress sends ${p.path} to ${p.backend?.service?.name}, which is not a Service here`,
            );
          }
        }
      }
    }
  }
  return docs.length;
}

checkAppEntries(checkDockerfile(), 'Dockerfile');
checkAppEntries(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), 'docker-compose.yml');
const count = checkKustomization();
if (problems.length) {
  for (const p of problems) console.error(`deploy: ${p}`);
  process.exit(1);
}
console.log(`deploy: Dockerfile context and ${count} Kubernetes manifests check out (offline)`);
