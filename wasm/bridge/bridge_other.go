//go:build !(js && wasm)

package bridge

// Page is window.arcade in the browser; elsewhere it does nothing.
type Page struct{}

// Expose publishes g as window.arcade in the browser; elsewhere it does
// nothing.
func Expose(g Game) *Page { return &Page{} }

// Ready marks the game ready in the browser; elsewhere it does nothing.
func (p *Page) Ready() {}

// Fail reports err to the page in the browser; elsewhere it does nothing.
func Fail(err error) {}

// Mark adds a performance mark in the browser; elsewhere it does nothing.
func Mark(name string) {}
