//go:build tools

// Keeps Loki's command in this module's build list so `go mod tidy` retains its requirements.
package lokibuild

import _ "github.com/grafana/loki/v3/cmd/loki"
