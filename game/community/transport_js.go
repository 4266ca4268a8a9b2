//go:build js && wasm

package community

import (
	"context"
	"errors"
	"fmt"
	"syscall/js"
)

// DefaultTransport is the page's fetch: net/http would add about 1 MB to
// the .wasm.
func DefaultTransport() Transport { return fetchTransport }

type fetched struct {
	resp Response
	err  error
}

// fetchTransport runs fetch(url, init).then(r => r.arrayBuffer()). Its
// callbacks only send on a buffered channel, never block; they are
// released once the last has run (a request aborted by the context is
// left to finish and release them then).
func fetchTransport(ctx context.Context, r Request) (Response, error) {
	fetch := js.Global().Get("fetch")
	if fetch.Type() != js.TypeFunction {
		return Response{}, errors.New("community: this browser has no fetch")
	}
	init := js.Global().Get("Object").New()
	init.Set("method", r.Method)
	init.Set("credentials", "omit")
	headers := js.Global().Get("Object").New()
	for k, v := range r.Header {
		headers.Set(k, v)
	}
	init.Set("headers", headers)
	if r.Body != nil {
		b := js.Global().Get("Uint8Array").New(len(r.Body))
		js.CopyBytesToJS(b, r.Body)
		init.Set("body", b)
	}
	ch := make(chan fetched, 1)
	var status int
	var retry string
	var onResp, onBody, onErr js.Func
	release := func() {
		onResp.Release()
		onBody.Release()
		onErr.Release()
	}
	onResp = js.FuncOf(func(this js.Value, args []js.Value) any {
		resp := args[0]
		status = resp.Get("status").Int()
		if h := resp.Get("headers").Call("get", "Retry-After"); h.Type() == js.TypeString {
			retry = h.String()
		}
		return resp.Call("arrayBuffer")
	})
	onBody = js.FuncOf(func(this js.Value, args []js.Value) any {
		buf := args[0]
		var f fetched
		if n := buf.Get("byteLength").Int(); int64(n) > r.Limit {
			f.err = fmt.Errorf("community: answer larger than %d bytes", r.Limit)
		} else {
			data := make([]byte, n)
			js.CopyBytesToGo(data, js.Global().Get("Uint8Array").New(buf))
			f.resp = Response{Status: status, Body: data, RetryAfter: retry}
		}
		ch <- f
		go release()
		return nil
	})
	onErr = js.FuncOf(func(this js.Value, args []js.Value) any {
		msg := "network error"
		if len(args) > 0 && args[0].Type() == js.TypeObject {
			msg = args[0].Call("toString").String()
		}
		ch <- fetched{err: fmt.Errorf("community: fetch %s: %s", r.URL, msg)}
		go release()
		return nil
	})
	var perr error
	func() {
		defer func() {
			if p := recover(); p != nil { // a malformed URL throws at once
				perr = fmt.Errorf("community: fetch %s: %v", r.URL, p)
			}
		}()
		fetch.Invoke(r.URL, init).Call("then", onResp).Call("then", onBody, onErr)
	}()
	if perr != nil {
		release()
		return Response{}, perr
	}
	select {
	case f := <-ch:
		return f.resp, f.err
	case <-ctx.Done():
		return Response{}, fmt.Errorf("community: fetch %s: %w", r.URL, ctx.Err())
	}
}
