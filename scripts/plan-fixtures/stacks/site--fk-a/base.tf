# Stands in for site--fk-a: its PKI mount goes away in the change (delete).
resource "terraform_data" "vault-plumbing_pki" {
  input = { path = "pki", type = "pki" }
}

resource "terraform_data" "vault-plumbing_kubernetes-auth" {
  input = { path = "kubernetes", type = "kubernetes" }
}
