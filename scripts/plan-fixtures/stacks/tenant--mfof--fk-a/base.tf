# Stands in for tenant--mfof--fk-a before the change. terraform_data is built into Terraform: no provider
# is downloaded. Values are shaped like the Kubernetes and Vault resources samdrift emits.
variable "db_password" {
  type      = string
  sensitive = true
  default   = "fixture-password-base-0001"
}

resource "terraform_data" "ns-apps_namespace" {
  input = { metadata = { name = "mfof-apps", labels = { "samdrift.io/tenant" = "mfof", "samdrift.io/security-level" = "moderate" } } }
}

resource "terraform_data" "ns-batch_namespace" {
  triggers_replace = "mfof-batch"
  input            = { metadata = { name = "mfof-batch" } }
}

resource "terraform_data" "netpol-apps_legacy" {
  input = { policy = "allow-legacy", cidr = "203.0.113.0/24" }
}

resource "terraform_data" "ns-apps_quota" {
  input = { "requests.cpu" = "8", pods = "100" }
}

resource "terraform_data" "vault-token" {
  input = sensitive("fixture-token-base-0001")
}

resource "terraform_data" "db-credentials" {
  input = { user = "app", password = var.db_password }
}

output "token" {
  value     = terraform_data.vault-token.output
  sensitive = true
}
