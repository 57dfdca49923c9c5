/**
 * Test certificates, made with openssl for one run and removed with its folder: one CA that every server's
 * certificate chains to (clients trust it through VAULT_CACERT, SSL_CERT_FILE and the kubeconfig), and a
 * key pair per API server for signing service-account tokens. Nothing here is a secret of a real site.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { capture } from "./sh.js";

export interface Pki {
  readonly dir: string;
  /** CA certificate (PEM file). */
  readonly ca: string;
  issue(name: string, dnsNames: readonly string[], ips: readonly string[]): { cert: string; key: string };
  keyPair(name: string): { publicKey: string; privateKey: string };
}

export function createPki(dir: string): Pki {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const ca = join(dir, "ca.crt");
  const caKey = join(dir, "ca.key");
  capture("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", caKey, "-out", ca, "-days", "2", "-subj", "/CN=samdrift e2e CA"]);
  return {
    dir,
    ca,
    issue(name, dnsNames, ips) {
      const key = join(dir, `${name}.key`);
      const csr = join(dir, `${name}.csr`);
      const cert = join(dir, `${name}.crt`);
      const ext = join(dir, `${name}.ext`);
      const san = [...dnsNames.map((d) => `DNS:${d}`), ...ips.map((i) => `IP:${i}`)].join(",");
      writeFileSync(ext, `subjectAltName=${san}\nextendedKeyUsage=serverAuth,clientAuth\nkeyUsage=digitalSignature,keyEncipherment\n`);
      capture("openssl", ["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", csr, "-subj", `/CN=${dnsNames[0] ?? name}`]);
      capture("openssl", ["x509", "-req", "-in", csr, "-CA", ca, "-CAkey", caKey, "-CAcreateserial", "-out", cert, "-days", "2", "-extfile", ext]);
      return { cert, key };
    },
    keyPair(name) {
      const privateKey = join(dir, `${name}.key`);
      const publicKey = join(dir, `${name}.pub`);
      capture("openssl", ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", privateKey]);
      capture("openssl", ["pkey", "-in", privateKey, "-pubout", "-out", publicKey]);
      return { publicKey, privateKey };
    },
  };
}
