//go:build tools

// Keeps Loki's commands (loki, and logcli for the query agreement tests) in this module's build list so
// `go mod tidy` retains their requirements.
package lokibuild

import (
	_ "github.com/grafana/loki/v3/cmd/logcli"
	_ "github.com/grafana/loki/v3/cmd/loki"
)
