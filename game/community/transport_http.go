//go:build !js

package community

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
)

// DefaultTransport is net/http's default client.
func DefaultTransport() Transport { return HTTPTransport(http.DefaultClient) }

// HTTPTransport sends requests with hc.
func HTTPTransport(hc *http.Client) Transport {
	return func(ctx context.Context, r Request) (Response, error) {
		var body io.Reader
		if r.Body != nil {
			body = bytes.NewReader(r.Body)
		}
		req, err := http.NewRequestWithContext(ctx, r.Method, r.URL, body)
		if err != nil {
			return Response{}, fmt.Errorf("community: %w", err)
		}
		for k, v := range r.Header {
			req.Header.Set(k, v)
		}
		resp, err := hc.Do(req)
		if err != nil {
			return Response{}, fmt.Errorf("community: %w", err)
		}
		defer resp.Body.Close()
		data, err := io.ReadAll(io.LimitReader(resp.Body, r.Limit+1))
		if err != nil {
			return Response{}, fmt.Errorf("community: reading the answer: %w", err)
		}
		if int64(len(data)) > r.Limit {
			return Response{}, fmt.Errorf("community: answer larger than %d bytes", r.Limit)
		}
		return Response{Status: resp.StatusCode, Body: data, RetryAfter: resp.Header.Get("Retry-After")}, nil
	}
}
