/**
 * The real servers of one run, each site on its own: a Kubernetes API server and controller manager per
 * site (one etcd, a key prefix per site), a Vault per site, an S3-compatible store for s3-backed sites and a
 * PostgreSQL for pg-backed ones. Every address is on loopback inside the run's own network namespace; the
 * host names the catalogue gives (`vault.address`, `vault.kubernetesHost`, `state.endpoint`) resolve to them
 * through the namespace's own /etc/hosts, so the synthesized output deploys as written.
 *
 * Each Vault runs as it does on a real site, as a pod of the site's cluster would: its service-account
 * token and the cluster CA are where the kubernetes auth method looks for them
 * (/var/run/secrets/kubernetes.io/serviceaccount), in a mount namespace of its own, and the token's
 * service account may review tokens (system:auth-delegator).
 */
import { mkdirSync, readFileSync, writeFileSync, chownSync, chmodSync, existsSync } from "node:fs";
import { join } from "node:path";
import type { Site } from "../model/schema.js";
import type { Pki } from "./pki.js";
import { HttpClient } from "./http.js";
import { capture, exec, startServer, waitFor, type Log } from "./sh.js";

export interface SiteEnv {
  readonly site: Site;
  readonly ip: string;
  /** The admin's view of the site's API server (static token, group system:masters). */
  readonly kube: HttpClient;
  /** The root token's view of the site's Vault. */
  readonly vault: HttpClient;
  readonly apiUrl: string;
  readonly vaultUrl: string;
  /** The site Vault's root token: for Terraform's environment only, never printed. */
  readonly vaultToken: string;
}

export interface Environment {
  readonly sites: readonly SiteEnv[];
  /** Variables for Terraform and the providers on one site (kubeconfig, Vault token and CA, state backend credentials). */
  terraformEnv(siteId: string): NodeJS.ProcessEnv;
  readonly kubeconfig: string;
}

export interface Binaries {
  readonly bin: (name: string) => string;
}

const SITE_IP = (i: number) => `127.0.1.${i + 1}`;
const S3_IP = "127.0.2.1";

/**
 * Where the run's S3 store answers for an `s3` site that names no endpoint (AWS itself, which the run
 * cannot reach): the run's catalogue gives such a site this endpoint (see `overlaySites`).
 */
export const AWS_STAND_IN = "https://s3.aws-stand-in.e2e.internal";

/** The S3 endpoint a site's state goes to in this run. */
export const s3Endpoint = (site: Site): string | undefined => (site.state.backend === "s3" ? (site.state.endpoint ?? AWS_STAND_IN) : undefined);
const ETCD = "http://127.0.0.1:2379";
const PG_PORT = 5432;

/** Platform namespaces a site's operators create before samdrift deploys (the catalogue names them). */
function platformNamespaces(site: Site): string[] {
  const k = site.kubernetes;
  const names = [
    k.dns.namespace, k.ingress.namespace, k.monitoring.namespace, ...(k.backup ? [k.backup.namespace] : []), "vault",
    // The kubernetes state backend keeps its Secrets in a namespace the site's operators make.
    ...(site.state.backend === "kubernetes" ? [site.state.namespace] : []),
  ];
  return [...new Set(names)].filter((n) => n !== "kube-system" && n !== "default");
}

/** Host names the run's /etc/hosts maps to loopback addresses. */
export function hostEntries(sites: readonly Site[]): { ip: string; host: string }[] {
  const entries: { ip: string; host: string }[] = [{ ip: "127.0.0.1", host: "localhost" }];
  sites.forEach((site, i) => {
    entries.push({ ip: SITE_IP(i), host: new URL(site.vault.kubernetesHost).hostname });
    entries.push({ ip: SITE_IP(i), host: new URL(site.vault.address).hostname });
    const s3 = s3Endpoint(site);
    if (s3) entries.push({ ip: S3_IP, host: new URL(s3).hostname });
  });
  return entries;
}

export async function startEnvironment(work: string, sites: readonly Site[], pki: Pki, b: Binaries, log: Log): Promise<Environment> {
  const logs = join(work, "logs");
  mkdirSync(logs, { recursive: true });

  log("starting etcd");
  const etcd = startServer("etcd", b.bin("etcd"), [
    "--data-dir", join(work, "etcd"), "--listen-client-urls", ETCD, "--advertise-client-urls", ETCD,
    "--listen-peer-urls", "http://127.0.0.1:2380", "--log-level", "warn", "--unsafe-no-fsync",
  ], join(logs, "etcd.log"));
  await waitFor(etcd, "etcd", async () => (await fetch(`${ETCD}/health`)).ok);

  const adminToken = randomToken();
  const tokenFile = join(work, "kube-tokens.csv");
  writeFileSync(tokenFile, `${adminToken},samdrift-e2e-admin,samdrift-e2e-admin,system:masters\n`, { mode: 0o600 });

  const kubeconfigSites: { context: string; server: string }[] = [];
  const started = sites.map((site, i) => {
    const ip = SITE_IP(i);
    const apiUrl = new URL(site.vault.kubernetesHost);
    const vaultUrl = new URL(site.vault.address);
    const apiCert = pki.issue(`api-${site.id}`, [apiUrl.hostname], [ip]);
    const sa = pki.keyPair(`sa-${site.id}`);
    log(`starting the Kubernetes API server of ${site.id} (${apiUrl.host})`);
    const api = startServer(`kube-apiserver ${site.id}`, b.bin("kube-apiserver"), [
      `--etcd-servers=${ETCD}`, `--etcd-prefix=/sites/${site.id}`,
      `--bind-address=${ip}`, `--advertise-address=${ip}`, `--secure-port=${apiUrl.port || "443"}`,
      `--tls-cert-file=${apiCert.cert}`, `--tls-private-key-file=${apiCert.key}`, `--client-ca-file=${pki.ca}`,
      `--token-auth-file=${tokenFile}`, "--authorization-mode=RBAC", "--anonymous-auth=false",
      `--service-account-issuer=${site.vault.kubernetesHost}`, `--service-account-key-file=${sa.publicKey}`,
      `--service-account-signing-key-file=${sa.privateKey}`, "--service-cluster-ip-range=10.96.0.0/24",
      "--endpoint-reconciler-type=none", `--cert-dir=${join(work, `api-${site.id}`)}`, "--profiling=false",
      "--enable-priority-and-fairness=false", "--v=1",
    ], join(logs, `kube-apiserver-${site.id}.log`));
    const kube = new HttpClient(apiUrl.origin, pki.ca, { authorization: `Bearer ${adminToken}` });
    kubeconfigSites.push({ context: site.kubernetes.context, server: apiUrl.origin });
    return { site, ip, apiUrl, vaultUrl, api, kube, sa };
  });
  for (const s of started) {
    await waitFor(s.api, `the API server of ${s.site.id}`, async () => (await s.kube.call("GET", "/readyz")).status === 200, 180_000);
  }

  const kubeconfig = join(work, "kubeconfig");
  writeFileSync(kubeconfig, renderKubeconfig(kubeconfigSites, pki.ca, adminToken), { mode: 0o600 });

  const envs: SiteEnv[] = [];
  for (const s of started) {
    log(`starting the controller manager of ${s.site.id}`);
    const siteKubeconfig = join(work, `kubeconfig-${s.site.id}`);
    writeFileSync(siteKubeconfig, renderKubeconfig([{ context: "site", server: s.apiUrl.origin }], pki.ca, adminToken), { mode: 0o600 });
    startServer(`kube-controller-manager ${s.site.id}`, b.bin("kube-controller-manager"), [
      `--kubeconfig=${siteKubeconfig}`, "--leader-elect=false", "--secure-port=0",
      "--controllers=namespace-controller,garbage-collector-controller,serviceaccount-controller,resourcequota-controller",
      `--root-ca-file=${pki.ca}`, "--v=1",
    ], join(logs, `kube-controller-manager-${s.site.id}.log`));
    await preparePlatform(s.site, s.kube);
    const reviewer = await reviewerToken(s.kube);
    const { client: vault, rootToken } = await startVault(work, s.site, s.ip, s.vaultUrl, reviewer, pki, b, log);
    envs.push({ site: s.site, ip: s.ip, kube: s.kube, vault, apiUrl: s.apiUrl.origin, vaultUrl: s.vaultUrl.origin, vaultToken: rootToken });
  }

  const s3Sites = sites.filter((s) => s.state.backend === "s3");
  if (s3Sites.length > 0) await startS3(work, s3Sites, pki, b, log);
  const pgConn = sites.some((s) => s.state.backend === "pg") ? await startPostgres(work, log) : undefined;

  const common: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: work,
    KUBE_CONFIG_PATH: kubeconfig,
    VAULT_CACERT: pki.ca,
    // Terraform's s3 backend (Go) trusts SSL_CERT_FILE; so does everything else written in Go.
    SSL_CERT_FILE: pki.ca,
    AWS_ACCESS_KEY_ID: "samdrift-e2e",
    AWS_SECRET_ACCESS_KEY: "samdrift-e2e-not-a-real-key",
    AWS_EC2_METADATA_DISABLED: "true",
    ...(pgConn ? { PG_CONN_STR: pgConn } : {}),
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
  };
  const terraformEnv = (siteId: string): NodeJS.ProcessEnv => {
    const e = envs.find((x) => x.site.id === siteId);
    if (!e) throw new Error(`no site ${siteId} in this run`);
    return { ...common, VAULT_TOKEN: e.vaultToken };
  };
  return { sites: envs, terraformEnv, kubeconfig };
}

function renderKubeconfig(sites: readonly { context: string; server: string }[], ca: string, token: string): string {
  const clusters = sites.map((s) => `- name: ${s.context}\n  cluster:\n    server: ${s.server}\n    certificate-authority: ${ca}\n`).join("");
  const contexts = sites.map((s) => `- name: ${s.context}\n  context:\n    cluster: ${s.context}\n    user: admin\n`).join("");
  return `apiVersion: v1\nkind: Config\nclusters:\n${clusters}contexts:\n${contexts}users:\n- name: admin\n  user:\n    token: ${token}\ncurrent-context: ${sites[0]?.context ?? ""}\n`;
}

/** What a site's operators set up before samdrift: platform namespaces, and Vault's reviewer service account. */
async function preparePlatform(site: Site, kube: HttpClient): Promise<void> {
  for (const name of platformNamespaces(site)) {
    await kube.ok("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name } });
  }
  await kube.ok("POST", "/api/v1/namespaces/vault/serviceaccounts", { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "vault" } });
  await kube.ok("POST", "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name: "vault-token-review" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "system:auth-delegator" },
    subjects: [{ kind: "ServiceAccount", name: "vault", namespace: "vault" }],
  });
}

/** A service-account token from the real API server (TokenRequest). */
export async function serviceAccountToken(kube: HttpClient, namespace: string, name: string, seconds = 3600): Promise<string> {
  const answer = (await kube.ok("POST", `/api/v1/namespaces/${namespace}/serviceaccounts/${name}/token`, {
    apiVersion: "authentication.k8s.io/v1",
    kind: "TokenRequest",
    spec: { expirationSeconds: seconds },
  })) as { status: { token: string } };
  return answer.status.token;
}

const reviewerToken = (kube: HttpClient) => serviceAccountToken(kube, "vault", "vault", 24 * 3600);

async function startVault(work: string, site: Site, ip: string, url: URL, reviewerJwt: string, pki: Pki, b: Binaries, log: Log): Promise<{ client: HttpClient; rootToken: string }> {
  log(`starting the Vault of ${site.id} (${url.host})`);
  const dir = join(work, `vault-${site.id}`);
  const podSecrets = join(dir, "serviceaccount");
  mkdirSync(podSecrets, { recursive: true, mode: 0o700 });
  writeFileSync(join(podSecrets, "token"), reviewerJwt, { mode: 0o600 });
  writeFileSync(join(podSecrets, "ca.crt"), readFileSync(pki.ca));
  writeFileSync(join(podSecrets, "namespace"), "vault");
  const cert = pki.issue(`vault-${site.id}`, [url.hostname], [ip]);
  const config = join(dir, "vault.hcl");
  writeFileSync(
    config,
    [
      'storage "inmem" {}',
      `listener "tcp" {\n  address = "${ip}:${url.port || "443"}"\n  tls_cert_file = "${cert.cert}"\n  tls_key_file = "${cert.key}"\n}`,
      "disable_mlock = true",
      `api_addr = "${url.origin}"`,
      "ui = false",
      "",
    ].join("\n"),
  );
  const mountPoint = "/run/secrets/kubernetes.io/serviceaccount";
  const server = startServer(`vault ${site.id}`, "unshare", [
    "--mount", "--", "sh", "-c",
    `mkdir -p ${mountPoint} && mount --bind "$1" ${mountPoint} && exec "$2" server -config="$3" -log-level=warn`,
    "vault-pod", podSecrets, b.bin("vault"), config,
  ], join(work, "logs", `vault-${site.id}.log`), { env: { PATH: process.env.PATH, SSL_CERT_FILE: pki.ca, HOME: dir } });
  const anonymous = new HttpClient(url.origin, pki.ca);
  await waitFor(server, `the Vault of ${site.id}`, async () => (await anonymous.call("GET", "/v1/sys/health")).status === 501, 60_000);
  const init = (await anonymous.ok("PUT", "/v1/sys/init", { secret_shares: 1, secret_threshold: 1 })) as { keys_base64: string[]; root_token: string };
  await anonymous.ok("PUT", "/v1/sys/unseal", { key: init.keys_base64[0] });
  await waitFor(server, `the Vault of ${site.id} to unseal`, async () => (await anonymous.call("GET", "/v1/sys/health")).status === 200, 60_000);
  return { client: anonymous.with({ "x-vault-token": init.root_token }), rootToken: init.root_token };
}

/** One S3 store for every s3 site: all their endpoints' names resolve to it, all their buckets exist. */
async function startS3(work: string, sites: readonly Site[], pki: Pki, b: Binaries, log: Log): Promise<void> {
  const urls = sites.map((s) => new URL(s3Endpoint(s)!));
  const ports = new Set(urls.map((u) => u.port || "443"));
  if (ports.size > 1) throw new Error(`the e2e runs one S3 store on one port; the catalogue's s3 endpoints use ports ${[...ports].join(", ")}`);
  const hosts = [...new Set(urls.map((u) => u.hostname))];
  const buckets = [...new Set(sites.map((s) => (s.state.backend === "s3" ? s.state.bucket : "")).filter((x) => x !== ""))];
  log(`starting the S3 store (${hosts.join(", ")}; buckets ${buckets.join(", ")})`);
  const cert = pki.issue("s3", hosts, [S3_IP]);
  const port = [...ports][0]!;
  const server = startServer("s3", b.bin("s3"), ["-listen", `${S3_IP}:${port}`, "-db", join(work, "s3.db"), "-cert", cert.cert, "-key", cert.key, "-buckets", buckets.join(",")], join(work, "logs", "s3.log"));
  const client = new HttpClient(urls[0]!.origin, pki.ca);
  await waitFor(server, "the S3 store", async () => (await client.call("GET", `/${buckets[0]}`)).status === 200, 30_000);
}

/** PostgreSQL from Debian, as its own user (it refuses root), trusting loopback connections. */
async function startPostgres(work: string, log: Log): Promise<string> {
  log("starting PostgreSQL");
  const dir = join(work, "pg");
  const data = join(dir, "data");
  mkdirSync(dir, { recursive: true });
  // The run's folder is the root user's; PostgreSQL's user may pass through it (not list it) to its own.
  chmodSync(work, 0o711);
  const user = existsUser("postgres") ? "postgres" : "nobody";
  const uid = Number(capture("id", ["-u", user]).trim());
  const gid = Number(capture("id", ["-g", user]).trim());
  chownSync(dir, uid, gid);
  const as = (cmd: string, args: string[]) => capture("runuser", ["-u", user, "--", cmd, ...args], { env: { PATH: `${pgBin()}:${process.env.PATH}` } });
  as("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
  const server = startServer("postgres", "runuser", ["-u", user, "--", join(pgBin(), "postgres"), "-D", data, "-h", "127.0.0.1", "-p", String(PG_PORT), "-k", dir, "-c", "fsync=off"], join(work, "logs", "postgres.log"));
  await waitFor(server, "PostgreSQL", async () => exec(join(pgBin(), "pg_isready"), ["-h", "127.0.0.1", "-p", String(PG_PORT)]).code === 0, 60_000);
  as("createdb", ["-h", "127.0.0.1", "-p", String(PG_PORT), "-U", "postgres", "terraform_state"]);
  return `postgres://postgres@127.0.0.1:${PG_PORT}/terraform_state?sslmode=disable`;
}

function pgBin(): string {
  for (const v of ["17", "16", "15"]) if (existsSync(`/usr/lib/postgresql/${v}/bin/postgres`)) return `/usr/lib/postgresql/${v}/bin`;
  throw new Error("PostgreSQL is not installed: apt-get install postgresql (Debian's package) and run again");
}

const existsUser = (name: string): boolean => exec("id", ["-u", name]).code === 0;

function randomToken(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(24)), (b) => b.toString(16).padStart(2, "0")).join("");
}
