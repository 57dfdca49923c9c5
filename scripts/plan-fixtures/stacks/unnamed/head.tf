# A new stack whose plan file name says nothing: plan-summary finds tenant and site in the samdrift labels.
# No base.tf: everything is created.
resource "terraform_data" "ns-web_namespace" {
  input = { metadata = { name = "isof-web", labels = { "samdrift.io/tenant" = "isof", "samdrift.io/site" = "fk-a" } } }
}

resource "terraform_data" "unlabelled" {
  input = "no tenant or site here"
}
