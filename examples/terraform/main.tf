# Built-in resources only: plans and applies offline, with no provider download.
terraform {
  required_version = ">= 1.5"
}

variable "environment" {
  type    = string
  default = "staging"
}

variable "database_password" {
  type      = string
  sensitive = true
  default   = "demo-only-not-a-real-secret"
}

resource "terraform_data" "network" {
  input = { name = "demo-${var.environment}", cidr = "10.20.0.0/16" }
}

resource "terraform_data" "database" {
  input            = { engine = "postgres", version = "16", password = var.database_password }
  triggers_replace = [terraform_data.network.output.cidr]
}

resource "terraform_data" "service" {
  count = 3
  input = { name = "demo-service-${count.index}", replicas = 2 }
}

output "database_password" {
  value     = var.database_password
  sensitive = true
}

output "network_name" {
  value = terraform_data.network.output.name
}
