//go:build ignore

// apidoc_gen writes the files made from APIReference: the function tables
// of docs/lua-api.md and the studio's wasm/studio/src/api.json. Run it
// with `go generate ./engine/script`.
package main

import (
	"log"
	"os"

	"github.com/communs-arcade/arcade/engine/script"
)

func main() {
	const doc = "../../docs/lua-api.md"
	data, err := os.ReadFile(doc)
	if err != nil {
		log.Fatal(err)
	}
	out, err := script.RewriteAPIDoc(data)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(doc, out, 0o644); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("../../wasm/studio/src/api.json", script.APIReferenceJSON(), 0o644); err != nil {
		log.Fatal(err)
	}
}
