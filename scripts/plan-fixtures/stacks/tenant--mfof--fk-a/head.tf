# tenant--mfof--fk-a after the change: one update (a label), one replace (triggers_replace), one delete,
# one create, one unchanged resource, and sensitive values that change.
variable "db_password" {
  type      = string
  sensitive = true
  default   = "fixture-password-head-0002"
}

resource "terraform_data" "ns-apps_namespace" {
  input = { metadata = { name = "mfof-apps", labels = { "samdrift.io/tenant" = "mfof", "samdrift.io/security-level" = "low" } } }
}

resource "terraform_data" "ns-batch_namespace" {
  triggers_replace = "mfof-batch-v2"
  input            = { metadata = { name = "mfof-batch" } }
}

resource "terraform_data" "netpol-apps_egress" {
  input = { policy = "allow-declared-egress", cidr = "192.0.2.10/32", port = "TCP/443" }
}

resource "terraform_data" "ns-apps_quota" {
  input = { "requests.cpu" = "8", pods = "100" }
}

resource "terraform_data" "vault-token" {
  input = sensitive("fixture-token-head-0002")
}

resource "terraform_data" "db-credentials" {
  input = { user = "app", password = var.db_password }
}

output "token" {
  value     = terraform_data.vault-token.output
  sensitive = true
}
