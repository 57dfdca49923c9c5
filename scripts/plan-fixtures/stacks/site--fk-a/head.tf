# site--fk-a after the change: the PKI mount is removed.
resource "terraform_data" "vault-plumbing_kubernetes-auth" {
  input = { path = "kubernetes", type = "kubernetes" }
}
