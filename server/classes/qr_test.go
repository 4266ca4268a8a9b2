package classes_test

import (
	"bytes"
	"image/png"
	"net/http"
	"testing"

	"github.com/communs-arcade/arcade/server/classes"
	"github.com/communs-arcade/arcade/server/protocol/api"
)

// TestQRCode: any code-shaped value gets a PNG of its join URL without a
// key (whether a class has it or not); anything else is 404.
func TestQRCode(t *testing.T) {
	e := newEnv(t, classes.Limits{})
	c := e.create("QR")
	tests := []struct {
		name, code string
		want       int
	}{
		{"a class", c.Code, 200},
		{"lower case", string(bytes.ToLower([]byte(c.Code))), 200},
		{"no such class, same answer", "ACDEFG", 200},
		{"too short", "ACDEF", 404},
		{"confusable letters", "ACDEF0", 404},
	}
	for _, tt := range tests {
		res, err := http.Get(e.srv.URL + "/api/classes/" + tt.code + "/qr.png")
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, res.StatusCode, tt.want)
			res.Body.Close()
			continue
		}
		if tt.want != 200 {
			res.Body.Close()
			continue
		}
		if ct := res.Header.Get("Content-Type"); ct != "image/png" {
			t.Errorf("%s: Content-Type %q", tt.name, ct)
		}
		img, err := png.Decode(res.Body)
		res.Body.Close()
		if err != nil {
			t.Errorf("%s: not a PNG: %v", tt.name, err)
			continue
		}
		// The join URL (~40 bytes at level M) needs a version 3 or 4 code:
		// 29 or 33 modules, plus 4 of quiet zone each side, 8 px each.
		b := img.Bounds()
		if b.Dx() != b.Dy() || (b.Dx() != (29+8)*8 && b.Dx() != (33+8)*8) {
			t.Errorf("%s: image %v, want a square of 296 or 328 px", tt.name, b)
		}
	}
}

// TestProgressETag: the progress has an ETag; asking again with it costs
// a 304 without a body until the class changes.
func TestProgressETag(t *testing.T) {
	e := newEnv(t, classes.Limits{})
	c := e.create("ETag")
	path := e.srv.URL + "/api/classes/" + c.Code + "/progress"
	get := func(etag string) (*http.Response, []byte) {
		req, _ := http.NewRequest("GET", path, nil)
		req.Header.Set("Authorization", "Bearer "+c.TeacherKey)
		if etag != "" {
			req.Header.Set("If-None-Match", etag)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var buf bytes.Buffer
		buf.ReadFrom(res.Body)
		return res, buf.Bytes()
	}
	res, body := get("")
	tag := res.Header.Get("ETag")
	if res.StatusCode != 200 || tag == "" || len(body) == 0 {
		t.Fatalf("first read: %d, ETag %q, %d bytes", res.StatusCode, tag, len(body))
	}
	for _, match := range []string{tag, "W/" + tag, `"other", ` + tag} {
		if res, body := get(match); res.StatusCode != http.StatusNotModified || len(body) != 0 {
			t.Errorf("If-None-Match %s: %d with %d bytes, want 304 and none", match, res.StatusCode, len(body))
		}
	}
	if res, _ := get(`"other"`); res.StatusCode != 200 {
		t.Errorf("another tag: %d, want 200", res.StatusCode)
	}
	e.do("POST", "/api/classes/"+c.Code+"/pause", c.TeacherKey, api.PauseClass{Message: "Stop"})
	res, _ = get(tag)
	if res.StatusCode != 200 || res.Header.Get("ETag") == tag {
		t.Errorf("after a pause: %d, ETag %q (was %q)", res.StatusCode, res.Header.Get("ETag"), tag)
	}
	// Without the key, no tag tells anything.
	req, _ := http.NewRequest("GET", path, nil)
	req.Header.Set("If-None-Match", tag)
	if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != http.StatusUnauthorized {
		t.Errorf("without the key: %v %v", res.StatusCode, err)
	}
}
