package classes

import (
	"net/http"
	"strings"

	"rsc.io/qr"

	"github.com/communs-arcade/arcade/server/protocol/api"
	"github.com/communs-arcade/arcade/server/store"
)

// qrScale is the image pixels per QR module: a join URL makes a 29- or
// 33-module code, so about 300 px with its quiet zone, sharp when printed
// 3 cm wide.
const qrScale = 8

// qrCode answers GET /api/classes/{code}/qr.png: a QR code of the class's
// join URL, for the printable join cards. It needs no key (the join URL is
// what the cards show anyway) and does not look the class up, so it tells
// nobody whether a code exists: any code-shaped value gets its image.
func (s *Service) qrCode(w http.ResponseWriter, r *http.Request) {
	code := strings.ToUpper(r.PathValue("code"))
	if !validCode(code) {
		fail(w, http.StatusNotFound, api.CodeNotFound, "a class code is %d characters of %s", store.ClassCodeLen, store.ClassCodeAlphabet)
		return
	}
	c, err := qr.Encode(s.originOf(r)+api.ClassJoinPrefix+code, qr.M)
	if err != nil {
		s.internal(w, "qr", err)
		return
	}
	c.Scale = qrScale
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	// The image of a code never changes (for one origin).
	w.Header().Set("Cache-Control", "public, max-age=86400")
	w.Write(c.PNG())
}

// validCode tells whether code has a class code's shape.
func validCode(code string) bool {
	if len(code) != store.ClassCodeLen {
		return false
	}
	for _, r := range code {
		if !strings.ContainsRune(store.ClassCodeAlphabet, r) {
			return false
		}
	}
	return true
}
