// Package httpjson writes the JSON answers of the server's HTTP APIs
// (server/community, server/classes): one place for their headers and
// encoding, so every endpoint answers alike.
package httpjson

import (
	"encoding/json"
	"net/http"
)

// Write answers v as JSON with status: UTF-8, never sniffed, with "<", ">"
// and "&" written as they are (the answers are data, not HTML).
func Write(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}
