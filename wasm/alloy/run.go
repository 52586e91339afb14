// Alloy's loki.process stages, run on sample lines with the same Go libraries Alloy v1.11.0 uses (regexp,
// jmespath-community, go-logfmt, json-iterator, text/template with sprig, time layouts, prometheus label rules,
// Promtail's match selector parser), so that the pipeline preview agrees with Alloy exactly:
// lbObsWasm.alloy.run(requestJSON) -> responseJSON.
package main

import (
	"encoding/json"
	"fmt"
	"syscall/js"
)

func run(_ js.Value, args []js.Value) any {
	if len(args) != 1 || args[0].Type() != js.TypeString {
		return `{"error":{"message":"run expects one JSON string"}}`
	}
	return runJSON(args[0].String())
}

// runJSON never panics out: a bad request or an unexpected failure becomes an error in the response.
func runJSON(request string) (out string) {
	defer func() {
		if r := recover(); r != nil {
			b, _ := json.Marshal(Response{Error: &ConfigError{Message: fmt.Sprintf("internal error: %v", r)}})
			out = string(b)
		}
	}()
	var req Request
	var resp Response
	if err := json.Unmarshal([]byte(request), &req); err != nil {
		resp.Error = &ConfigError{Message: "bad request: " + err.Error()}
	} else {
		resp = Run(req)
	}
	b, err := json.Marshal(resp)
	if err != nil {
		b, _ = json.Marshal(Response{Error: &ConfigError{Message: "cannot encode the result: " + err.Error()}})
	}
	return string(b)
}
