package community_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/communs-arcade/arcade/levels/leveltest"
	"github.com/communs-arcade/arcade/server/community"
	"github.com/communs-arcade/arcade/server/protocol/api"
)

// FuzzPublish sends any package and clear to the publish handler: every
// answer is a refusal with a known code and a message, or a publish.
func FuzzPublish(f *testing.F) {
	e := newEnv(f, community.Limits{PublishesPerHour: 1 << 30, PublishesPerAddress: 1 << 30})
	a := author(f, "fuzz", 1, "Fuzz", nil)
	f.Add(a.pkg, a.clear)
	f.Add(a.pkg, []byte{})
	for _, h := range leveltest.HostilePackages() {
		if len(h.Data) < 64<<10 {
			f.Add(h.Data, a.clear)
		}
	}
	tok := "Bearer " + base64.RawURLEncoding.EncodeToString(token())
	h := e.handler
	f.Fuzz(func(t *testing.T, pkg, clear []byte) {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		w, _ := mw.CreateFormFile("package", "p.arcade")
		w.Write(pkg)
		w, _ = mw.CreateFormFile("clear", "c.replay")
		w.Write(clear)
		mw.Close()
		req := httptest.NewRequest(http.MethodPost, api.PathLevels, &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Authorization", tok)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code == http.StatusCreated {
			return
		}
		var eb api.ErrorBody
		if err := json.Unmarshal(rec.Body.Bytes(), &eb); err != nil || eb.Error.Code == "" || eb.Error.Message == "" {
			t.Fatalf("answer %d %q", rec.Code, rec.Body.Bytes())
		}
		if rec.Code >= 500 {
			t.Fatalf("server failure on a bad upload: %d %+v", rec.Code, eb.Error)
		}
	})
}
