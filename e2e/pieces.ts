/**
 * The real programs the end-to-end deploy runs, each built from source through the Go module proxy from a
 * wrapper module in `e2e/go/<module>` whose go.mod and go.sum pin every dependency. This table is the one
 * place that says what they are and why; the exact versions live in the go.mod files (`tool` lines and
 * their `require`s), and the cache key is a hash of go.mod and go.sum, so a change to either rebuilds.
 */

import { VAULT_SDK_PATCH, type SourcePatch } from "./patches.js";

export interface Piece {
  /** Cache folder name and the key in the report's `versions`. */
  readonly name: string;
  /** Wrapper module under e2e/go/. */
  readonly module: string;
  /** Go packages (main) to build, each to a binary named after its last path element unless `binaries` says otherwise. */
  readonly packages: readonly string[];
  /** Binary names, in the order of `packages`. @default - the last element of each package path */
  readonly binaries?: readonly string[];
  /** Extra `-X` linker settings, `{version}` standing for the version of `versionOf`. @default - none */
  readonly ldflags?: readonly string[];
  /** Source patches applied before the build (see patches.ts). @default - none */
  readonly patches?: readonly SourcePatch[];
  /** Built only when no Terraform is on PATH (it stands in for Terraform). @default false */
  readonly onlyWithoutTerraform?: boolean;
  /** The module whose version the report gives (the one the wrapper exists for). */
  readonly versionOf: string;
  /** What was asked for, where the module proxy does not serve it: the report says which stands in. */
  readonly wanted?: string;
  readonly licence: string;
  readonly why: string;
}

export const PIECES: readonly Piece[] = [
  {
    name: "terraform-provider-kubernetes",
    module: "terraform-provider-kubernetes",
    packages: ["github.com/hashicorp/terraform-provider-kubernetes"],
    versionOf: "github.com/hashicorp/terraform-provider-kubernetes",
    wanted: "2.38.0",
    licence: "MPL-2.0",
    why:
      "the provider the bindings were generated from (2.38.0). The module proxy serves no version of the v2.38.0 commit " +
      "(be88f442): it serves v1.13.4 and one commit of 3.2.1 (Jun 2026), which stands in. 3.x removed nothing samdrift uses " +
      "(it deprecates the un-suffixed resources; samdrift writes only the _v1 ones).",
  },
  {
    name: "terraform-provider-vault",
    module: "terraform-provider-vault",
    packages: ["github.com/hashicorp/terraform-provider-vault"],
    versionOf: "github.com/hashicorp/terraform-provider-vault",
    wanted: "5.6.0",
    licence: "MPL-2.0",
    why:
      "the provider the bindings were generated from (5.6.0). The module proxy serves no version of the v5.6.0 commit " +
      "(bcb1be49): it serves v1.9.0 and one commit of 5.9.0 (Apr 2026), which stands in; 5.7-5.9 renamed only Vault 2.0 " +
      "pki-external-ca resources, which samdrift does not use.",
  },
  {
    name: "vault",
    module: "vault",
    packages: ["github.com/hashicorp/vault"],
    versionOf: "github.com/hashicorp/vault",
    patches: [VAULT_SDK_PATCH],
    licence: "BUSL-1.1 (used here for testing only, never redistributed)",
    why:
      "a real Vault server. OpenBao was the first choice (MPL-2.0), but the module proxy serves none of its versions; " +
      "Vault 1.21.4 is served and speaks the same API for what samdrift uses (KV v2, transit, PKI, kubernetes auth, " +
      "identity groups, ACL policies). Its sdk is v0.21.0 with two edits (patches.ts).",
  },
  {
    name: "kube",
    module: "kube",
    packages: ["k8s.io/kubernetes/cmd/kube-apiserver", "k8s.io/kubernetes/cmd/kube-controller-manager", "go.etcd.io/etcd/server/v3"],
    binaries: ["kube-apiserver", "kube-controller-manager", "etcd"],
    versionOf: "k8s.io/kubernetes",
    // What `make` stamps in: the provider and clients read the server's version from /version.
    ldflags: ["k8s.io/component-base/version.gitVersion={version}", "k8s.io/component-base/version.gitTreeState=clean", "k8s.io/client-go/pkg/version.gitVersion={version}"],
    licence: "Apache-2.0",
    why:
      "a current Kubernetes API server (admission, RBAC, TokenRequest, TokenReview, Pod Security admission), the controller " +
      "manager for its namespace, garbage-collector and service-account controllers (a namespace is only gone once its " +
      "controller finalizes it), and etcd 3.6 for storage. No kubelet and no nodes: no pod ever runs.",
  },
  {
    name: "s3",
    module: "s3",
    packages: ["."],
    binaries: ["s3"],
    versionOf: "github.com/johannesboyne/gofakes3",
    licence: "MIT",
    why: "an S3-compatible object store for the s3 state backend (gofakes3 over a bbolt file, with TLS; e2e/go/s3/main.go).",
  },
  {
    name: "opentofu",
    module: "opentofu",
    packages: ["github.com/opentofu/opentofu/cmd/tofu"],
    versionOf: "github.com/opentofu/opentofu",
    onlyWithoutTerraform: true,
    // What its release build sets; without it the binary calls itself 1.10.10-dev.
    ldflags: ["github.com/opentofu/opentofu/version.dev=no"],
    licence: "MPL-2.0",
    why:
      "the deploy tool, built only where Terraform 1.11 is not on PATH (it usually is, at /usr/local/bin): OpenTofu " +
      "1.10 reads the same JSON configuration, backends and provider mirror.",
  },
];
