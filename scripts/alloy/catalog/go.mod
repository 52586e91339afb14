module lb-observability/scripts/alloy/catalog

go 1.26
